import type { QueryPair } from './parse-url'

export type ApiVersion = 'beta' | 'v1.0'

/** Everything a route handler may read about the request; built once per request by handle-request.ts. */
export interface RequestContext {
  method: string
  /** Graph version; /_sim routes see 'beta' (unused there). */
  version: ApiVersion
  /** Decoded path segments after the version, OData keys split out: `x('k')` → ['x', 'k']. */
  segments: readonly string[]
  /** Values of `{name}` segments in the matched route pattern. */
  params: Readonly<Record<string, string>>
  query: readonly QueryPair[]
  requestId: string
  clientRequestId: string
  /** Absolute origin used for @odata.context and @odata.nextLink, e.g. http://127.0.0.1:4321. */
  baseUrl: string
  receivedAt: Date
  /** The mock clock's time for this request (ms); all behaviour over time uses it. */
  now: number
  /** The parsed JSON body of POST/PATCH/PUT (undefined when empty, `""` or `null`). */
  body: unknown
  /** Request headers, lower-cased names. */
  headers: Readonly<Record<string, string | string[] | undefined>>
}

export interface MockResponse {
  status: number
  /** Serialised as JSON; omitted for 204. */
  body?: unknown
  headers?: Readonly<Record<string, string>>
  /** Write the body as is (e.g. a CSV download) instead of JSON. */
  raw?: { contentType: string; bytes: Buffer }
  /** A body already serialised as JSON text (large pages are built as text, not objects). */
  jsonText?: string
}
