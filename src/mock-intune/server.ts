import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SystemClock } from './clock'
import { registerImportJobs } from './domain/imports'
import { answerClientError } from './http/client-error'
import { handleRequest, type Gate, type RequestDeps, type TenantRoutes } from './http/handle-request'
import { allowedHosts } from './http/request-guards'
import { MockState } from './mock-state'
import { resolveOptions, type MockIntuneOptions } from './options'
import { loadState, saveState } from './persist/state-file'
import { RequestLog, type RequestLogEntry } from './request-log'
import { Router } from './router'
import { allRoutes } from './routes'
import { registerSyncJobs } from './routes/settings'
import { simRoutes } from './routes/sim'
import { registerSimJobs } from './sim/simulator'

export interface MockIntune {
  /** e.g. http://127.0.0.1:4321 (no trailing slash); Graph paths go after it: `${url}/beta/…`, the simulator at `${url}/_sim/…`. */
  url: string
  /** The bearer token this server accepts: the `token` option, or a random one made for this start. */
  token: string
  /** The last ~10,000 requests, oldest first. */
  requestLog: ReadonlyArray<RequestLogEntry>
  close(): Promise<void>
}

/** Wildcard listen addresses are not connectable; links point at loopback instead. */
function connectableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/** Builds the mock's world (tenant, stores, jobs), restoring --state when given. Exported for tests and the bench. */
export function createState(options?: MockIntuneOptions): MockState {
  const resolved = resolveOptions(options)
  const state = new MockState({ ...resolved, clock: resolved.clock ?? new SystemClock() })
  registerImportJobs(state)
  registerSyncJobs(state)
  registerSimJobs(state)
  if (resolved.stateFile !== undefined && loadState(state, resolved.stateFile)) {
    // Options given now win over what the file remembers.
    if (options?.faults !== undefined) state.faults.set(options.faults)
    if (options?.tpmFailureRate !== undefined) state.tpmFailureRate = options.tpmFailureRate
  }
  return state
}

/**
 * Starts the mock Intune / Graph API and device simulator on a real HTTP socket. The tenant is built
 * lazily, so start-up costs the same for 2,000 or 1,000,000 devices.
 */
export async function startMockIntune(options?: MockIntuneOptions): Promise<MockIntune> {
  const resolved = resolveOptions(options)
  const state = createState(options)
  const stateFile = resolved.stateFile
  const served = await serveGraph(
    {
      ...tenantRoutes(state, stateFile === undefined ? () => undefined : () => saveState(state, stateFile)),
      token: resolved.token,
    },
    resolved.host,
    resolved.port,
  )
  return {
    url: served.url,
    token: resolved.token,
    get requestLog() {
      return served.requestLog
    },
    close: () => served.close(),
  }
}

/** A tenant's Graph and simulator routes over its state. */
export function tenantRoutes(state: MockState, persist: () => void = () => undefined): TenantRoutes {
  return { router: new Router(allRoutes(state)), simRouter: new Router(simRoutes(state)), state, persist }
}

export interface ServedGraph {
  url: string
  readonly requestLog: ReadonlyArray<RequestLogEntry>
  close(): Promise<void>
}

/**
 * Serves Graph over `deps` on a real HTTP socket: one tenant and the bearer token, or (with a `gate`,
 * entra/start-entra-mock.ts) several tenants behind signed tokens.
 */
export async function serveGraph(deps: TenantRoutes & { token: string; gate?: Gate }, host: string, port: number): Promise<ServedGraph> {
  const log = new RequestLog()
  const hung = new Set<ServerResponse>()
  const full: RequestDeps = { ...deps, allowedHosts: new Set(), log, baseUrl: '', hung }
  // Timeouts are short on purpose: a stuck test client must not keep the mock (or vitest) alive.
  const server = createServer({ maxHeaderSize: 65_536, requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handleRequest(req, res, full).catch(() => res.destroy())
  })
  server.on('clientError', answerClientError)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = (server.address() as AddressInfo).port
  full.baseUrl = `http://${connectableHost(host)}:${bound}`
  full.allowedHosts = allowedHosts(host, bound)
  let closing: Promise<void> | undefined
  return {
    url: full.baseUrl,
    get requestLog() {
      return log.entries
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const res of hung) res.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
