import { AppFailure } from '../app-error'
import type { LogSink } from '../logging/log-sink'
import { GraphError, parseGraphError, parseRetryAfter } from './graph-error'
import { checkGraphUrl } from './graph-url'
import { watchNextLink } from './next-link-scan'
import { readBodyCapped } from './read-body'
import { abortableSleep, afterOnePoll, cancelled, eitherAborts, humanDuration, throwIfCancelled } from './wait'

export interface GraphClientOptions {
  /** e.g. http://127.0.0.1:1234/beta — the same client later points at https://graph.microsoft.com/beta. */
  baseUrl: string
  getToken: () => Promise<string>
  log: LogSink
  fetchImpl?: typeof fetch
  /** Connect until the response headers have arrived (ms). Default 30 s. */
  timeoutMs?: number
  /** Longest silence while the body arrives, once the headers are in (ms). Default: `timeoutMs` (30 s): a caller that waits less for headers waits no longer for a stalled body. */
  bodyStallMs?: number
  /** Longest time a whole body may take to arrive (ms). Default 5 min. */
  bodyDeadlineMs?: number
  /** Largest body read (bytes). Default 32 MiB (docs/reference/graph-api.md B16). */
  maxBodyBytes?: number
  /** Longest `Retry-After` waited out (ms); a longer one ends the request with 'wait-too-long'. Default 2 min (B15). */
  maxRetryAfterMs?: number
  maxRetries?: number
  /** Test seam; must reject (or return) promptly when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  /** Cancels every request of this client and its waits (e.g. the whole sync run). */
  signal?: AbortSignal
  /**
   * Called once per request after a 401: the token expired mid-run (a long sync outlives it), so the
   * caller fetches a fresh one and the request is sent again with it (docs/reference/identity.md §msal).
   */
  onUnauthorized?: () => Promise<void>
  /** When a request counts as slow to answer (ms; onSlowAnswer). Default 10 s, never after `timeoutMs`. */
  slowAnswerMs?: number
  /**
   * Opt-in: a read that got no answer (no answer in time, no connection, a body that stopped) is not
   * tried again once the app knows Intune is unreachable: another request of this client has had no
   * answer for `slowAnswerMs` either, or this says so (another client's requests, the app's connectivity).
   * Why: the comment above `isNoAnswer`. Without it, such a read is retried within the budget as before.
   */
  unreachableElsewhere?: () => boolean
}

/** Which try of how many a request is on, for the words while it waits (the sync panel's "try 2 of 5"). */
export interface TryInfo {
  /** 1-based: the try now waiting for its answer, or the one that just failed (onRetry). */
  attempt: number
  /** Tries in all (the retry budget + 1). */
  attempts: number
  /** How long one try waits for its answer (ms). */
  timeoutMs: number
  /** Whether the failure was no answer at all (as opposed to an answer such as 429 or 503). */
  noAnswer: boolean
}

export interface RequestContext {
  /** Sent as Graph's `client-request-id`, so one user action can be followed through our log and Microsoft's. */
  correlationId: string
  /** Cancels this request, its body read and any wait before a retry, with 'cancelled'. */
  signal?: AbortSignal
  /** Overrides the client's retry budget for this request (0: the caller handles every answer itself). */
  maxRetries?: number
  /**
   * Collection pages: told the page's top-level `@odata.nextLink` as soon as it is known — while the
   * body arrives, or before it is parsed (next-link-scan.ts) — so the next page can be asked for early.
   * The parsed page's link is what counts; each attempt of a retried request may tell it again.
   */
  onNextLink?: (link: string) => void
}

