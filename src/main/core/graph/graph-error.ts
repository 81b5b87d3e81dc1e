import { AppFailure } from '../app-error'
import type { ErrorCode } from '@shared/error-codes'

/**
 * A non-2xx Graph answer. We keep Graph's own code and request id (what Microsoft support asks for)
 * and try the Intune habit of putting a JSON document inside `error.message` for a human hint —
 * but never branch on message text (docs/reference/graph-contract.md B9).
 */
export class GraphError extends AppFailure {
  constructor(
    readonly status: number,
    readonly graphCode: string,
    readonly requestId: string | null,
    readonly retryAfterSeconds: number | null,
    hint: string,
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
export function parseGraphError(status: number, bodyText: string, headerRequestId: string | null, retryAfter: number | null): GraphError {
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
  return new GraphError(status, code, requestId, retryAfter, hint)
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

/** `Retry-After` in seconds; Graph sends fractional values (docs/reference/graph-contract.md B10), so parse as float. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null
  const seconds = Number.parseFloat(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const date = Date.parse(header)
  return Number.isFinite(date) ? Math.max(0, (date - now) / 1000) : null
}
