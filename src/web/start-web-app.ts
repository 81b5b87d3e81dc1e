import { randomBytes, randomUUID } from 'node:crypto'
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { embeddedMockTenant, newEmbeddedMockToken, type Tenant } from '@core/tenant'
import { startMockIntune } from '@mock-intune'
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
}

/**
 * Browser mode: the same core and handlers as the desktop app, served to a browser over the
 * authenticated loopback transport. Returns the URL to open, token in the fragment.
 */
export async function startWebApp(options: StartWebAppOptions) {
  const tenant = options.tenant ?? (await startEmbeddedTenant())
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

/** The embedded demo tenant, on a token made for this launch only. */
async function startEmbeddedTenant(): Promise<Tenant> {
  const token = newEmbeddedMockToken()
  return embeddedMockTenant(await startMockIntune({ port: 0, token }), token)
}

export type WebApp = Awaited<ReturnType<typeof startWebApp>>
