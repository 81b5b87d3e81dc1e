import { GraphError } from '../graph-errors'

export interface QueryPair {
  name: string
  value: string
  /** The undecoded `name=value` text, reused verbatim when building @odata.nextLink. */
  raw: string
}

export interface ParsedUrl {
  segments: string[]
  query: QueryPair[]
}

const malformed = (what: string): GraphError => new GraphError(400, 'BadRequest', `The request URI is not valid: malformed percent-encoding in the ${what}.`)

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw malformed(what)
  }
}

/** `windowsAutopilotDeviceIdentities('id')` is OData's key syntax for `…/id`; Graph accepts both. */
const KEY_SEGMENT = /^([^()']+)\('([^']*)'\)$/

function splitPath(path: string): string[] {
  const parts = path.split('/').slice(1)
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts.flatMap((part) => {
    const segment = decode(part, 'path')
    const key = KEY_SEGMENT.exec(segment)
    return key ? [key[1] ?? '', key[2] ?? ''] : [segment]
  })
}

function splitQuery(query: string): QueryPair[] {
  return query
    .split('&')
    .filter((raw) => raw !== '')
    .map((raw) => {
      const eq = raw.indexOf('=')
      const rawName = eq < 0 ? raw : raw.slice(0, eq)
      const rawValue = eq < 0 ? '' : raw.slice(eq + 1)
      // '+' means space in query strings (as ASP.NET, and so Graph, reads them).
      return { name: decode(rawName.replace(/\+/g, ' '), 'query'), value: decode(rawValue.replace(/\+/g, ' '), 'query'), raw }
    })
}

/** Splits a request target into decoded segments and query pairs; throws a 400 GraphError when malformed. */
export function parseRequestUrl(target: string): ParsedUrl {
  let rest = target
  const absolute = /^https?:\/\/[^/?#]*/i.exec(rest)
  if (absolute) rest = rest.slice(absolute[0].length) || '/'
  if (!rest.startsWith('/')) throw new GraphError(400, 'BadRequest', 'The request URI is not valid.')
  const hash = rest.indexOf('#')
  if (hash >= 0) rest = rest.slice(0, hash)
  const q = rest.indexOf('?')
  const path = q < 0 ? rest : rest.slice(0, q)
  return { segments: splitPath(path), query: q < 0 ? [] : splitQuery(rest.slice(q + 1)) }
}
