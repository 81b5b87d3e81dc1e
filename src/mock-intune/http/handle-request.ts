import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { assertAuthorised } from '../auth'
import type { FaultDecision } from '../faults/faults'
import { GraphError, IntuneError, throttledErrorBody, type ErrorIds } from '../graph-errors'
import type { MockState } from '../mock-state'
import type { RequestLog } from '../request-log'
import type { Router } from '../router'
import { bodyTooLarge, parseJsonBody, readBody, type BodyResult } from './body'
import type { ApiVersion, MockResponse, RequestContext } from './context'
import { missingPermissionError, requirementFor } from './graph-permissions'
import { parseRequestUrl } from './parse-url'
import { assertLocalCaller } from './request-guards'
import { errorResponse, writeResponse } from './respond'

/** Longer request targets get 414 (Graph's own limit is not documented; mock choice). */
export const MAX_URL_LENGTH = 16_384

/** The non-Graph prefix of the device simulator and test controls (same bearer token). */
export const SIM_PREFIX = '_sim'

/** One tenant's routes and data; the bearer-token mode has one, `--auth entra` one per tenant. */
export interface TenantRoutes {
  router: Router
  simRouter: Router
  state: MockState
  /** Writes the state file after a request that changed something (no-op without --state). */
  persist: () => void
}

/** What a gate sees of a request before routing. */
export interface AccessRequest {
  method: string
  /** 'sim' for the simulator and test controls under /_sim. */
  area: ApiVersion | 'sim'
  /** Decoded path segments after the version (or after `_sim`). */
  segments: readonly string[]
  /** A signed report download (`/_sim/exports/{id}?sig=…`), which carries no token. */
  signedDownload: boolean
}

/**
 * Decides who is calling and which tenant they reach, or throws the Graph error (401/403). The
 * `--auth entra` mode installs one (entra/graph-gate.ts); without it the single bearer token applies.
 */
export type Gate = (authorization: string | undefined, request: AccessRequest) => { tenant: TenantRoutes; throttleKey: string }

export interface RequestDeps extends TenantRoutes {
  token: string
  gate?: Gate
  /** Host header values accepted (http/request-guards.ts); filled in once the port is known. */
  allowedHosts: ReadonlySet<string>
  log: RequestLog
  /** Origin for absolute links, e.g. http://127.0.0.1:4321. */
  baseUrl: string
  /** Responses held open by the `hang` fault, ended when the mock closes. */
  hung: Set<ServerResponse>
}

