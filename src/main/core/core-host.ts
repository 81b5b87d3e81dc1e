import { randomUUID } from 'node:crypto'
import { dirname } from 'node:path'
import type { Cloud } from '@shared/domain/clouds'
import { channelNames } from '@shared/channels'
import { dataTopics } from '@shared/data-topics'
import { createCore, type Core, type CoreOptions } from './create-core'
import { createEventBus } from './event-bus'
import { createHandlers, type Handlers } from './handlers'
import { createFileLogger, type FileLogger } from './logging/file-logger'
import { findAppRoot } from './logging/scrub'
import { createIdentityService } from './identity/identity-service'
import { DEMO_TENANT_ID } from './identity/tenant-registry'
import type { SecretBox } from './identity/token-cache'
import type { Tenant } from './tenant'
import { explainGraphFailure } from './identity/explain-graph-failure'
import type { SyncStatus } from '@shared/sync-schemas'
import { AppFailure } from './app-error'

export interface CoreHostOptions extends Omit<CoreOptions, 'tenant' | 'identity' | 'logger'> {
  /** The embedded demo tenant: always there, the default, no sign-in. Started once and kept across switches. */
  demoTenant: Tenant
  box: SecretBox | null
  openSystemBrowser?: (url: string) => Promise<void>
  extraClouds?: readonly Cloud[]
  extraCaPem?: string | null
  /** Start a sync after opening a tenant (the app does; tests may not). */
  syncOnOpen?: boolean
}

/**
 * One core per active tenant (one database per tenant: tenant.ts), behind handlers and an event bus
 * that stay the same across switches, so the transports (IPC, HTTP) never notice. Switching closes
 * the active tenant's core — a running sync stops writing first — and opens the other's; requests
 * that arrive meanwhile wait for it.
 */
export async function startCoreHost(options: CoreHostOptions) {
  const appRoot = options.appRoot ?? findAppRoot([dirname(options.workerPath), process.cwd()])
  // App-wide lines (sign-ins, tenant switches: they name any tenant) carry no tenant and never go into a bundle;
  // each core tags its own lines (create-core.ts), and `log` below tags a request's lines with the tenant that served it.
  const appLog = createFileLogger(options.dataDir, { appRoot })
  const bus = createEventBus()
  // The demo tenant's server outlives its cores; it closes with the host.
  const demo: Tenant = { ...options.demoTenant, close: async () => undefined }
  let current: { core: Core; handlers: Handlers; unsubscribe: () => void } | null = null
  let switching: Promise<void> | null = null

  const identity = createIdentityService({
    dataDir: options.dataDir,
    log: appLog,
    box: options.box,
    openSystemBrowser: options.openSystemBrowser,
    extraClouds: options.extraClouds,
    extraCaPem: options.extraCaPem,
    emitProgress: (progress) => bus.emit('identity:sign-in', progress),
    onChanged: () => bus.emit('data:changed', { topics: ['identity'] }),
    activate: (tenantId) => switchTo(tenantId),
    // Changes queued while the active tenant was not signed in wait for this (no retry timer meanwhile).
    onSignedIn: (tenantId) => {
      if (current?.core.tenant.id === tenantId) void current.core.outbox.kick()
    },
  })

  async function open(tenantId: string) {
    const tenant = tenantId === DEMO_TENANT_ID ? demo : identity.tenantFor(tenantId)
    const { demoTenant: _demo, box: _box, openSystemBrowser: _open, extraClouds: _clouds, extraCaPem: _ca, syncOnOpen, ...coreOptions } = options
    const core = await createCore({ ...coreOptions, appRoot, tenant, identity, logger: appLog })
    const unsubscribe = core.bus.subscribe((name, payload) => bus.emit(name, payload as never))
    if (syncOnOpen !== false) void core.sync.start(randomUUID()).catch(() => undefined)
    return { core, handlers: createHandlers(core), unsubscribe }
  }

  async function switchTo(tenantId: string) {
    const run = async () => {
      const previous = current!
      const previousId = previous.core.tenant.id
      previous.unsubscribe()
      await previous.core.close()
      try {
        current = await open(tenantId)
      } catch (error) {
        appLog.log('warn', 'tenant did not open; staying on the previous one', { tenant: tenantId })
        current = await open(previousId)
        throw error
      } finally {
        // Everything a screen shows belongs to the tenant: every store re-reads.
        bus.emit('data:changed', { topics: [...dataTopics] })
      }
    }
    switching = run()
    try {
      await switching
    } finally {
      switching = null
    }
  }

  try {
    current = await open(identity.activeTenantId)
  } catch (error) {
    if (identity.activeTenantId === DEMO_TENANT_ID) throw error
    appLog.log('warn', 'last tenant did not open; the demo tenant is shown', { reason: error instanceof Error ? error.message : String(error) })
    identity.registry.setActive(DEMO_TENANT_ID)
    current = await open(DEMO_TENANT_ID)
  }

  function explainSyncStatus(status: SyncStatus, request: unknown): SyncStatus {
    const error = status.lastError
    if (error?.code !== 'unauthorized') return status
    const explained = explainGraphFailure(new AppFailure('unauthorized', error.message), 'sync:start-sync', request, () => undefined)
    return explained instanceof AppFailure ? { ...status, lastError: { ...error, code: explained.code, message: explained.message } } : status
  }

  /** Stable handlers: each call goes to the active tenant's core, after any switch in progress. */
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async (request: unknown, ctx: unknown) => {
        // The switch request itself runs on the old core and must not wait for itself.
        if (switching && channel !== 'identity:switch-tenant') await switching.catch(() => undefined)
        const { core, handlers } = current!
        const handler = handlers[channel] as (request: unknown, ctx: unknown) => Promise<unknown>
        try {
          const value = await handler(request, ctx)
          // A sync that ended on Graph's 401/403 says the fix too (its status is data, not a thrown error).
          if (channel === 'sync:get-status' && core.tenant.kind === 'graph') return explainSyncStatus(value as SyncStatus, request)
          return value
        } catch (error) {
          // Graph 401/403 of a customer tenant: say the fix (sign in, permission, Intune role), not "session token".
          if (core.tenant.kind !== 'graph') throw error
          throw explainGraphFailure(error, channel, request, (feature) => identity.recordRoleRefusal(core.tenant.id, feature))
        }
      },
    ]),
  ) as Handlers

  /** The transports' log: a request's lines (dispatch) are the active tenant's, as its core's own are. */
  const activeLog = (): FileLogger => current?.core.log ?? appLog
  const log: FileLogger = {
    file: appLog.file,
    addSecret: appLog.addSecret,
    log: (level, msg, fields) => activeLog().log(level, msg, fields),
    withCorrelation: (correlationId) => activeLog().withCorrelation(correlationId),
    forTenant: appLog.forTenant,
    forApp: appLog.forApp,
  }

  let closed: Promise<void> | null = null
  return {
    handlers,
    bus,
    log,
    identity,
    /** The active tenant's core (changes on switch). */
    get core(): Core {
      return current!.core
    },
    close: () =>
      (closed ??= (async () => {
        await switching?.catch(() => undefined)
        current?.unsubscribe()
        await current?.core.close()
        await options.demoTenant.close()
      })()),
  }
}

export type CoreHost = Awaited<ReturnType<typeof startCoreHost>>
