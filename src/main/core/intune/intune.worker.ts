import type { OnlineAction } from '@shared/action-schemas'
import { autopilotSyncState, runOnlineAction } from './online-actions.worker'
import { channelMethod, internalMethod, type GraphArgs } from '../worker/method'
import { graphFor, v1Root } from '../worker/graph.worker'
import { dataChanged } from '@shared/data-topics'

/** Online-only Intune actions (the card's handler calls `intune.action`: it tracks connectivity) and the 10-minute rule. */
export const intuneMethods = {
  // A technician is waiting and these are never safe to repeat blindly: no automatic retries.
  ...internalMethod(
    'intune.action',
    { readOnly: false, graph: { maxRetries: 0, timeoutMs: 15_000 } },
    async (ctx, args: GraphArgs & { action: OnlineAction; deviceId: string | null }) => {
      const beta = graphFor(ctx, args)
      const v1 = graphFor(ctx, { ...args, baseUrl: v1Root(args.baseUrl) })
      const result = await runOnlineAction(
        { db: ctx.db, beta, v1, ctx: { correlationId: args.correlationId } },
        args.action,
        args.deviceId?.toLowerCase() ?? null,
      )
      ctx.emit('data:changed', dataChanged('devices', 'tenant'))
      return result
    },
  ),
  ...channelMethod('autopilot:get-sync-state', { readOnly: true }, (ctx) => autopilotSyncState(ctx.db)),
}
