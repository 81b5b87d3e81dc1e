import { GraphError, IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { MockState } from '../mock-state'
import { readNameList, readSystemQuery, type SystemQuery } from '../odata/query-options'
import { buildNextLink } from '../paging'

/** Helpers shared by the resource routes: @odata.context, bodies, $select, in-memory paging. */

export const contextUrl = (ctx: RequestContext, fragment: string): string => `${ctx.baseUrl}/${ctx.version}/$metadata#${fragment}`

/** The Intune backend's path for error messages, with the client's query string. */
export const fefPath = (path: string, ctx: RequestContext): string => {
  const query = ctx.query.map((pair) => pair.raw).join('&')
  return query === '' ? path : `${path}?${query}`
}

/** A JSON object body (an absent body counts as `{}`); anything else is Graph's 400. */
export function objectBody(ctx: RequestContext): Record<string, unknown> {
  const body = ctx.body
  if (body === undefined) return {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    )
  }
  return body as Record<string, unknown>
}

/** Finds `name` among an action's parameters, case-insensitively (mock choice: clients send PascalCase too). */
export function actionParameters(body: Record<string, unknown>, allowed: readonly string[], fef: string): Map<string, unknown> {
  const result = new Map<string, unknown>()
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue
    const name = allowed.find((a) => a.toLowerCase() === key.toLowerCase())
    if (name === undefined) throw new IntuneError(400, 'BadRequest', fef, { detail: `Invalid ODataActionParameter '${key}'` })
    result.set(name, value)
  }
  return result
}

/** A string-or-null parameter; `null` becomes '' unless `nullable`. */
export function stringParameter(params: Map<string, unknown>, name: string, fef: string, nullable = false): string | null | undefined {
  if (!params.has(name)) return undefined
  const value = params.get(name)
  if (value === null) return nullable ? null : ''
  if (typeof value !== 'string') throw new IntuneError(400, 'BadRequest', fef, { detail: `Invalid ODataActionParameter '${name}': expected a string` })
  return value
}

/** $select over a plain object; names case-insensitive; `*` = everything; unknown names are Graph's 400. */
export function projection(select: string | undefined, available: readonly string[], defaults: readonly string[], typeName: string): readonly string[] {
  const names = readNameList('select', select)
  if (names === undefined || names.includes('*')) return names?.includes('*') ? available : defaults
  return names.map((name) => {
    const found = available.find((p) => p.toLowerCase() === name.toLowerCase())
    if (found === undefined) throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`)
    return found
  })
}

export function pick(source: Readonly<Record<string, unknown>>, names: readonly string[], odataType?: string): Record<string, unknown> {
  const out: Record<string, unknown> = odataType ? { '@odata.type': odataType } : {}
  for (const name of names) out[name] = source[name] ?? null
  return out
}

export interface ArrayPageOptions {
  /** Distinguishes skiptokens of different collections. */
  kind: string
  defaultTop: number
  maxTop: number
  /** 'clamp' a larger $top (Intune) or 'reject' it (directory: "Invalid page size specified"). */
  overflow: 'clamp' | 'reject'
  /** Path for nextLink, after the version, e.g. '/users'. */
  path: string
  /** Error for a bad skiptoken (Intune resources answer with the nested 400). */
  badToken: () => Error
  /** Honour $skip (offset) as well. */
  allowSkip?: boolean
}

/**
 * One page of an in-memory collection, keyed by position (mock choice: offset-based skiptokens;
 * these collections are small and rarely change while a client pages).
 */
export function pageArray<T>(
  state: MockState,
  ctx: RequestContext,
  query: SystemQuery,
  items: readonly T[],
  options: ArrayPageOptions,
): { value: T[]; nextLink?: string } {
  const top = readTopWith(query.top, options)
  let offset = 0
  if (query.skiptoken !== undefined) {
    const decoded = state.skipTokens.decodeValue(options.kind, query.skiptoken)
    if (typeof decoded !== 'number' || !Number.isSafeInteger(decoded) || decoded < 0) throw options.badToken()
    offset = decoded
  } else if (query.skip !== undefined && options.allowSkip) {
    if (!/^\d+$/.test(query.skip.trim())) throw new GraphError(400, 'BadRequest', `Invalid value '${query.skip}' for $skip query option found.`)
    offset = Number(query.skip.trim())
  }
  const value = items.slice(offset, offset + top)
  const next = offset + top
  if (next >= items.length) return { value }
  return { value, nextLink: buildNextLink(ctx, options.path, state.skipTokens.encodeValue(options.kind, next)) }
}

export function readTopWith(value: string | undefined, options: Pick<ArrayPageOptions, 'defaultTop' | 'maxTop' | 'overflow'>): number {
  if (value === undefined) return options.defaultTop
  const text = value.trim()
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new GraphError(400, 'BadRequest', `Invalid value '${value}' for $top query option found. The $top query option requires a positive integer value.`)
  const top = Number(text)
  if (top > options.maxTop) {
    if (options.overflow === 'reject')
      throw new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${top}'. Must be between 1 and ${options.maxTop} inclusive.`)
    return options.maxTop
  }
  return top
}

/** A collection page, keys in the order of Microsoft's paging examples: context, then nextLink, then value (docs/reference/graph-api.md §B11). */
export const listBody = (context: string, value: unknown[], nextLink?: string): Record<string, unknown> => ({
  '@odata.context': context,
  ...(nextLink === undefined ? {} : { '@odata.nextLink': nextLink }),
  value,
})

export const ok = (body: unknown): MockResponse => ({ status: 200, body })
export const created = (body: unknown): MockResponse => ({ status: 201, body })
export const noContent = (): MockResponse => ({ status: 204 })

export const systemQuery = (ctx: RequestContext): SystemQuery => readSystemQuery(ctx.query, ctx.version)

/** ISO-8601 with seconds precision, or the Intune "never" for null. */
export const isoOrNever = (ms: number | null): string => (ms === null ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'))
