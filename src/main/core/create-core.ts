import { dirname, extname, join } from 'node:path'
import { acquireDataDirLock } from './db/data-dir-lock'
import { openDbClient } from './worker/db-client'
import { createEventBus } from './event-bus'
import { createFileLogger, type FileLogger } from './logging/file-logger'
import { createSyncService } from './sync/sync-service'
import { createOutboxService } from './outbox/outbox-service'
import { tenantDbFileName, type Tenant } from './tenant'
import { syncProgressSchema } from '@shared/sync-schemas'
import { isEventName, events } from '@shared/channels'

export interface CoreOptions {
  dataDir: string
  tenant: Tenant
  /** Path of the bundled database worker (out/main/db-worker.js, out/web/db-worker.cjs, or a test build). */
  workerPath: string
  /** Path of the bundled archive worker; by default `archive-worker` beside the database worker, same extension. */
  archiveWorkerPath?: string
  appVersion: string
  transport: 'ipc' | 'http'
  timeZone?: string
  allowTestHooks?: boolean
  logger?: FileLogger
  /** Per-request Graph timeout (default: each operation's own). */
  graphTimeoutMs?: number
  /** First outbox retry delay (default 2 s, doubling). Tests shorten it. */
  outboxRetryBaseMs?: number
  /** Longest pause between outbox delivery runs while changes wait (default 15 s). */
  outboxMaxIdleMs?: number
}

/**
 * Builds everything the handlers need, with no Electron in sight: data-folder lock, log, database
 * worker, event bus and services. The Electron shell and the web server both call this.
 */
export async function createCore(options: CoreOptions) {
  const lock = acquireDataDirLock(options.dataDir)
  const log = options.logger ?? createFileLogger(options.dataDir)
  const bus = createEventBus()
  let sync: ReturnType<typeof createSyncService> | null = null
  try {
    log.addSecret(await options.tenant.getToken())
    const db = await openDbClient({
      workerPath: options.workerPath,
      dbFile: join(options.dataDir, tenantDbFileName(options.tenant.id)),
      uncleanExit: lock.previousRunWasUnclean,
      allowTestHooks: options.allowTestHooks === true,
      log,
      onEvent: (name, payload) => {
        if (!isEventName(name)) return
        const parsed = events[name].safeParse(payload)
        if (!parsed.success) return log.log('error', 'worker sent a malformed event', { name })
        if (name === 'sync:progress') sync?.onProgress(syncProgressSchema.parse(payload))
        bus.emit(name, parsed.data)
      },
    })
    /** What the worker needs to call Graph for one user action; every token is registered for log scrubbing first. */
    const graphArgs = async (correlationId: string) => {
      const token = await options.tenant.getToken()
      log.addSecret(token)
      return { baseUrl: options.tenant.graphBaseUrl, token, correlationId, timeoutMs: options.graphTimeoutMs }
    }
    /** Whether Intune answered the last time we asked; null until we have asked. */
    const connectivity = { online: null as boolean | null, since: new Date().toISOString() }
    const setOnline = (online: boolean) => {
      if (connectivity.online === online) return
      connectivity.online = online
      connectivity.since = new Date().toISOString()
      bus.emit('data:changed', { topics: ['connectivity'] })
    }
    const outbox = createOutboxService({
      db, log, onConnectivity: setOnline, maxIdleMs: options.outboxMaxIdleMs,
      graphArgs: async (correlationId) => ({ ...(await graphArgs(correlationId)), retryBaseMs: options.outboxRetryBaseMs }),
    })
    sync = createSyncService({
      db, graphArgs,
      onFinished: (error) => {
        // A cancelled run says nothing about the network.
        if (error?.code !== 'cancelled') setOnline(error?.code !== 'offline')
        // Fresh data and (maybe) a network that is back: deliver what waits in the outbox.
        if (!error || error.code !== 'offline') void outbox.kick()
      },
      connectivity: () => connectivity,
    })
    void outbox.kick()
    log.log('info', 'core started', {
      dataDir: options.dataDir, tenant: options.tenant.id, transport: options.transport,
      uncleanExit: lock.previousRunWasUnclean, db: db.report,
    })
    const core = {
      dataDir: options.dataDir,
      archiveWorkerPath: options.archiveWorkerPath ?? join(dirname(options.workerPath), `archive-worker${extname(options.workerPath)}`),
      appVersion: options.appVersion,
      transport: options.transport,
      timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      tenant: options.tenant,
      log,
      bus,
      db,
      sync,
      graphArgs,
      outbox,
      connectivity,
      setOnline,
      openReport: db.report,
      /** Closes cleanly: waits for a running sync to stop writing, closes SQLite, releases the lock. */
      async close() {
        outbox.stop()
        await db.close()
        await options.tenant.close()
        lock.release()
        log.log('info', 'core closed')
      },
    }
    return core
  } catch (error) {
    lock.release()
    throw error
  }
}

export type Core = Awaited<ReturnType<typeof createCore>>
