import type Database from 'better-sqlite3'
import { createDevicesRepo } from '../repos/devices-repo'
import { createPreferencesRepo } from '../repos/preferences-repo'
import { createSyncRunsRepo } from '../repos/sync-runs-repo'
import { createGraphClient } from '../graph/graph-client'
import { runFullSync } from '../sync/full-sync.worker'
import { refreshDevice } from '../sync/refresh-device.worker'
import { createOutboxRepo } from '../repos/outbox-repo'
import { deliverOutbox } from '../outbox/deliver-outbox.worker'
import { searchUsers } from '../sync/search-users-online.worker'
import { autopilotSyncState, runOnlineAction } from '../intune/online-actions.worker'
import type { OnlineAction } from '@shared/action-schemas'
import { AppFailure } from '../app-error'
import type { DeviceChange } from '@shared/change-schemas'
import type { DeviceSummary } from '@shared/device-schemas'
import type { LogSink } from '../logging/log-sink'
import type { ListDevicesResponse, DeviceCursor } from '@shared/device-schemas'
import { benchMethods, benchReadOnlyMethods, confirmEnrollments } from '../bench/bench.worker'
import { commitOpenBulkWrite } from '../sync/bulk-writer'
import { cardMethods, cardReadOnlyMethods } from '../card/card.worker'
import { diagnosticsMethods, diagnosticsReadOnlyMethods } from '../diagnostics/diagnostics.worker'

/** What a worker-side method gets besides its arguments. */
export interface WorkerContext {
  db: Database.Database
  log: LogSink
  emit: (name: string, payload: unknown) => void
  /** Test hooks (crashing on purpose) are only reachable when the test harness asked for them. */
  allowTestHooks: boolean
}

/** Where and how the worker reaches Graph for one call; the token is held only for that call. */
export interface GraphArgs {
  baseUrl: string
  token: string
  correlationId: string
  timeoutMs?: number
  maxRetries?: number
}

const definedOnly = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

/** A Graph client for one call: the caller's settings win over the method's defaults. */
const graphFor = (ctx: WorkerContext, given: GraphArgs, defaults: Partial<GraphArgs> = {}) => {
  const args = { ...defaults, ...definedOnly(given) }
  return createGraphClient({
    baseUrl: args.baseUrl,
    getToken: async () => args.token,
    log: ctx.log,
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
    ...(args.maxRetries !== undefined ? { maxRetries: args.maxRetries } : {}),
  })
}

/** Users and groups live under Graph v1.0; the tenant's base is the beta root (docs/reference/graph-contract.md B0). */
const v1Root = (betaRoot: string) => betaRoot.replace(/\/beta\/?$/i, '/v1.0')

export interface SyncArgs extends GraphArgs {
  runId: string
}

/**
 * Every operation the database worker performs. They run in the worker thread, so a long sync or a
 * slow query never blocks the Electron main thread; the core calls them through the DbClient.
 */
/** Adds each device's unsent values, so every list and card can mark them pending. */
function withPending<T extends DeviceSummary>(ctx: WorkerContext, devices: T[]): T[] {
  const pending = createOutboxRepo(ctx.db).pendingValues(devices.map((d) => d.id))
  return devices.map((d) => ({ ...d, pending: pending.get(d.id) ?? [] }))
}

const outboxChanged = (ctx: WorkerContext) => ctx.emit('db:changed', { tables: ['outbox', 'devices'] })

