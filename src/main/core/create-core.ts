import { dirname, join } from 'node:path'
import { INTUNE_UNREACHABLE } from './intune-unreachable'
import { acquireDataDirLock } from './db/data-dir-lock'
import { openDbClient } from './worker/db-client'
import { bundledWorkerPath } from './worker/bundled-worker-path'
import { createEventBus } from './event-bus'
import { createFileLogger, type FileLogger } from './logging/file-logger'
import { findAppRoot } from './logging/scrub'
import { checkPrivateDataDir, type PrivacyCheck } from './private-files'
import { createSyncService } from './sync/sync-service'
import { createOutboxService } from './outbox/outbox-service'
import { createRegistrationService } from './registration/registration-service'
import { createOnlineChecks } from './card/online-checks'
import type { RegistrationTiming } from './registration/upload-step.worker'
import { tenantDbFileName, type Tenant } from './tenant'
import type { IdentityService } from './identity/identity-service'
import { syncProgressSchema } from '@shared/sync-schemas'
import { isEventName, events } from '@shared/channels'
import { dataChanged } from '@shared/data-topics'
import { cacheCheckNotice, recoveryNotice, requestDamageNotice, type DatabaseNotice } from './database-notice'
import type { CacheCheckResult } from './db/cache-check'

/**
 * Sync endings that mean Intune itself was not reached: no answer, a captive portal or proxy page
 * instead of Graph, or an answer that stalled halfway. The status bar then says Offline.
 */
const intuneUnreachable = INTUNE_UNREACHABLE

export interface CoreOptions {
  dataDir: string
  tenant: Tenant
  /** Path of the bundled database worker (out/main/db-worker.js, out/web/db-worker.cjs, or a test build). */
  workerPath: string
  /** Path of the bundled cache-check worker; by default beside the database worker (tests replace it to hold the check back). */
  cacheCheckWorkerPath?: string
  /** Path of the bundled archive worker; by default `archive-worker` beside the database worker, same extension. */
  archiveWorkerPath?: string
  appVersion: string
  /** The app's folder, cut out of logged stacks and exported bundles; default: the package folder above the worker (or the working directory). */
  appRoot?: string
  transport: 'ipc' | 'http'
  timeZone?: string
  allowTestHooks?: boolean
  logger?: FileLogger
  /** Per-request Graph timeout (default: each operation's own). */
  graphTimeoutMs?: number
  /** First outbox retry delay (default 2 s, doubling). Tests shorten it. */
  outboxRetryBaseMs?: number
  /** Tries a change may end in a server error before it waits for the technician (default 8). Tests lower it. */
  outboxMaxServerErrors?: number
  /** Longest pause between outbox delivery runs while changes wait (default 15 s). */
  outboxMaxIdleMs?: number
  /** Polls and timeouts of the hardware-hash upload (tests shorten them; docs/registration.md). */
  registrationTiming?: Partial<RegistrationTiming>
  /** The data folder's permission check (default checkPrivateDataDir); tests simulate a folder they do not own. */
  checkDataDir?: (dataDir: string) => PrivacyCheck
  /** Customer tenants and sign-in (Electron and browser mode); absent in the headless tools, which serve one tenant. */
  identity?: IdentityService | null
}

/**
 * Makes the data folder private, or says why it is not: one log line either way something was
 * wrong, and a short warning for app info when group/world access could not be removed.
 */
function securePrivateDataDir(dataDir: string, log: FileLogger, check: (dataDir: string) => PrivacyCheck): string | null {
  const { tightened, failed } = check(dataDir)
  if (tightened.length > 0) log.log('warn', 'data folder was readable by other users; made it private (0700 folder, 0600 files)', { paths: tightened })
  if (failed.length === 0) return null
  log.log('warn', 'data folder is readable by other users and could not be made private', {
    paths: failed.map((f) => f.path),
    reasons: [...new Set(failed.map((f) => f.reason))],
  })
  return 'Other users of this computer may be able to read the data folder (the app could not change its permissions). Ask IT to make it private to your account.'
}

/**
 * Builds everything the handlers need, with no Electron in sight: data-folder lock, log, database
 * worker, event bus and services. The Electron shell and the web server both call this.
 */
