import { AppFailure } from '../app-error'
import type { LogSink } from '../logging/log-sink'
import { parseGraphError, parseRetryAfter, type GraphError } from './graph-error'

export interface GraphClientOptions {
  /** e.g. http://127.0.0.1:1234/beta — the same client later points at https://graph.microsoft.com/beta. */
  baseUrl: string
  getToken: () => Promise<string>
  log: LogSink
  fetchImpl?: typeof fetch
  timeoutMs?: number
  maxRetries?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

export interface RequestContext {
  /** Sent as Graph's `client-request-id`, so one user action can be followed through our log and Microsoft's. */
  correlationId: string
  signal?: AbortSignal
}

const retryable = new Set([429, 500, 502, 503, 504])
const writeRetryable = new Set([429, 503])

/** The connection was refused or the name did not resolve: the request never left this machine. */
function connectionRefused(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH'
}

/** What the technician reads while a request waits to be retried. */
function retryReason(error: unknown): string {
  const status = (error as { status?: number }).status
  if (status === 429) return 'Throttled by Intune'
  if (status === 503) return 'Intune is temporarily unavailable'
  if (status !== undefined) return `Intune answered ${status}`
  const code = (error as { code?: string }).code
  if (code === 'offline') return 'Intune cannot be reached'
  if (code === 'timeout') return 'Intune did not answer in time'
  return 'Intune sent a broken response'
}

export function createGraphClient(options: GraphClientOptions) {
  const fetchImpl = options.fetchImpl ?? fetch
  const timeoutMs = options.timeoutMs ?? 30_000
  const maxRetries = options.maxRetries ?? 4
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const base = options.baseUrl.replace(/\/+$/, '')
  let retryListener: ((waitMs: number, reason: string) => void) | null = null

  /** Exponential backoff with full jitter, used when the server gives no Retry-After. */
  const backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt) * (0.5 + random() / 2)

  async function once(method: string, url: string, body: unknown, ctx: RequestContext): Promise<unknown> {
    const token = await options.getToken()
    const started = Date.now()
    const isRead = method === 'GET'
    let response: Response
    let text: string
    try {
      const signal = ctx.signal ? AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs)
      response = await fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`, accept: 'application/json', 'client-request-id': ctx.correlationId,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      })
      text = await response.text()
    } catch (error) {
      const name = (error as Error).name
      // A write that timed out or lost its connection may or may not have been applied: the outbox
      // must read the device back before sending it again, so it is never retried blindly here.
      const neverSent = connectionRefused(error)
      if (name === 'TimeoutError') throw new AppFailure('timeout', `Intune did not answer within ${timeoutMs / 1000} s.`, { retry: isRead, uncertain: !isRead })
      if (name === 'AbortError') throw new AppFailure('busy', 'The request was cancelled.')
      throw new AppFailure('offline', `Intune cannot be reached (${(error as Error).message}).`, { retry: isRead || neverSent, uncertain: !isRead && !neverSent })
    }
    const requestId = response.headers.get('request-id')
    options.log.log('debug', 'graph request', {
      correlationId: ctx.correlationId, status: response.status, requestId, ms: Date.now() - started, path: new URL(url).pathname,
    })
    if (!response.ok) throw parseGraphError(response.status, text, requestId, parseRetryAfter(response.headers.get('retry-after')))
    // Actions answer 204 with no body; a write's success does not depend on the body at all.
    if (!isRead) return null
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new AppFailure('upstream', `Intune sent a response that is not valid JSON (request-id ${requestId ?? 'unknown'}).`, { retry: true })
    }
  }

  const urlFor = (pathOrUrl: string) =>
    /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`

  async function request(method: string, pathOrUrl: string, body: unknown, ctx: RequestContext): Promise<unknown> {
    const url = urlFor(pathOrUrl)
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(method, url, body, ctx)
      } catch (error) {
        const waitMs = retryDelay(error, attempt, method === 'GET')
        if (waitMs === null || attempt >= maxRetries) throw error
        options.log.log('warn', 'graph request retried', { correlationId: ctx.correlationId, attempt: attempt + 1, waitMs: Math.round(waitMs) })
        retryListener?.(waitMs, retryReason(error))
        await sleep(waitMs)
      }
    }
  }

  function retryDelay(error: unknown, attempt: number, isRead: boolean): number | null {
    if (error instanceof AppFailure && 'status' in error) {
      const graphError = error as GraphError
      // 429 and 503 mean the write was refused, not applied: safe to repeat. Other 5xx may have half-happened.
      if (!(isRead ? retryable : writeRetryable).has(graphError.status)) return null
      return graphError.retryAfterSeconds !== null ? graphError.retryAfterSeconds * 1000 : backoffMs(attempt)
    }
    if (error instanceof AppFailure && error.details.retry === true) return backoffMs(attempt)
    return null
  }

  return {
    getJson: (pathOrUrl: string, ctx: RequestContext) => request('GET', pathOrUrl, undefined, ctx),
    /** POST an action (Graph answers 204). Resolves null on any 2xx. */
    post: (pathOrUrl: string, body: unknown, ctx: RequestContext) => request('POST', pathOrUrl, body ?? {}, ctx),
    delete: (pathOrUrl: string, ctx: RequestContext) => request('DELETE', pathOrUrl, undefined, ctx),
    baseUrl: base,
    /** Tells the caller (the sync's progress bar) that a request is waiting before its retry. */
    onRetry(listener: (waitMs: number, reason: string) => void) {
      retryListener = listener
    },
  }
}

export type GraphClient = ReturnType<typeof createGraphClient>
