import { createDevicesRepo } from '../repos/devices-repo'
import { createOutboxRepo } from '../repos/outbox-repo'
import { deliverOutbox } from './deliver-outbox.worker'
import { AppFailure } from '../app-error'
import type { DeviceChange } from '@shared/change-schemas'
import { channelMethod, internalMethod, type GraphArgs, type WorkerContext } from '../worker/method'
import { graphFor } from '../worker/graph.worker'
import { dataChanged } from '@shared/data-topics'

const outboxChanged = (ctx: WorkerContext) => ctx.emit('data:changed', dataChanged('outbox', 'devices'))

type OutboxAction = 'retry' | 'discard' | 'keep-mine' | 'take-intune'

function act(ctx: WorkerContext, args: { id: number; action: OutboxAction }) {
  const outbox = createOutboxRepo(ctx.db)
  const done =
    args.action === 'retry' ? outbox.retry(args.id) : args.action === 'discard' ? outbox.discard(args.id) : outbox.resolveConflict(args.id, args.action)
  if (!done) throw new AppFailure('conflict', 'This change cannot do that in its current state; refresh the list.')
  outboxChanged(ctx)
  return { item: outbox.get(args.id) }
}

/**
 * The outbox of technician changes. Queueing, retrying and resolving wake delivery, a main-thread
 * service, so their channels have handlers (outbox/changes-handlers.ts) that call the dotted methods.
 */
export const outboxMethods = {
  ...internalMethod('outbox.queue', { readOnly: false }, (ctx, args: { deviceId: string; change: DeviceChange; correlationId: string }) => {
    const deviceId = args.deviceId.toLowerCase()
    if (!createDevicesRepo(ctx.db).get(deviceId))
      throw new AppFailure('not-found', 'This device is not in the cache. Scan it again or sync, then make the change.')
    const item = createOutboxRepo(ctx.db).queue(deviceId, args.change, args.correlationId)
    outboxChanged(ctx)
    return { item }
  }),
  ...channelMethod('changes:list-changes', { readOnly: true }, (ctx, args) =>
    createOutboxRepo(ctx.db).list(args.deviceId?.toLowerCase() ?? null, args.includeFinished),
  ),
  ...internalMethod('outbox.act', { readOnly: false }, act),
  ...channelMethod('changes:discard-change', { readOnly: false }, (ctx, args) => act(ctx, { id: args.id, action: 'discard' })),
  ...internalMethod('outbox.summary', { readOnly: true }, (ctx, _args: Record<string, never>) => ({
    ...createOutboxRepo(ctx.db).summary(),
    nextAttemptAt: createOutboxRepo(ctx.db).nextAttemptAt(),
  })),
  // Intune answers again: the changes waiting only because it did not answer are due now (outbox-repo.ts).
  ...internalMethod('outbox.bring-forward', { readOnly: false }, (ctx, args: { codes: string[] }) => {
    const moved = createOutboxRepo(ctx.db).bringForwardUnanswered(args.codes)
    if (moved > 0) outboxChanged(ctx)
    return { moved }
  }),
  ...internalMethod(
    'outbox.deliver',
    { readOnly: false, graph: { maxRetries: 1, timeoutMs: 15_000 } },
    async (ctx, args: GraphArgs & { retryBaseMs?: number; maxServerErrors?: number }) => {
      const graph = graphFor(ctx, args)
      const report = await deliverOutbox({
        db: ctx.db,
        graph,
        log: ctx.log,
        correlationId: args.correlationId,
        retryBaseMs: args.retryBaseMs,
        maxServerErrors: args.maxServerErrors,
        onChange: () => outboxChanged(ctx),
      })
      if (report.done + report.failed + report.conflicts + report.rescheduled > 0) outboxChanged(ctx)
      return report
    },
  ),
}