export async function createCore(options: CoreOptions) {
  const lock = acquireDataDirLock(options.dataDir)
  const appRoot = options.appRoot ?? findAppRoot([dirname(options.workerPath), process.cwd()])
  // Every line this core writes names its tenant: the log file is shared by all tenants (diagnostics bundles filter on it).
  const log = (options.logger ?? createFileLogger(options.dataDir, { appRoot })).forTenant(options.tenant.id)
  const dataDirWarning = securePrivateDataDir(options.dataDir, log, options.checkDataDir ?? checkPrivateDataDir)
  const bus = createEventBus()
  let sync: ReturnType<typeof createSyncService> | null = null
  /** What the technician is told about the database on this PC (app info); the check after start may set it. */
  const database = { notice: null as DatabaseNotice | null, cacheCheck: null as CacheCheckResult | null }
  const onCacheCheck = (result: CacheCheckResult) => {
    database.cacheCheck = result
    const fields = { ms: result.ms, problems: result.problems, damaged: result.damaged }
    if (result.outcome === 'ok') return log.log('info', 'device cache checked after start: ok', { ms: result.ms })
    if (result.outcome === 'not-checked')
      return log.log('warn', 'device cache could not be checked after start; the next start checks the whole database', fields)
    log.log('error', 'device cache damaged (found after start); the next start checks the whole database and rebuilds the cache', fields)
    database.notice = cacheCheckNotice(result)
    bus.emit('data:changed', dataChanged('database'))
  }
  /** A request met a damaged page first (db/damage-found.ts): the same notice, pushed the same way; the check's own, fuller one wins. */
  const onDamage = (problem: string) => {
    log.log('error', 'database damage met by a request; the next start checks the whole database and rebuilds the cache', { problem })
    if (database.notice?.kind === 'damaged') return
    database.notice = requestDamageNotice
    bus.emit('data:changed', dataChanged('database'))
  }
  try {
    // A signed-out or offline customer tenant still opens: its cache stays readable without a token.
    const firstToken = await options.tenant.getToken().catch((error: unknown) => {
      if (!options.identity || options.tenant.kind === 'embedded-mock') throw error
      return null
    })
    if (firstToken) log.addSecret(firstToken)
    const db = await openDbClient({
      workerPath: options.workerPath,
      dbFile: join(options.dataDir, tenantDbFileName(options.tenant.id)),
      uncleanExit: lock.previousRunWasUnclean,
      allowTestHooks: options.allowTestHooks === true,
      log,
      onCacheCheck,
      onDamage,
      ...(options.cacheCheckWorkerPath ? { cacheCheckWorkerPath: options.cacheCheckWorkerPath } : {}),
      ...(options.tenant.refreshToken
        ? {
            refreshToken: async () => {
              const token = await options.tenant.refreshToken!()
              log.addSecret(token)
              return token
            },
          }
        : {}),
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
      return {
        baseUrl: options.tenant.graphBaseUrl,
        token,
        correlationId,
        timeoutMs: options.graphTimeoutMs,
        refreshable: Boolean(options.tenant.refreshToken),
      }
    }
    /** Whether Intune answered the last time we asked; null until we have asked. */
    const connectivity = { online: null as boolean | null, since: new Date().toISOString() }
    const setOnline = (online: boolean) => {
      if (connectivity.online === online) return
      connectivity.online = online
      connectivity.since = new Date().toISOString()
      bus.emit('data:changed', { topics: ['connectivity'] })
      if (online === false) sync?.noteIntuneUnreachable()
      // Intune answers (again, or for the first time since the start): a change that waits out a back-off
      // only because Intune did not answer or could not be reached is tried now, not at its old time (a walk:
      // after a restart without the fault, a user change waited ~5 minutes for "Trying again at 12:02 AM").
      else void bringForwardUnanswered()
    }
    const bringForwardUnanswered = async () => {
      const result = await db.call('outbox.bring-forward', { codes: [...intuneUnreachable] }).catch(() => null)
      if (result && result.moved > 0) void outbox.kick()
    }
    const outbox = createOutboxService({
      db,
      log,
      onConnectivity: setOnline,
      maxIdleMs: options.outboxMaxIdleMs,
      graphArgs: async (correlationId) => ({
        ...(await graphArgs(correlationId)),
        retryBaseMs: options.outboxRetryBaseMs,
        maxServerErrors: options.outboxMaxServerErrors,
      }),
    })
    sync = createSyncService({
      db,
      graphArgs,
      onFinished: (error) => {
        // A cancelled run says nothing about the network.
        if (error?.code === 'cancelled') return
        const reached = !error || !intuneUnreachable.has(error.code)
        setOnline(reached)
        // Fresh data and (maybe) a network that is back: deliver what waits in the outbox.
        if (reached) void outbox.kick()
      },
      connectivity: () => connectivity,
    })
    database.notice ??= recoveryNotice(db.report)
    void outbox.kick()
    // An upload confirmed before a restart resumes (docs/registration.md › Upload).
    const registration = createRegistrationService({ db, graphArgs, log, timing: options.registrationTiming })
    void registration.kick()
    // The device card's Entra and licence lookups, beside the card (card/online-checks.ts); a scan's refresh starts them too.
    const onlineChecks = createOnlineChecks({
      online: () => connectivity.online,
      setOnline,
      graphArgs,
      verify: (args) => db.call('card.verify-online', args),
      emit: (change) => bus.emit('data:changed', change),
    })
    log.log('info', 'core started', {
      dataDir: options.dataDir,
      tenant: options.tenant.id,
      transport: options.transport,
      uncleanExit: lock.previousRunWasUnclean,
      db: db.report,
    })
    const core = {
      dataDir: options.dataDir,
      /** Set when the data folder is group/world-accessible and could not be tightened (shown in app info). */
      dataDirWarning,
      appRoot,
      archiveWorkerPath: options.archiveWorkerPath ?? bundledWorkerPath(options.workerPath, 'archive-worker'),
      appVersion: options.appVersion,
      transport: options.transport,
      timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      tenant: options.tenant,
      identity: options.identity ?? null,
      log,
      bus,
      db,
      sync,
      graphArgs,
      outbox,
      registration,
      onlineChecks,
      connectivity,
      setOnline,
      openReport: db.report,
      /** The notice for the technician and the last device-cache check after start (create-core's onCacheCheck). */
      database,
      /** Closes cleanly: waits for a running sync to stop writing, closes SQLite, releases the lock. */
      async close() {
        outbox.stop()
        registration.stop()
        await db.close()
        // A delivery cut off by the close ends (and logs) before close returns, not after the data folder is gone.
        await outbox.idle().catch(() => undefined)
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
