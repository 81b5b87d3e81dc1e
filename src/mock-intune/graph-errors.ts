/**
 * The two error shapes Graph returns (docs/reference/graph-api.md §B9).
 *
 * Graph's own layer (auth, routing, OData syntax) answers with a plain `{error:{code,message,innerError}}`.
 * Intune's backend answers with the same envelope but `message` is itself a JSON string carrying
 * _version, Message (with Activity ID and the internal FEF Url), CustomApiErrorPhrase, RetryAfter,
 * ErrorSourceService and HttpHeaders. Handlers throw these errors; http/respond.ts renders them.
 */

/** An error from Graph's front door: the body's message is plain text. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'GraphError'
  }
}

export interface IntuneErrorOptions {
  /** Replaces "An error has occurred" at the start of the nested Message (e.g. "Invalid ODataActionParameter 'x'"). */
  detail?: string
  /** Seconds; sets the nested RetryAfter and the Retry-After header. */
  retryAfter?: string
  headers?: Readonly<Record<string, string>>
}

/** An error from the Intune backend; `resourcePath` becomes the Url inside the nested message. */
export class IntuneError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly resourcePath: string,
    readonly options: IntuneErrorOptions = {},
  ) {
    super(`${code} for ${resourcePath}`)
    this.name = 'IntuneError'
  }
}

export interface ErrorIds {
  requestId: string
  clientRequestId: string
  receivedAt: Date
}

/** Graph's innerError date: second precision, no zone designator ("2024-02-07T07:04:41"). */
export const innerErrorDate = (date: Date): string => date.toISOString().slice(0, 19)

const innerError = (ids: ErrorIds) => ({
  date: innerErrorDate(ids.receivedAt),
  'request-id': ids.requestId,
  'client-request-id': ids.clientRequestId,
})

export const graphErrorBody = (code: string, message: string, ids: ErrorIds) => ({ error: { code, message, innerError: innerError(ids) } })

const FEF_BASE = 'https://fef.msub02.manage.microsoft.com/DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService'
const FEF_API_VERSION = '5023-06-28'

/** The nested message, formatted like the service's (indented, CRLF line ends). */
export function intuneMessage(resourcePath: string, ids: ErrorIds, options: IntuneErrorOptions = {}): string {
  const separator = resourcePath.includes('?') ? '&' : '?'
  const nested = {
    _version: 3,
    Message: `${options.detail ?? 'An error has occurred'} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${ids.requestId} - Url: ${FEF_BASE}/${resourcePath}${separator}api-version=${FEF_API_VERSION}`,
    CustomApiErrorPhrase: '',
    RetryAfter: options.retryAfter === undefined ? null : Number(options.retryAfter),
    ErrorSourceService: '',
    HttpHeaders: '{}',
  }
  return JSON.stringify(nested, null, 2).replace(/\n/g, '\r\n')
}

export const intuneErrorBody = (code: string, resourcePath: string, ids: ErrorIds, options: IntuneErrorOptions = {}) =>
  graphErrorBody(code, intuneMessage(resourcePath, ids, options), ids)

/**
 * The 429 body of §B10. Its innerError differs from the others (code/message/status, no
 * client-request-id); throttling and fault injection send it (with or without Retry-After).
 */
export const throttledErrorBody = (ids: ErrorIds) => ({
  error: {
    code: 'TooManyRequests',
    innerError: { code: '429', date: innerErrorDate(ids.receivedAt), message: 'Please retry after', 'request-id': ids.requestId, status: '429' },
    message: 'Please retry again later.',
  },
})
