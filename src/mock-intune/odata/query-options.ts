import { GraphError } from '../graph-errors'
import type { ApiVersion } from '../http/context'
import type { QueryPair } from '../http/parse-url'

/**
 * Reads OData system query options the way Graph does.
 *
 * Names are matched case-insensitively ($TOP = $top; mock choice), on beta the `$` is optional
 * ("On the beta endpoint, the $ prefix is optional"), a repeated option is a 400, and an unknown
 * `$option` is a 400. Custom (non-$) parameters are ignored. Which options a resource supports is
 * the route's business: this module only parses.
 */
export const SYSTEM_OPTIONS = ['top', 'skip', 'filter', 'select', 'expand', 'orderby', 'count', 'search', 'skiptoken', 'format'] as const
export type SystemOption = (typeof SYSTEM_OPTIONS)[number]

export type SystemQuery = Partial<Record<SystemOption, string>>

const badRequest = (message: string): GraphError => new GraphError(400, 'BadRequest', message)

function systemName(name: string, version: ApiVersion): SystemOption | undefined {
  const lower = name.trim().toLowerCase()
  const bare = lower.startsWith('$') ? lower.slice(1) : version === 'beta' ? lower : undefined
  return SYSTEM_OPTIONS.find((option) => option === bare)
}

export function readSystemQuery(pairs: readonly QueryPair[], version: ApiVersion): SystemQuery {
  const query: SystemQuery = {}
  for (const pair of pairs) {
    const option = systemName(pair.name, version)
    if (option === undefined) {
      if (pair.name.trim().startsWith('$')) throw badRequest(`The query parameter '${pair.name}' is not supported.`)
      continue
    }
    if (query[option] !== undefined) throw badRequest(`Query option '$${option}' was specified more than once, but it must be specified at most once.`)
    query[option] = pair.value
  }
  return query
}

/** True when `pair` is the skiptoken option, so nextLink can drop the old one and keep the rest verbatim. */
export const isSkipTokenPair = (pair: QueryPair, version: ApiVersion): boolean => systemName(pair.name, version) === 'skiptoken'

/** $top: a positive integer; larger than `max` is clamped (Graph's documented leniency, §B11). */
export function readTop(value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw badRequest(`Invalid value '${value}' for $top query option found. The $top query option requires a positive integer value.`)
  return Math.min(Number(text), max)
}

/** Comma-separated property names for $select / $expand; nested options like `a($select=b)` are refused. */
export function readNameList(option: 'select' | 'expand', value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const names = value.split(',').map((name) => name.trim())
  for (const name of names) {
    if (!/^(\*|[A-Za-z_][A-Za-z0-9_]*)$/.test(name)) throw badRequest(`The $${option} option '${value}' is not valid: only plain property names are supported.`)
  }
  return names
}