export const graphClientDefaults = {
  timeoutMs: 30_000,
  bodyStallMs: 30_000,
  bodyDeadlineMs: 5 * 60_000,
  // A page of 1000 Autopilot identities is ~2–3 MB of JSON; 32 MiB is >10× that, and parsing it stays
  // far below the worker's heap. A body beyond it is not Graph paging (B16).
  maxBodyBytes: 32 * 1024 * 1024,
  // Intune's throttling windows are 20 s (B10): an honest Retry-After is seconds, at most a minute or
  // so. Two minutes covers that with room and keeps the worst case per request (4 retries) under
  // 10 minutes of "retrying in …"; longer waits are better reported as "try later" (B15).
  maxRetryAfterMs: 2 * 60_000,
  maxRetries: 4,
  // A request with no answer after this long is said to be waiting (onSlowAnswer): the 30 s timeout and
  // its retries otherwise left "Online" and a still progress bar for minutes while Intune hung.
  slowAnswerMs: 10_000,
} as const

/** Retry-After asked for more than the client waits: the request ends at once. Keeps Graph's status and
 * Retry-After (same fields as GraphError) so the outbox can reschedule a change for when Intune asked. */
export class RetryAfterTooLong extends AppFailure {
  constructor(
    readonly status: number,
    readonly retryAfterSeconds: number,
    readonly requestId: string | null,
  ) {
    super('wait-too-long', `Intune asks us to wait ${humanDuration(retryAfterSeconds)} — try later.`, { status, retryAfterSeconds })
  }
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
  if (code === 'stalled') return 'Intune stopped sending its answer'
  return 'Intune sent a broken response'
}

/**
 * Why a read that got no answer is not always tried again (docs/reliability.md › "No answer: how long
 * the sync keeps trying"). Graph documents Retry-After for 429 and 503 and backing off when none is
 * given (docs/reference/graph-api.md B10); it says nothing about how long to wait for an answer or
 * whether to send again a request that got none: the 30 s per try and the 4 retries are ours (B15, B16).
 * A retry rides over one lost request (a bench switch or Wi-Fi reconnecting, one dropped connection),
 * which is why it stays for a request that is alone in getting no answer. But when other requests got no
 * answer either — another request of the same run silent for `slowAnswerMs` as this one timed out, or
 * another call of the app that found Intune unreachable — it is Intune or the network that is gone, not
 * one request: four more tries of 30 s (2.5 minutes in all) would only keep the technician waiting
 * behind a spinner for an answer the cache already gives. So the request ends after its current try.
 *
 * The errors that mean no answer came at all: no connection, no answer in time, a body that stopped.
 */
const NO_ANSWER = new Set(['offline', 'timeout', 'stalled'])
const isNoAnswer = (error: unknown) => error instanceof AppFailure && !('status' in error) && NO_ANSWER.has(error.code)

const looksLikeMarkup = (text: string) => /^\s*</.test(text)
const notGraph = (detail: string) =>
  new AppFailure('not-graph', `A web page answered instead of Microsoft Graph (${detail}) — is this network behind a sign-in portal?`)

/**
 * A 2xx body as Graph data. HTML (or any non-JSON document) is a captive portal or a proxy page, not
 * Graph: named, never retried. JSON that does not parse (cut off, damaged) is retried by reads (B16).
 */
