import { createDevicesRepo } from '../repos/devices-repo'
import { createSyncRunsRepo } from '../repos/sync-runs-repo'
import { runFullSync } from './full-sync.worker'
import { commitOpenBulkWrite } from './bulk-writer'
import { confirmEnrollments } from '../bench/bench.worker'
import { internalMethod, type GraphArgs } from '../worker/method'
import { graphFor, v1Root } from '../worker/graph.worker'
import { dataChanged } from '@shared/data-topics'
import { appNamesFor } from './sync-app-catalogue.worker'

/** Each running full sync's abort switch, by run id; `sync.cancel` flips it (the worker handles messages while a sync awaits Graph). */
const runningSyncs = new Map<string, AbortController>()
/** Runs told (`sync.intune-unreachable`) that another call of the app found Intune unreachable while they ran. */
const unreachableSeen = new Set<string>()
/** What each running sync does when told so: its progress says at once that the try now waiting is the last. */
const unreachableListeners = new Map<string, () => void>()

/** The full sync and its summary; the sync service (main thread) starts runs and reports status. */
export const syncMethods = {
  /** Names for app GUIDs from the cached app catalogue (the diagnostics review; offline). */
  ...internalMethod('apps.names', { readOnly: true }, (ctx, args: { ids: string[] }) => appNamesFor(ctx.db, args.ids.slice(0, 5000))),
  ...internalMethod('sync.summary', { readOnly: true }, (ctx, _args: Record<string, never>) => {
    const runs = createSyncRunsRepo(ctx.db)
    return { lastComplete: runs.lastComplete(), latest: runs.latest(), deviceCount: createDevicesRepo(ctx.db).count() }
  }),
  /** Stops a running sync between pages (its Graph calls get the same signal); readOnly: it must not commit the sync's open batch itself. */
  ...internalMethod('sync.cancel', { readOnly: true }, (_ctx, args: { runId?: string }) => {
    let cancelled = false
    for (const [runId, controller] of runningSyncs) {
      if (args.runId !== undefined && args.runId !== runId) continue
      controller.abort()
      cancelled = true
    }
    return { cancelled }
  }),
  /**
   * Another call of the app (the card's lookups, a scan's refresh, the outbox, a user search) found Intune
   * unreachable while this sync runs (the core's connectivity turned Offline): a try of the sync that gets
   * no answer is then its last (graph-client `unreachableElsewhere` and `noAnswerEndsTry`; docs/reliability.md).
   */
  ...internalMethod('sync.intune-unreachable', { readOnly: true }, (_ctx, args: { runId: string }) => {
    if (runningSyncs.has(args.runId) && !unreachableSeen.has(args.runId)) {
      unreachableSeen.add(args.runId)
      unreachableListeners.get(args.runId)?.()
    }
    return { noted: runningSyncs.has(args.runId) }
  }),
  ...internalMethod('sync.run', { readOnly: false, graph: {} }, async (ctx, args: GraphArgs & { runId: string }) => {
    const intuneUnreachable = () => unreachableSeen.has(args.runId)
    // Each client also counts the other's requests still waiting for an answer: a device page that timed out
    // while a group read waits too is not tried again (graph-client.ts, above isNoAnswer, says why).
    const graph = graphFor(ctx, args, {}, { unreachableElsewhere: () => intuneUnreachable() || graphV1.silentRequests() > 0 })
    const graphV1 = graphFor(
      ctx,
      { ...args, baseUrl: v1Root(args.baseUrl) },
      {},
      { unreachableElsewhere: () => intuneUnreachable() || graph.silentRequests() > 0 },
    )
    const controller = new AbortController()
    runningSyncs.set(args.runId, controller)
    try {
      const result = await runFullSync({
        db: ctx.db,
        graph,
        graphV1,
        log: ctx.log,
        runId: args.runId,
        correlationId: args.correlationId,
        onProgress: (progress) => ctx.emit('sync:progress', progress),
        onDevicesWritten: () => ctx.emit('data:changed', dataChanged('devices')),
        signal: controller.signal,
        onIntuneUnreachable: (listener) => unreachableListeners.set(args.runId, listener),
      })
      // A device that enrolled since its declared success shows it now: confirm those attempts.
      commitOpenBulkWrite(ctx.db)
      confirmEnrollments(ctx)
      return result
    } finally {
      runningSyncs.delete(args.runId)
      unreachableSeen.delete(args.runId)
      unreachableListeners.delete(args.runId)
      // A failed or cancelled pass keeps every device it saved: the lists must show them either way,
      // even when that last commit fails too (a full disk).
      try {
        commitOpenBulkWrite(ctx.db)
      } finally {
        ctx.emit('data:changed', dataChanged('devices', 'sync', 'profiles'))
      }
    }
  }),
}
