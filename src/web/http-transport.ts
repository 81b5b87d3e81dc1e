import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dispatch } from '@core/dispatch'
import { channels, isChannel } from '@shared/channels'
import type { Handlers } from '@core/handlers'
import type { EventBus } from '@core/event-bus'
import type { FileLogger } from '@core/logging/file-logger'
import { checkHost, checkOrigin, checkToken, type GuardVerdict } from './request-guards'
import { setSecurityHeaders } from './security-headers'
import { serveStatic } from './static-files'
import { readJsonBody, BodyError } from './read-json-body'
import { openEventStream } from './event-stream'

export interface HttpTransportOptions {
  handlers: Handlers
  bus: EventBus
  log: FileLogger
  token: string
  staticDir: string
  port?: number
  maxBodyBytes?: number
  timeoutMs?: number
}

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(text)
}

/** The 1 MiB default, unless the channel declares a bigger request (an archive to open offline). */
function bodyCapFor(path: string, fallback: number): number {
  const channel = /^\/api\/rpc\/([a-z]+:[a-z-]+)$/.exec(path)?.[1]
  if (!isChannel(channel)) return fallback
  const contract = channels[channel]
  return 'maxRequestBytes' in contract ? Math.max(fallback, contract.maxRequestBytes) : fallback
}

const refuse = (response: ServerResponse, verdict: Exclude<GuardVerdict, { ok: true }>) =>
  sendJson(response, verdict.status, { ok: false, error: { code: verdict.code, message: verdict.message } })

/**
 * The browser transport: the same handlers as IPC, over HTTP on 127.0.0.1 only. Static assets are
 * public; every /api call passes the Host, Origin and token checks, is a JSON POST under a size cap,
 * and goes through the same dispatch() as IPC.
 */
export async function startHttpTransport(options: HttpTransportOptions) {
  const streams = new Set<() => void>()
  let port = 0

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string) {
    for (const verdict of [checkOrigin(request, port), checkToken(request, options.token)]) {
      if (!verdict.ok) return refuse(response, verdict)
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST')
      return sendJson(response, 405, { ok: false, error: { code: 'invalid', message: 'Use POST.' } })
    }
    let body: unknown
    try {
      body = await readJsonBody(request, bodyCapFor(path, options.maxBodyBytes ?? 1024 * 1024))
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400
      // Answer at once and close; the rest of an oversized body is discarded, never buffered.
      response.setHeader('Connection', 'close')
      request.resume()
      return sendJson(response, status, { ok: false, error: { code: 'invalid', message: (error as Error).message } })
    }
    if (path === '/api/events') {
      const close = openEventStream(response, options.bus)
      streams.add(close)
      response.on('close', () => streams.delete(close))
      return
    }
    const rpc = /^\/api\/rpc\/([a-z]+:[a-z-]+)$/.exec(path)
    if (!rpc) return sendJson(response, 404, { ok: false, error: { code: 'not-found', message: 'No such API route.' } })
    const result = await dispatch(options.handlers, rpc[1], body, { log: options.log, timeoutMs: options.timeoutMs ?? 15_000 })
    sendJson(response, 200, result)
  }

  const server = createServer((request, response) => {
    setSecurityHeaders(response)
    const hostVerdict = checkHost(request, port)
    if (!hostVerdict.ok) return refuse(response, hostVerdict)
    let path: string
    try {
      path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    } catch {
      return sendJson(response, 400, { ok: false, error: { code: 'invalid', message: 'Bad URL.' } })
    }
    if (path === '/api' || path.startsWith('/api/')) {
      handleApi(request, response, path).catch((error: unknown) => {
        options.log.log('error', 'http transport failure', { message: (error as Error).message })
        if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'Transport failure.' } })
      })
      return
    }
    serveStatic(options.staticDir, path, request, response)
  })
  server.requestTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const close of streams) close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type HttpTransport = Awaited<ReturnType<typeof startHttpTransport>>