function parseGraphBody(text: string, contentType: string, requestId: string | null): unknown {
  if (/html|xml/i.test(contentType)) throw notGraph(`content type ${contentType.split(';')[0]}`)
  try {
    return JSON.parse(text) as unknown
  } catch {
    if (looksLikeMarkup(text)) throw notGraph('an HTML page')
    // JSON that starts but does not parse was damaged on the way; anything else is some other document.
    if (!/^\s*[[{]/.test(text) && contentType !== '' && !/json/i.test(contentType)) throw notGraph(`content type ${contentType.split(';')[0]}`)
    throw new AppFailure('bad-response', `Intune sent an answer that is cut off or not valid JSON (request-id ${requestId ?? 'unknown'}).`, { retry: true })
  }
}

export function createGraphClient(options: GraphClientOptions) {
  const fetchImpl = options.fetchImpl ?? fetch
  const timeoutMs = options.timeoutMs ?? graphClientDefaults.timeoutMs
  const maxRetries = options.maxRetries ?? graphClientDefaults.maxRetries
  const maxRetryAfterMs = options.maxRetryAfterMs ?? graphClientDefaults.maxRetryAfterMs
  const bodyLimits = {
    maxBytes: options.maxBodyBytes ?? graphClientDefaults.maxBodyBytes,
    stallMs: options.bodyStallMs ?? options.timeoutMs ?? graphClientDefaults.bodyStallMs,
    deadlineMs: options.bodyDeadlineMs ?? graphClientDefaults.bodyDeadlineMs,
  }
  const sleep = options.sleep ?? abortableSleep
  const random = options.random ?? Math.random
  const base = options.baseUrl.replace(/\/+$/, '')
  // The configured Graph origin: the only place the token may go (B14). An unparsable base fails every request.
  const graphOrigin = URL.canParse(base) ? new URL(base).origin : 'invalid:'
  let retryListener: ((waitMs: number, reason: string, tries: TryInfo) => void) | null = null
  let slowListener: ((waitedMs: number | null, timeoutMs: number, tries: TryInfo | null) => void) | null = null
  /** When Intune last answered a request of this client (the headers arrived, whatever the status); null before. */
  let lastAnswerAt: number | null = null
  const slowAnswerMs = Math.min(options.slowAnswerMs ?? graphClientDefaults.slowAnswerMs, timeoutMs)
  /** Requests now past slowAnswerMs without their headers; the listener hears null when the last one ends. */
  let slowRequests = 0

  /**
   * The one rule (docs/reliability.md › No answer): would a read of this client that gets no answer end with
   * its current try, rather than be tried again? Yes when the client was built with `unreachableElsewhere`
   * and, beyond the asking request, another request of this client has had no answer for `slowAnswerMs`,
   * or `unreachableElsewhere` says so (another client's requests, the app's connectivity). `asking`: how
   * many of this client's silent requests are the asker itself — 1 while a try still waits past
   * `slowAnswerMs` (the sync's countdown words), 0 once it has ended (the retry decision) or is not slow yet.
   */
  const noAnswerEndsTry = (asking: 0 | 1): boolean =>
    options.unreachableElsewhere !== undefined && (slowRequests - asking > 0 || options.unreachableElsewhere())

  /** Exponential backoff with full jitter, used when the server gives no Retry-After. */
  const backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt) * (0.5 + random() / 2)

  async function once(method: string, url: URL, body: unknown, ctx: RequestContext, signal: AbortSignal | undefined, tries: TryInfo): Promise<unknown> {
    const token = await options.getToken()
    const started = Date.now()
    const isRead = method === 'GET'
    // One controller per attempt: the headers timeout and the caller's cancel both abort it; the body
    // read then has its own stall timeout (read-body.ts), so a slow page is not cut by the headers clock.
    const controller = new AbortController()
    const onCancel = () => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onCancel, { once: true })
    let headersTimedOut = false
    const headersTimer = setTimeout(() => {
      headersTimedOut = true
      controller.abort()
    }, timeoutMs)
    let slow = false
    const slowTimer =
      slowAnswerMs < timeoutMs
        ? setTimeout(() => {
            slow = true
            slowRequests++
            slowListener?.(slowAnswerMs, timeoutMs, tries)
          }, slowAnswerMs)
        : null
    const slowEnded = () => {
      if (slowTimer) clearTimeout(slowTimer)
      if (!slow) return
      slow = false
      if (--slowRequests === 0) slowListener?.(null, timeoutMs, null)
    }
    let response: Response
    let text: string
    /** Whether the caller was told this page's next link (and so has just asked for the next page). */
    let nextRequested = false
    try {
      try {
        response = await fetchImpl(url.href, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            'client-request-id': ctx.correlationId,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          // A redirect is never followed: it would carry the request (and its token) somewhere unchecked.
          redirect: 'manual',
          signal: controller.signal,
        })
        lastAnswerAt = Date.now()
      } catch (error) {
        if (signal?.aborted) throw cancelled()
        // A write that timed out or lost its connection may or may not have been applied: the outbox
        // must read the device back before sending it again, so it is never retried blindly here.
        if (headersTimedOut) throw new AppFailure('timeout', `Intune did not answer within ${timeoutMs / 1000} s.`, { retry: isRead, uncertain: !isRead })
        const neverSent = connectionRefused(error)
        throw new AppFailure('offline', `Intune cannot be reached (${(error as Error).message}).`, {
          retry: isRead || neverSent,
          uncertain: !isRead && !neverSent,
        })
      } finally {
        clearTimeout(headersTimer)
        slowEnded()
      }
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        await response.body?.cancel().catch(() => undefined)
        const location = response.headers.get('location')
        const host = location && URL.canParse(location, url) ? new URL(location, url).host : 'another address'
        throw notGraph(`it redirected to ${host}`)
      }
      const onNextLink = ctx.onNextLink
      const early =
        onNextLink && isRead && response.ok
          ? watchNextLink((link) => {
              nextRequested = true
              onNextLink(link)
            })
          : null
      text = await readBodyCapped(response, { ...bodyLimits, isRead, signal, ...(early ? { onChunk: early.chunk } : {}) })
      early?.complete(text)
    } finally {
      signal?.removeEventListener('abort', onCancel)
    }
    const requestId = response.headers.get('request-id')
    options.log.log('debug', 'graph request', {
      correlationId: ctx.correlationId,
      status: response.status,
      requestId,
      ms: Date.now() - started,
      path: url.pathname,
    })
    // 511 Network Authentication Required is what a standards-following captive portal answers.
    if (response.status === 511) throw notGraph('511 network sign-in required')
    if (!response.ok)
      throw parseGraphError(response.status, text, requestId, parseRetryAfter(response.headers.get('retry-after')), {
        clientRequestId: response.headers.get('client-request-id'),
        date: response.headers.get('date'),
      })
    const contentType = response.headers.get('content-type') ?? ''
    if (!isRead) {
      // Actions answer 204 with no body; a write's success does not depend on the body — unless a
      // portal answered it, in which case Intune never saw the write.
      if (/html/i.test(contentType) || looksLikeMarkup(text)) throw notGraph('an HTML page')
      return null
    }
    // The next page's request, just started, usually needs a new connection (this page's is still
    // busy while it arrives). Its connect completes in a later turn of the event loop; without this
    // turn it waited for this page's parse and write, and a GC in between: 15 ms of bench:sync's
    // second page (issue 19).
    if (nextRequested) await afterOnePoll()
    return parseGraphBody(text, contentType, requestId)
  }

  /** Absolute URL for a path under the Graph base, or a link taken verbatim (must pass the B14 check). */
  const resolve = (pathOrUrl: string): URL => {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl) || pathOrUrl.startsWith('//')
    return checkGraphUrl(absolute ? pathOrUrl : `${base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`, graphOrigin)
  }

  async function request(method: string, pathOrUrl: string, body: unknown, ctx: RequestContext): Promise<unknown> {
    const signal = options.signal ? eitherAborts(ctx.signal, options.signal) : ctx.signal
    const budget = ctx.maxRetries ?? maxRetries
    let url: URL
    try {
      url = resolve(pathOrUrl)
    } catch (error) {
      options.log.log('warn', 'graph request refused', { correlationId: ctx.correlationId, ...(error as AppFailure).details })
      throw error
    }
    let refreshed = false
    for (let attempt = 0; ; attempt++) {
      throwIfCancelled(signal)
      try {
        return await once(method, url, body, ctx, signal, { attempt: attempt + 1, attempts: budget + 1, timeoutMs, noAnswer: false })
      } catch (error) {
        if (signal?.aborted) throw cancelled()
        if (options.onUnauthorized && !refreshed && error instanceof GraphError && error.status === 401) {
          // A refused token says nothing about whether Graph applied the request: it did not, so repeating it is safe.
          refreshed = true
          options.log.log('info', 'graph token refreshed after 401', { correlationId: ctx.correlationId })
          await options.onUnauthorized()
          attempt--
          continue
        }
        const wait = retryDelay(error, attempt, method === 'GET')
        if (wait === null || attempt >= budget) throw error
        // Another request unanswered too, or the app knows Intune is unreachable: no further 30 s try (see isNoAnswer).
        // This try's own request has ended (its slow count with it), so it does not count itself here.
        if (isNoAnswer(error) && noAnswerEndsTry(0)) {
          options.log.log('warn', 'graph request not retried: Intune is not answering other requests either', {
            correlationId: ctx.correlationId,
            attempt: attempt + 1,
          })
          throw error
        }
        if (wait.fromServer && wait.ms > maxRetryAfterMs) {
          const graphError = error as GraphError
          options.log.log('warn', 'graph retry-after too long', {
            correlationId: ctx.correlationId,
            status: graphError.status,
            retryAfterSeconds: graphError.retryAfterSeconds,
          })
          throw new RetryAfterTooLong(graphError.status, wait.ms / 1000, graphError.requestId)
        }
        options.log.log('warn', 'graph request retried', { correlationId: ctx.correlationId, attempt: attempt + 1, waitMs: Math.round(wait.ms) })
        retryListener?.(wait.ms, retryReason(error), { attempt: attempt + 1, attempts: budget + 1, timeoutMs, noAnswer: isNoAnswer(error) })
        await sleep(wait.ms, signal)
        throwIfCancelled(signal)
      }
    }
  }

  function retryDelay(error: unknown, attempt: number, isRead: boolean): { ms: number; fromServer: boolean } | null {
    if (error instanceof AppFailure && 'status' in error) {
      const graphError = error as GraphError
      // 429 and 503 mean the write was refused, not applied: safe to repeat. Other 5xx may have half-happened.
      if (!(isRead ? retryable : writeRetryable).has(graphError.status)) return null
      return graphError.retryAfterSeconds !== null
        ? { ms: graphError.retryAfterSeconds * 1000, fromServer: true }
        : { ms: backoffMs(attempt), fromServer: false }
    }
    if (error instanceof AppFailure && error.details.retry === true) return { ms: backoffMs(attempt), fromServer: false }
    return null
  }

  return {
    getJson: (pathOrUrl: string, ctx: RequestContext) => request('GET', pathOrUrl, undefined, ctx),
    /** POST an action (Graph answers 204). Resolves null on any 2xx. */
    post: (pathOrUrl: string, body: unknown, ctx: RequestContext) => request('POST', pathOrUrl, body ?? {}, ctx),
    delete: (pathOrUrl: string, ctx: RequestContext) => request('DELETE', pathOrUrl, undefined, ctx),
    baseUrl: base,
    /** The absolute URL a path or link resolves to (for a run's set of seen links); throws 'unsafe-link' like a request would. */
    urlOf: (pathOrUrl: string) => resolve(pathOrUrl).href,
    /** Tells the caller (the sync's progress bar) that a request is waiting before its retry, and which try failed. */
    onRetry(listener: (waitMs: number, reason: string, tries: TryInfo) => void) {
      retryListener = listener
    },
    /**
     * Tells the caller that a request has had no answer for `waitedMs` (it gives up at `timeoutMs`), and
     * null once no request is left waiting that long: Intune is not answering, which the last answer's
     * "Online" does not show (status bar).
     */
    onSlowAnswer(listener: (waitedMs: number | null, timeoutMs: number, tries: TryInfo | null) => void) {
      slowListener = listener
    },
    /** Requests of this client now waiting past `slowAnswerMs` for their answer. */
    silentRequests: () => slowRequests,
    /** Would a no-answer end the try now waiting (no further try)? The retry decision and the sync's words both ask this. */
    noAnswerEndsTry,
    /** When Intune last answered a request of this client (ms since the epoch); null before any answer. */
    lastAnswerAt: () => lastAnswerAt,
    /** The longest pause before try `attempt + 2` when no Retry-After is given (the backoff's cap, without its jitter). */
    longestBackoffMs: (attempt: number) => Math.min(30_000, 500 * 2 ** attempt),
  }
}

export type GraphClient = ReturnType<typeof createGraphClient>
