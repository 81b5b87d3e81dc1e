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

  async function once(url: string, ctx: RequestContext): Promise<unknown> {
    const token = await options.getToken()
    const started = Date.now()
    let response: Response
    let text: string
    try {
      const signal = ctx.signal ? AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs)
      response = await fetchImpl(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'client-request-id': ctx.correlationId },
        signal,
      })
      text = await response.text()
    } catch (error) {
      const name = (error as Error).name
      if (name === 'TimeoutError') throw new AppFailure('timeout', `Intune did not answer within ${timeoutMs / 1000} s.`, { retry: true })
      if (name === 'AbortError') throw new AppFailure('busy', 'The request was cancelled.')
      throw new AppFailure('offline', `Intune cannot be reached (${(error as Error).message}).`, { retry: true })
    }
    const requestId = response.headers.get('request-id')
    options.log.log('debug', 'graph request', {
      correlationId: ctx.correlationId, status: response.status, requestId, ms: Date.now() - started, path: new URL(url).pathname,
    })
    if (!response.ok) throw parseGraphError(response.status, text, requestId, parseRetryAfter(response.headers.get('retry-after')))
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new AppFailure('upstream', `Intune sent a response that is not valid JSON (request-id ${requestId ?? 'unknown'}).`, { retry: true })
    }
  }

  async function getJson(pathOrUrl: string, ctx: RequestContext): Promise<unknown> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(url, ctx)
      } catch (error) {
        const waitMs = retryDelay(error, attempt)
        if (waitMs === null || attempt >= maxRetries) throw error
        options.log.log('warn', 'graph request retried', { correlationId: ctx.correlationId, attempt: attempt + 1, waitMs: Math.round(waitMs) })
        retryListener?.(waitMs, retryReason(error))
        await sleep(waitMs)
      }
    }
  }

  function retryDelay(error: unknown, attempt: number): number | null {
    if (error instanceof AppFailure && 'status' in error) {
      const graphError = error as GraphError
      if (!retryable.has(graphError.status)) return null
      return graphError.retryAfterSeconds !== null ? graphError.retryAfterSeconds * 1000 : backoffMs(attempt)
    }
    if (error instanceof AppFailure && error.details.retry === true) return backoffMs(attempt)
    return null
  }

  return {
    getJson,
    baseUrl: base,
    /** Tells the caller (the sync's progress bar) that a request is waiting before its retry. */
    onRetry(listener: (waitMs: number, reason: string) => void) {
      retryListener = listener
    },
  }
}

export type GraphClient = ReturnType<typeof createGraphClient>
