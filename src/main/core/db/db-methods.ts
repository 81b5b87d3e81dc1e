import type Database from 'better-sqlite3'
import { createDevicesRepo } from '../repos/devices-repo'
import { createPreferencesRepo } from '../repos/preferences-repo'
import { createSyncRunsRepo } from '../repos/sync-runs-repo'
import { createGraphClient } from '../graph/graph-client'
import { runFullSync } from '../sync/full-sync'
import { refreshDevice } from '../sync/refresh-device'
import type { LogSink } from '../logging/log-sink'
import type { ListDevicesResponse, DeviceCursor } from '../../../shared/device-schemas'

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

const graphFor = (ctx: WorkerContext, args: GraphArgs) =>
  createGraphClient({
    baseUrl: args.baseUrl,
    getToken: async () => args.token,
    log: ctx.log,
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
    ...(args.maxRetries !== undefined ? { maxRetries: args.maxRetries } : {}),
  })

export interface SyncArgs extends GraphArgs {
  runId: string
}

/**
 * Every operation the database worker performs. They run in the worker thread, so a long sync or a
 * slow query never blocks the Electron main thread; the core calls them through the DbClient.
 */
export const dbMethods = {
  'devices.list': (ctx: WorkerContext, args: { search: string; limit: number; after: DeviceCursor | null }): ListDevicesResponse =>
    createDevicesRepo(ctx.db).list(args.search, args.limit, args.after),
  'devices.get': (ctx: WorkerContext, args: { id: string }) => createDevicesRepo(ctx.db).get(args.id.toLowerCase()),
  'sync.summary': (ctx: WorkerContext, _args: Record<string, never>) => {
    const runs = createSyncRunsRepo(ctx.db)
    return { lastComplete: runs.lastComplete(), latest: runs.latest(), deviceCount: createDevicesRepo(ctx.db).count() }
  },
  'devices.find-by-serial': (ctx: WorkerContext, args: { serialNumber: string }) => createDevicesRepo(ctx.db).findBySerial(args.serialNumber),
  'devices.refresh': async (ctx: WorkerContext, args: GraphArgs & { id: string }) => {
    // A technician is waiting at the bench: one quick retry, then the cached row with the reason.
    const result = await refreshDevice(ctx.db, graphFor(ctx, { maxRetries: 1, timeoutMs: 10_000, ...args }), args.id, args.correlationId)
    ctx.emit('db:changed', { tables: ['devices'] })
    return result
  },
  'sync.run': async (ctx: WorkerContext, args: SyncArgs) => {
    const graph = graphFor(ctx, args)
    const result = await runFullSync({
      db: ctx.db, graph, log: ctx.log, runId: args.runId, correlationId: args.correlationId,
      onProgress: (progress) => ctx.emit('sync:progress', progress),
    })
    ctx.emit('db:changed', { tables: ['devices', 'sync_runs'] })
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
} as const

/**
 * Methods that only read. Every other method first commits a sync's open bulk transaction, so a
 * technician's change is durable on its own and never depends on the sync finishing.
 */
export const readOnlyMethods: ReadonlySet<string> = new Set<DbMethodName>([
  'devices.list', 'devices.get', 'devices.find-by-serial', 'sync.summary', 'prefs.get', 'health.check',
])

export type DbMethods = typeof dbMethods
export type DbMethodName = keyof DbMethods
export type DbArgs<M extends DbMethodName> = Parameters<DbMethods[M]>[1]
export type DbResult<M extends DbMethodName> = Awaited<ReturnType<DbMethods[M]>>
