import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerClientError } from './http/client-error'
import { handleRequest } from './http/handle-request'
import { createMockState } from './mock-state'
import { resolveOptions, type MockIntuneOptions } from './options'
import { RequestLog, type RequestLogEntry } from './request-log'
import { Router } from './router'
import { allRoutes } from './routes'

export interface MockIntune {
  /** e.g. http://127.0.0.1:4321 (no trailing slash); Graph paths go after it: `${url}/beta/…`. */
  url: string
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

/**
 * Starts the mock Intune / Graph API on a real HTTP socket. The tenant is built lazily, so start-up
 * costs the same for 2,000 or 1,000,000 devices.
 */
export async function startMockIntune(options?: MockIntuneOptions): Promise<MockIntune> {
  const resolved = resolveOptions(options)
  const state = createMockState(resolved)
  const router = new Router(allRoutes(state))
  const log = new RequestLog()
  const deps = { router, token: resolved.token, log, baseUrl: '' }
  // Timeouts are short on purpose: a stuck test client must not keep the mock (or vitest) alive.
  const server = createServer({ maxHeaderSize: 65_536, requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handleRequest(req, res, deps).catch(() => res.destroy())
  })
  server.on('clientError', answerClientError)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  deps.baseUrl = `http://${connectableHost(resolved.host)}:${port}`
  let closing: Promise<void> | undefined
  return {
    url: deps.baseUrl,
    token: resolved.token,
    get requestLog() {
      return log.entries
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
