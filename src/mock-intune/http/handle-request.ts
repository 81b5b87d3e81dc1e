import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { assertAuthorised } from '../auth'
import { GraphError, type ErrorIds } from '../graph-errors'
import type { RequestLog } from '../request-log'
import type { Router } from '../router'
import type { ApiVersion, MockResponse } from './context'
import { parseRequestUrl } from './parse-url'
import { errorResponse, writeResponse } from './respond'

/** Longer request targets get 414 (Graph's own limit is not documented; mock choice). */
export const MAX_URL_LENGTH = 16_384

export interface RequestDeps {
  router: Router
  token: string
  log: RequestLog
  /** Origin for absolute links, e.g. http://127.0.0.1:4321. */
  baseUrl: string
}

/** A client-request-id is echoed only if it is a sane header value; Graph expects a GUID-like string. */
function sentClientRequestId(req: IncomingMessage): string | undefined {
  const value = req.headers['client-request-id']
  const text = Array.isArray(value) ? value[0] : value
  return text !== undefined && /^[\x20-\x7e]{1,256}$/.test(text) ? text : undefined
}

async function dispatch(req: IncomingMessage, deps: RequestDeps, ids: ErrorIds): Promise<MockResponse> {
  const target = req.url ?? '/'
  if (target.length > MAX_URL_LENGTH) throw new GraphError(414, 'RequestUriTooLong', `The request URI is longer than ${MAX_URL_LENGTH} characters.`)
  const { segments, query } = parseRequestUrl(target)
  const version = segments[0]?.toLowerCase()
  if (version !== 'beta' && version !== 'v1.0') throw new GraphError(404, 'ResourceNotFound', `Invalid version: ${segments[0] ?? ''}`)
  assertAuthorised(req.headers.authorization, deps.token)
  const method = (req.method ?? 'GET').toUpperCase()
  const rest = segments.slice(1)
  const match = deps.router.match(version as ApiVersion, method, rest)
  if (match.kind === 'not-found') throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${match.segment}'.`)
  if (match.kind === 'method-not-allowed') {
    throw new GraphError(405, 'MethodNotAllowed', `The HTTP method '${method}' is not allowed for this resource.`, { Allow: match.allow.join(', ') })
  }
  return match.handler({ method, version: version as ApiVersion, segments: rest, params: match.params, query, baseUrl: deps.baseUrl, ...ids })
}

/**
 * One request, start to finish: ids, URL checks, version, auth, routing, handler, error rendering,
 * log. Nothing a client sends can make it throw past this function or leave the response open.
 */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, deps: RequestDeps): Promise<void> {
  const requestId = randomUUID()
  const clientRequestId = sentClientRequestId(req)
  // Without a client-request-id, Graph reports the request-id in its place (seen in live error bodies).
  const ids: ErrorIds = { requestId, clientRequestId: clientRequestId ?? requestId, receivedAt: new Date() }
  req.on('error', () => undefined)
  req.resume() // No route reads a body yet; draining keeps keep-alive connections usable.
  let response: MockResponse
  try {
    response = await dispatch(req, deps, ids)
  } catch (error) {
    response = errorResponse(error, ids)
  }
  writeResponse(res, response, ids)
  deps.log.add({ method: req.method ?? '', path: req.url ?? '', status: response.status, ...(clientRequestId === undefined ? {} : { clientRequestId }) })
}