/** A client-request-id is echoed only if it is a sane header value; Graph expects a GUID-like string. */
function sentClientRequestId(req: IncomingMessage): string | undefined {
  const value = req.headers['client-request-id']
  const text = Array.isArray(value) ? value[0] : value
  return text !== undefined && /^[\x20-\x7e]{1,256}$/.test(text) ? text : undefined
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT'])

type Outcome = { kind: 'respond'; response: MockResponse; faults?: FaultDecision; tenant?: TenantRoutes } | { kind: 'hang' }

/** When a late GET may answer (a performance.now() time); 0: at once. Set by dispatch, honoured by handleRequest. */
interface Lateness {
  until: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Resumes at `until` (a performance.now() time; 0: at once) to within a fraction of a millisecond. A
 * timer alone resumed 0.5–2 ms late (libuv counts whole milliseconds), on every late page of
 * bench:sync: the timer stops a millisecond short and the loop's check phase does the rest.
 */
async function waitUntil(until: number): Promise<void> {
  const timed = until - performance.now() - 1
  if (timed > 0) await sleep(timed)
  while (performance.now() < until) await new Promise<void>((resolve) => setImmediate(resolve))
}

/** The response an injected 429/503/500/403 fault answers with, if one fired. */
function faultResponse(decision: FaultDecision, method: string, segments: readonly string[], path: string, ids: ErrorIds): MockResponse | undefined {
  const status = decision.status
  if (!status) return undefined
  // 429 without Retry-After: some Intune resources throttle that way (§B10).
  if (status.code === 429) return { status: 429, body: throttledErrorBody(ids) }
  if (status.code === 503) {
    return errorResponse(
      new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.', { 'Retry-After': status.retryAfter ?? '2' }),
      ids,
    )
  }
  if (status.code === 403) {
    // The refusal Graph gives this call without its permission, naming what the call needs (http/graph-permissions.ts).
    const requirement = requirementFor(method, segments)
    if (requirement) return errorResponse(missingPermissionError(requirement, segments.join('/')), ids)
    // A path the mock serves no resource at: nothing to name (mock choice: the Intune message without the scopes).
    return errorResponse(new GraphError(403, 'Forbidden', 'Application is not authorized to perform this operation.'), ids)
  }
  return errorResponse(new IntuneError(500, 'InternalServerError', path.replace(/^\/(beta|v1\.0)\//i, '')), ids)
}

async function dispatch(req: IncomingMessage, deps: RequestDeps, ids: ErrorIds, body: BodyResult, late: Lateness): Promise<Outcome> {
  // Before anything else, the token included: a rebinding page or a browser gets 403 whatever it sends.
  assertLocalCaller(req, deps.allowedHosts)
  const target = req.url ?? '/'
  if (target.length > MAX_URL_LENGTH) throw new GraphError(414, 'RequestUriTooLong', `The request URI is longer than ${MAX_URL_LENGTH} characters.`)
  const { segments, query } = parseRequestUrl(target)
  const first = segments[0]?.toLowerCase()
  const sim = first === SIM_PREFIX
  if (!sim && first !== 'beta' && first !== 'v1.0') throw new GraphError(404, 'ResourceNotFound', `Invalid version: ${segments[0] ?? ''}`)
  // Report export downloads are signed URLs, like Intune's storage links: no bearer token (routes/export-jobs.ts).
  const signedDownload = sim && segments[1]?.toLowerCase() === 'exports' && segments.length === 3 && query.some((q) => q.name === 'sig')
  const method = (req.method ?? 'GET').toUpperCase()
  let tenant: TenantRoutes = deps
  let throttleKey = deps.token
  if (deps.gate) {
    ;({ tenant, throttleKey } = deps.gate(req.headers.authorization, { method, area: sim ? 'sim' : first, segments: segments.slice(1), signedDownload }))
  } else if (!signedDownload) assertAuthorised(req.headers.authorization, deps.token)
  const { state } = tenant
  let faults: FaultDecision | undefined
  if (!sim) {
    const retryAfter = state.throttle.check(throttleKey, method, state.now())
    if (retryAfter !== undefined) return { kind: 'respond', response: { status: 429, body: throttledErrorBody(ids), headers: { 'Retry-After': retryAfter } } }
    faults = state.faults.decide(method, target.split('?')[0] ?? target)
    if (faults.hang) return { kind: 'hang' }
    // A late read is worked out during its wait, as a distant service's own time is part of its latency:
    // a page `ms=300` late answers 300 ms after it was asked (bench:sync --page-latency-ms). A late
    // write still waits first, so it is applied only after the wait, as before.
    if (faults.latencyMs > 0 && method === 'GET') late.until = performance.now() + faults.latencyMs
    else if (faults.latencyMs > 0) await sleep(faults.latencyMs)
    const injected = faultResponse(faults, method, segments.slice(1), target.split('?')[0] ?? target, ids)
    if (injected) return { kind: 'respond', response: injected, faults }
  }
  if (body.kind === 'too-large') throw bodyTooLarge(body.received)
  const version: ApiVersion = sim ? 'beta' : first
  const rest = segments.slice(1)
  const match = (sim ? tenant.simRouter : tenant.router).match(sim ? 'sim' : version, method, rest)
  if (match.kind === 'not-found') throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${match.segment}'.`)
  if (match.kind === 'method-not-allowed') {
    throw new GraphError(405, 'MethodNotAllowed', `The HTTP method '${method}' is not allowed for this resource.`, { Allow: match.allow.join(', ') })
  }
  const parsed = WRITE_METHODS.has(method) && body.kind === 'ok' ? parseJsonBody(body.bytes) : undefined
  state.tick()
  const ctx: RequestContext = {
    method,
    version,
    segments: rest,
    params: match.params,
    query,
    baseUrl: deps.baseUrl,
    now: state.now(),
    body: parsed,
    headers: req.headers,
    ...ids,
  }
  return { kind: 'respond', response: await match.handler(ctx), tenant, ...(faults ? { faults } : {}) }
}

/** The 2020 bug (§B2): a collection page whose nextLink points at itself. */
function repeatNextLink(response: MockResponse, deps: RequestDeps, req: IncomingMessage): MockResponse {
  const body: unknown = response.jsonText === undefined ? response.body : JSON.parse(response.jsonText)
  if (response.status !== 200 || typeof body !== 'object' || body === null || !Array.isArray((body as { value?: unknown }).value)) return response
  const { jsonText: _text, ...rest } = response
  return { ...rest, body: { ...body, '@odata.nextLink': `${deps.baseUrl}${req.url ?? ''}` } }
}

/**
 * One request, start to finish: ids, body, Host and Origin, URL checks, version, auth, throttling, faults, routing,
 * deferred Intune effects, handler, error rendering, persistence, log. Nothing a client sends can make
 * it throw past this function or leave the response open (except the deliberate `hang` fault).
 */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, deps: RequestDeps): Promise<void> {
  const requestId = randomUUID()
  const clientRequestId = sentClientRequestId(req)
  // Without a client-request-id, Graph reports the request-id in its place (seen in live error bodies).
  const ids: ErrorIds = { requestId, clientRequestId: clientRequestId ?? requestId, receivedAt: new Date() }
  const logEntry = (status: number, fault?: string) =>
    deps.log.add({
      method: req.method ?? '',
      path: req.url ?? '',
      status,
      ...(clientRequestId === undefined ? {} : { clientRequestId }),
      ...(fault === undefined ? {} : { fault }),
    })
  const body = await readBody(req)
  if (body.kind === 'aborted') {
    res.destroy()
    logEntry(0, 'aborted')
    return
  }
  let outcome: Outcome
  const late: Lateness = { until: 0 }
  try {
    outcome = await dispatch(req, deps, ids, body, late)
  } catch (error) {
    outcome = { kind: 'respond', response: errorResponse(error, ids) }
  }
  // A late GET's answer is worked out during its wait (dispatch), its bytes too: a page of 1000 devices
  // is ~1 MB of JSON, ~1 ms to encode, which otherwise came after the wait.
  const encoded =
    late.until > 0 && outcome.kind === 'respond' && outcome.response.jsonText !== undefined ? Buffer.from(outcome.response.jsonText, 'utf8') : undefined
  await waitUntil(late.until)
  if (outcome.kind === 'hang') {
    deps.hung.add(res)
    res.on('close', () => deps.hung.delete(res))
    logEntry(0, 'hang')
    return
  }
  let response = outcome.response
  const faults = outcome.faults
  if (faults?.repeatNextLink) response = repeatNextLink(response, deps, req)
  const tenant = outcome.tenant ?? deps
  if (tenant.state.dirty) {
    try {
      tenant.persist()
      tenant.state.dirty = false
    } catch (error) {
      response = errorResponse(error, ids)
    }
  }
  writeResponse(res, response, ids, {
    truncate: faults?.truncate === true && (response.body !== undefined || response.jsonText !== undefined),
    close: body.kind === 'too-large',
    // Unless a fault or a failed save changed the answer since.
    ...(encoded && response === outcome.response ? { encoded } : {}),
  })
  logEntry(response.status, faults && faults.applied.length > 0 ? faults.applied.join('+') : undefined)
}
