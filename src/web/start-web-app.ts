import { randomBytes, randomUUID } from 'node:crypto'
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { startCoreHost } from '@core/core-host'
import type { Cloud } from '@shared/domain/clouds'
import { embeddedMockTenant, newEmbeddedMockToken, type Tenant } from '@core/tenant'
import { bundledWorkerPath } from '@core/worker/bundled-worker-path'
import { startMockIntuneInWorker } from '@mock-intune/in-worker'
import { demoTenantFaults, logDemoStateSetAside, startDemoTenantWithState, type DemoStateSetAside } from '@core/demo-tenant-state'
import { startHttpTransport } from './http-transport'

export interface StartWebAppOptions {
  dataDir: string
  port: number
  staticDir: string
  workerPath: string
  appVersion: string
  /** Tests pass their own tenant (e.g. a mock with a fixed seed or faults); the default is the embedded demo tenant. */
  tenant?: Tenant
  token?: string
  allowTestHooks?: boolean
  /** A test authority (the mock's Entra provider) offered besides the global cloud, and the CA it needs. */
  testCloud?: Cloud | null
  extraCaPem?: string | null
}

/**
 * Browser mode: the same core and handlers as the desktop app, served to a browser over the
 * authenticated loopback transport. Returns the URL to open, token in the fragment.
 */
export async function startWebApp(options: StartWebAppOptions) {
  if (!options.tenant) return startWebAppWithTenants(options)
  const tenant = options.tenant
  const core = await createCore({
    dataDir: options.dataDir,
    tenant,
    workerPath: options.workerPath,
    appVersion: options.appVersion,
    transport: 'http',
    allowTestHooks: options.allowTestHooks === true,
  }).catch(async (error: unknown) => {
    await tenant.close()
    throw error
  })
  // 256 bits; it lives in the URL fragment (never sent to a server, never in a query string).
  const token = options.token ?? randomBytes(32).toString('hex')
  core.log.addSecret(token)
  const transport = await startHttpTransport({
    handlers: createHandlers(core),
    bus: core.bus,
    log: core.log,
    token,
    staticDir: options.staticDir,
    port: options.port,
  })
  // Fresh data on every start when Intune is reachable; offline, the cache is shown as it is.
  void core.sync.start(randomUUID()).catch(() => undefined)
  let closed: Promise<void> | null = null
  return {
    url: `${transport.url}/#token=${token}`,
    origin: transport.url,
    token,
    core,
    close: () => (closed ??= transport.close().then(() => core.close())),
  }
}

/**
 * The app as shipped: the embedded demo tenant by default, and the customer tenants added in Settings,
 * one core per active tenant behind the same transport. Browser mode has no OS secret store, so the
 * sign-in cache stays in memory (docs/reference/identity.md §msal).
 */
async function startWebAppWithTenants(options: StartWebAppOptions) {
  const { tenant: demoTenant, setAside } = await startEmbeddedTenant(options.workerPath, options.dataDir)
  const host = await startCoreHost({
    dataDir: options.dataDir,
    demoTenant,
    workerPath: options.workerPath,
    appVersion: options.appVersion,
    transport: 'http',
    allowTestHooks: options.allowTestHooks === true,
    box: null,
    extraClouds: options.testCloud ? [options.testCloud] : [],
    extraCaPem: options.extraCaPem ?? null,
  }).catch(async (error: unknown) => {
    await demoTenant.close()
    throw error
  })
  logDemoStateSetAside(host.log, setAside)
  const token = options.token ?? randomBytes(32).toString('hex')
  host.log.addSecret(token)
  const transport = await startHttpTransport({
    handlers: host.handlers,
    bus: host.bus,
    log: host.log,
    token,
    staticDir: options.staticDir,
    port: options.port,
  })
  let closed: Promise<void> | null = null
  return {
    url: `${transport.url}/#token=${token}`,
    origin: transport.url,
    token,
    get core() {
      return host.core
    },
    host,
    close: () => (closed ??= transport.close().then(() => host.close())),
  }
}

/**
 * The embedded demo tenant, on a token made for this launch only. Its mock runs on a thread of its own
 * (mock-intune-worker beside the database worker, as the build emits it), off the core's event loop.
 */
async function startEmbeddedTenant(dbWorkerPath: string, dataDir: string): Promise<{ tenant: Tenant; setAside: DemoStateSetAside | null }> {
  const token = newEmbeddedMockToken()
  const { server, setAside } = await startDemoTenantWithState(dataDir, (stateFile) =>
    startMockIntuneInWorker(bundledWorkerPath(dbWorkerPath, 'mock-intune-worker'), { port: 0, token, stateFile, faults: demoTenantFaults() }, (error) =>
      console.error(`The demo tenant's mock Intune stopped: ${error.message}. Restart the app to use the demo tenant again.`),
    ),
  )
  return { tenant: embeddedMockTenant(server, token), setAside }
}

export type WebApp = Awaited<ReturnType<typeof startWebApp>>