export const dbMethods = {
  'devices.list': (ctx: WorkerContext, args: { search: string; limit: number; after: DeviceCursor | null; position: number | null }): ListDevicesResponse => {
    const page = createDevicesRepo(ctx.db).list(args.search, args.limit, args.after, args.position)
    return { ...page, items: withPending(ctx, page.items) }
  },
  'devices.get': (ctx: WorkerContext, args: { id: string }) => {
    const device = createDevicesRepo(ctx.db).get(args.id.toLowerCase())
    return device ? withPending(ctx, [device])[0]! : null
  },
  'sync.summary': (ctx: WorkerContext, _args: Record<string, never>) => {
    const runs = createSyncRunsRepo(ctx.db)
    return { lastComplete: runs.lastComplete(), latest: runs.latest(), deviceCount: createDevicesRepo(ctx.db).count() }
  },
  'devices.find-by-serial': (ctx: WorkerContext, args: { serialNumber: string }) =>
    withPending(ctx, createDevicesRepo(ctx.db).findBySerial(args.serialNumber)),
  'devices.refresh': async (ctx: WorkerContext, args: GraphArgs & { id: string }) => {
    // A technician is waiting at the bench: one quick retry, then the cached row with the reason.
    const result = await refreshDevice(ctx.db, graphFor(ctx, args, { maxRetries: 1, timeoutMs: 10_000 }), args.id, args.correlationId)
    ctx.emit('db:changed', { tables: ['devices'] })
    confirmEnrollments(ctx) // an enrollment the refresh just saw confirms the technician's declared success
    return { ...result, device: result.device ? withPending(ctx, [result.device])[0]! : null }
  },
  'users.search': async (ctx: WorkerContext, args: GraphArgs & { query: string; limit: number }) => {
    const v1 = { ...args, baseUrl: v1Root(args.baseUrl) }
    const result = await searchUsers(ctx.db, graphFor(ctx, v1, { maxRetries: 1, timeoutMs: 10_000 }), args.query, args.limit, args.correlationId)
    if (result.source === 'online') ctx.emit('db:changed', { tables: ['users'] })
    return result
  },
  'intune.action': async (ctx: WorkerContext, args: GraphArgs & { action: OnlineAction; deviceId: string | null }) => {
    // A technician is waiting and these are never safe to repeat blindly: no automatic retries.
    const beta = graphFor(ctx, args, { maxRetries: 0, timeoutMs: 15_000 })
    const v1 = graphFor(ctx, { ...args, baseUrl: v1Root(args.baseUrl) }, { maxRetries: 0, timeoutMs: 15_000 })
    const result = await runOnlineAction({ db: ctx.db, beta, v1, ctx: { correlationId: args.correlationId } }, args.action, args.deviceId?.toLowerCase() ?? null)
    ctx.emit('db:changed', { tables: ['devices', 'tenant_settings'] })
    return result
  },
  'intune.sync-state': (ctx: WorkerContext, _args: Record<string, never>) => autopilotSyncState(ctx.db),
  'outbox.queue': (ctx: WorkerContext, args: { deviceId: string; change: DeviceChange; correlationId: string }) => {
    const deviceId = args.deviceId.toLowerCase()
    if (!createDevicesRepo(ctx.db).get(deviceId)) throw new AppFailure('not-found', 'This device is not in the cache. Scan it again or sync, then make the change.')
    const item = createOutboxRepo(ctx.db).queue(deviceId, args.change, args.correlationId)
    outboxChanged(ctx)
    return { item }
  },
  'outbox.list': (ctx: WorkerContext, args: { deviceId: string | null; includeFinished: boolean }) =>
    createOutboxRepo(ctx.db).list(args.deviceId?.toLowerCase() ?? null, args.includeFinished),
  'outbox.act': (ctx: WorkerContext, args: { id: number; action: 'retry' | 'discard' | 'keep-mine' | 'take-intune' }) => {
    const outbox = createOutboxRepo(ctx.db)
    const done = args.action === 'retry' ? outbox.retry(args.id) : args.action === 'discard' ? outbox.discard(args.id) : outbox.resolveConflict(args.id, args.action)
    if (!done) throw new AppFailure('conflict', 'This change cannot do that in its current state; refresh the list.')
    outboxChanged(ctx)
    return { item: outbox.get(args.id) }
  },
  'outbox.summary': (ctx: WorkerContext, _args: Record<string, never>) => ({ ...createOutboxRepo(ctx.db).summary(), nextAttemptAt: createOutboxRepo(ctx.db).nextAttemptAt() }),
  'outbox.deliver': async (ctx: WorkerContext, args: GraphArgs & { retryBaseMs?: number }) => {
    const graph = graphFor(ctx, args, { maxRetries: 1, timeoutMs: 15_000 })
    const report = await deliverOutbox({ db: ctx.db, graph, log: ctx.log, correlationId: args.correlationId, retryBaseMs: args.retryBaseMs })
    if (report.done + report.failed + report.conflicts + report.rescheduled > 0) outboxChanged(ctx)
    return report
  },
  'sync.run': async (ctx: WorkerContext, args: SyncArgs) => {
    const graph = graphFor(ctx, args)
    const graphV1 = graphFor(ctx, { ...args, baseUrl: v1Root(args.baseUrl) })
    const result = await runFullSync({
      db: ctx.db, graph, graphV1, log: ctx.log, runId: args.runId, correlationId: args.correlationId,
      onProgress: (progress) => ctx.emit('sync:progress', progress),
    })
    ctx.emit('db:changed', { tables: ['devices', 'sync_runs', 'profiles'] })
    // A device that enrolled since its declared success shows it now: confirm those attempts.
    commitOpenBulkWrite(ctx.db)
    confirmEnrollments(ctx)
    return result
  },
  'prefs.get': (ctx: WorkerContext, args: { key: string }) => createPreferencesRepo(ctx.db).get(args.key),
  'prefs.set': (ctx: WorkerContext, args: { key: string; value: unknown }) => {
    createPreferencesRepo(ctx.db).set(args.key, args.value)
    ctx.emit('db:changed', { tables: ['preferences'] })
    return {}
  },
  'health.check': (ctx: WorkerContext, _args: Record<string, never>) => ({ ok: ctx.db.open }),
  'test.crash': (ctx: WorkerContext, _args: Record<string, never>): never => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    process.exit(70)
  },
  'test.hang': (ctx: WorkerContext, _args: Record<string, never>): Promise<never> => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    return new Promise<never>(() => undefined)
  },
  ...benchMethods,
  ...cardMethods,
  ...diagnosticsMethods,
} as const

/**
 * Methods that only read. Every other method first commits a sync's open bulk transaction, so a
 * technician's change is durable on its own and never depends on the sync finishing.
 */
export const readOnlyMethods: ReadonlySet<string> = new Set<DbMethodName>([
  'devices.list', 'devices.get', 'devices.find-by-serial', 'sync.summary', 'prefs.get', 'health.check', 'outbox.list', 'outbox.summary', 'intune.sync-state',
  ...(benchReadOnlyMethods as DbMethodName[]), ...(cardReadOnlyMethods as DbMethodName[]), ...(diagnosticsReadOnlyMethods as DbMethodName[]),
])

export type DbMethods = typeof dbMethods
export type DbMethodName = keyof DbMethods
export type DbArgs<M extends DbMethodName> = Parameters<DbMethods[M]>[1]
export type DbResult<M extends DbMethodName> = Awaited<ReturnType<DbMethods[M]>>
