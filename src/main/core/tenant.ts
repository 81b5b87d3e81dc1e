import { randomBytes } from 'node:crypto'

/**
 * The tenant seam: where Graph lives, how to get a token, and which database caches it. The embedded
 * mock is the default; a real tenant later supplies a sign-in token provider and Graph's URL, and no
 * feature code changes.
 */
export interface Tenant {
  id: string
  displayName: string
  kind: 'embedded-mock' | 'graph'
  /** Graph beta root, e.g. https://graph.microsoft.com/beta or http://127.0.0.1:PORT/beta. */
  graphBaseUrl: string
  getToken(): Promise<string>
  /** A token fetched anew after Graph refused the last one (401); tenants without it cannot refresh. */
  refreshToken?(): Promise<string>
  close(): Promise<void>
}

/** Each tenant gets its own database file, so a second tenant can never mix into the first one's cache. */
export const tenantDbFileName = (tenantId: string): string => `cache-${tenantId.replace(/[^A-Za-z0-9-]/g, '_')}.db`

export interface EmbeddedMockServer {
  url: string
  /** The token the server accepts; the starter made it (newEmbeddedMockToken) and passed it in. */
  token: string
  close(): Promise<void>
}

/**
 * The embedded demo tenant's bearer token: 256 random bits (base64url) made by whoever starts the
 * embedded mock (Electron shell, web start-up), once per launch. The mock holds a copy of a tenant
 * and listens on loopback, so a fixed documented token would open it to every process on the machine.
 */
export const newEmbeddedMockToken = (): string => randomBytes(32).toString('base64url')

/** At least 256 bits of base64url: what newEmbeddedMockToken makes (and the mock's own default). */
const strongToken = /^[A-Za-z0-9_-]{43,}$/

/** The embedded mock as a tenant; `token` (default: the server's) is what the core's token provider hands out. */
export function embeddedMockTenant(server: EmbeddedMockServer, token: string = server.token): Tenant {
  if (!strongToken.test(token)) throw new Error('The embedded tenant needs a random per-launch token (newEmbeddedMockToken()), not a fixed one.')
  return {
    id: 'demo',
    displayName: 'Contoso (demo tenant)',
    kind: 'embedded-mock',
    graphBaseUrl: `${server.url}/beta`,
    getToken: async () => token,
    close: () => server.close(),
  }
}

/**
 * A tenant at an external Graph root — `https://graph.microsoft.com` or a mock's `http://127.0.0.1:PORT` —
 * with the caller's token source (the headless sync: GRAPH_TOKEN or a token file). The app appends
 * `/beta` (and `/v1.0` for groups) itself. `id` names the cache file, so keep it per tenant.
 */
export function graphRootTenant(options: {
  graphRoot: string
  id: string
  displayName: string
  getToken: () => Promise<string>
  refreshToken?: () => Promise<string>
}): Tenant {
  return {
    id: options.id,
    displayName: options.displayName,
    kind: 'graph',
    graphBaseUrl: `${options.graphRoot.replace(/\/+$/, '')}/beta`,
    getToken: options.getToken,
    ...(options.refreshToken ? { refreshToken: options.refreshToken } : {}),
    close: async () => undefined,
  }
}
