import { AppFailure } from '../app-error'
import type { ErrorCode } from '@shared/error-codes'
import { readIntuneAnswer, type AnswerHeaders, type IntuneAnswer } from '@shared/domain/intune-answer'

/**
 * A non-2xx Graph answer. We keep Graph's own code and request id (what Microsoft support asks for)
 * and try the Intune habit of putting a JSON document inside `error.message` for a human hint —
 * but never branch on message text (docs/reference/graph-api.md B9).
 */
export class GraphError extends AppFailure {
  constructor(
    readonly status: number,
    readonly graphCode: string,
    readonly requestId: string | null,
    readonly retryAfterSeconds: number | null,
    hint: string,
    /** The answer read whole (ids, date, Intune's message, the raw body), for the words and "Details for support". */
    readonly answer: IntuneAnswer = { ...readIntuneAnswer(status, '', { requestId, retryAfterSeconds }), code: graphCode, message: hint },
  ) {
    super(codeForStatus(status), `Intune answered ${status} ${graphCode}${hint ? `: ${hint}` : ''}${requestId ? ` (request-id ${requestId})` : ''}`)
  }
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'unauthorized'
  if (status === 404) return 'not-found'
  if (status === 409) return 'conflict'
  if (status === 429) return 'throttled'
  if (status === 408 || status === 504) return 'timeout'
  return 'upstream'
}

/** Parses Graph's error body, tolerating garbage: a proxy's HTML page must not become a crash. */
export function parseGraphError(
  status: number,
  bodyText: string,
  headerRequestId: string | null,
  retryAfter: number | null,
  headers: Omit<AnswerHeaders, 'requestId' | 'retryAfterSeconds'> = {},
): GraphError {
  let code = `HTTP${status}`
  let hint = ''
  let requestId = headerRequestId
  try {
    const body = JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } }
    if (typeof body.error?.code === 'string') code = body.error.code
    const inner = body.error?.innerError
    if (!requestId && typeof inner?.['request-id'] === 'string') requestId = inner['request-id']
    if (typeof body.error?.message === 'string') hint = humanHint(body.error.message)
  } catch {
    hint = 'the response was not JSON'
  }
  return new GraphError(status, code, requestId, retryAfter, hint, readIntuneAnswer(status, bodyText, { ...headers, requestId, retryAfterSeconds: retryAfter }))
}

/** Intune's answer behind an error, when the error is one (a GraphError, also after it crossed the worker boundary as a plain object). */
export function intuneAnswerOf(error: unknown): IntuneAnswer | null {
  const answer = (error as { answer?: unknown } | null)?.answer
  return typeof answer === 'object' && answer !== null && typeof (answer as IntuneAnswer).status === 'number' ? (answer as IntuneAnswer) : null
}

function humanHint(message: string): string {
  try {
    const nested = JSON.parse(message) as { Message?: unknown }
    if (typeof nested.Message === 'string') return nested.Message.slice(0, 300)
  } catch {
    // a plain-text message
  }
  return message.slice(0, 300)
}

/** Longest Retry-After we keep as a number: beyond a year it means "not now" and only risks date overflow. */
const retryAfterCeilingSeconds = 365 * 86_400
const deltaSeconds = /^\+?\d+(?:\.\d+)?$/
const negativeSeconds = /^-\d+(?:\.\d+)?$/
/** IMF-fixdate, RFC 850 and asctime all name a weekday or month and carry hh:mm:ss. */
const httpDate = /^[A-Za-z]{3}.*\d{1,2}:\d{2}:\d{2}/

/**
 * `Retry-After` in seconds (docs/reference/graph-api.md B10, B15): delta-seconds, possibly
 * fractional (Graph sends `2.128`), or an HTTP-date; clamped to ≥ 0 (a date in the past means now)
 * and to at most a year. Anything else — `soon`, `12abc`, `1e9`, an empty value — is garbage and
 * treated as absent (null), so the client falls back to its own backoff instead of guessing.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  const value = header?.trim() ?? ''
  if (value === '') return null
  if (deltaSeconds.test(value)) return Math.min(Number(value), retryAfterCeilingSeconds)
  if (negativeSeconds.test(value)) return 0
  if (!httpDate.test(value)) return null
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.min(Math.max(0, (date - now) / 1000), retryAfterCeilingSeconds) : null
}
