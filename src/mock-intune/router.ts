import type { MockResponse, RequestContext } from './http/context'

export type Handler = (ctx: RequestContext) => MockResponse | Promise<MockResponse>

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** Path after the version, `{name}` marks a parameter, e.g. `/deviceManagement/windowsAutopilotDeviceIdentities/{id}`. */
  path: string
  versions: readonly string[]
  handler: Handler
}

export type RouteMatch =
  { kind: 'found'; handler: Handler; params: Record<string, string> } | { kind: 'method-not-allowed'; allow: string[] } | { kind: 'not-found'; segment: string }

interface CompiledRoute {
  definition: RouteDefinition
  /** Lower-cased literals, or `{name}` for parameters. */
  parts: string[]
}

const isParam = (part: string): boolean => part.startsWith('{') && part.endsWith('}')

/**
 * Case-insensitive path matching with method dispatch.
 *
 * Graph treats path segments case-insensitively (WAC posts `…/devicemanagement/…/UpdateDeviceProperties`),
 * so literals are compared lower-cased; parameter values keep their original case.
 */
export class Router {
  private readonly routes: CompiledRoute[]

  constructor(definitions: readonly RouteDefinition[]) {
    this.routes = definitions.map((definition) => ({
      definition,
      parts: definition.path
        .split('/')
        .filter((p) => p !== '')
        .map((p) => (isParam(p) ? p : p.toLowerCase())),
    }))
  }

  match(version: string, method: string, segments: readonly string[]): RouteMatch {
    const allow = new Set<string>()
    let deepest = 0
    for (const route of this.routes) {
      if (!route.definition.versions.includes(version)) continue
      const { matched, params } = this.matchParts(route.parts, segments)
      deepest = Math.max(deepest, matched)
      if (matched !== segments.length || matched !== route.parts.length) continue
      if (route.definition.method === method) return { kind: 'found', handler: route.definition.handler, params }
      allow.add(route.definition.method)
    }
    if (allow.size > 0) return { kind: 'method-not-allowed', allow: [...allow].sort() }
    return { kind: 'not-found', segment: segments[deepest] ?? segments[segments.length - 1] ?? '' }
  }

  private matchParts(parts: readonly string[], segments: readonly string[]): { matched: number; params: Record<string, string> } {
    const params: Record<string, string> = {}
    let i = 0
    for (; i < parts.length && i < segments.length; i++) {
      const part = parts[i] ?? ''
      const segment = segments[i] ?? ''
      if (isParam(part)) {
        if (segment === '') break
        params[part.slice(1, -1)] = segment
      } else if (part !== segment.toLowerCase()) break
    }
    return { matched: i, params }
  }
}
