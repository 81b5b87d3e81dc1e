import type { MockIntuneOptions } from '../options'
import { resolveOptions } from '../options'
import { createState, serveGraph, tenantRoutes } from '../server'
import type { RequestLogEntry } from '../request-log'
import { makeTlsMaterial } from './certificates'
import { resolveEntraOptions, type EntraOptions } from './entra-options'
import { entraTenants, type EntraAccount } from './entra-tenants'
import { entraGate } from './graph-gate'
import { IdentityProvider } from './identity-provider'
import { startIdpServer } from './idp-server'
import { newSigningKey } from './jwt'

/** How many tenants `--auth entra` makes (seeds S, S+1, …): two, so switching tenants can be tested. */
export const ENTRA_TENANT_COUNT = 2

export interface EntraMockTenant {
  id: string
  domain: string
  displayName: string
  /** https://127.0.0.1:PORT/<tenant id>: the MSAL authority. */
  authority: string
  accounts: readonly EntraAccount[]
}

export interface EntraMock {
  /** The Graph root, e.g. http://127.0.0.1:40313 (no trailing slash). */
  graphUrl: string
  /** The identity provider's origin, e.g. https://127.0.0.1:40315 (MSAL's knownAuthorities entry is its host:port). */
  idpOrigin: string
  tenants: readonly EntraMockTenant[]
  /** Path of the CA certificate (PEM) that signs the TLS certificate, and the PEM itself. */
  caPath: string
  caPem: string
  clientId: string
  password: string
  readonly requestLog: ReadonlyArray<RequestLogEntry>
  /** The lines the CLI prints (docs/mock-intune.md › Contract). */
  contractLines(): string[]
  close(): Promise<void>
}

/**
 * Starts the mock Graph (http) with one MockState per tenant and the mock Entra ID (https) in front of
 * it. Options of the bearer-token mode apply to every tenant, except `token` (unused) and `stateFile`
 * (refused: one file per tenant is not worth it for sign-in tests).
 */
export async function startEntraMock(options: MockIntuneOptions = {}, entraOptions: EntraOptions = {}): Promise<EntraMock> {
  if (options.stateFile !== undefined) throw new RangeError('--state cannot be combined with --auth entra (the sign-in tenants live in memory)')
  const resolved = resolveOptions(options)
  const entra = resolveEntraOptions(entraOptions)
  const states = Array.from({ length: ENTRA_TENANT_COUNT }, (_, i) => createState({ ...options, seed: resolved.seed + i }))
  const tenants = entraTenants(states, entra)
  const key = newSigningKey()
  const idp = new IdentityProvider(tenants, entra, key, '')
  const tls = makeTlsMaterial(entra.certDir)
  const gateTenants = tenants.map((tenant) => ({ tenant, routes: tenantRoutes(tenant.state) }))
  const first = gateTenants[0]
  if (!first) throw new Error('no tenants')
  let idpServer
  let graph
  try {
    // Always 127.0.0.1: the certificate names that address, and the contract prints it.
    idpServer = await startIdpServer(idp, tls, '127.0.0.1', 0)
    graph = await serveGraph({ ...first.routes, token: '', gate: entraGate(gateTenants, [key], (tid) => idp.issuer(tid)) }, resolved.host, resolved.port)
  } catch (error) {
    await idpServer?.close()
    tls.dispose()
    throw error
  }
  const origin = idpServer.origin
  const served = graph
  const idpClose = idpServer
  const list: EntraMockTenant[] = tenants.map((t) => ({
    id: t.id,
    domain: t.domain,
    displayName: t.displayName,
    authority: `${origin}/${t.id}`,
    accounts: t.accounts,
  }))
  let closing: Promise<void> | undefined
  return {
    graphUrl: served.url,
    idpOrigin: origin,
    tenants: list,
    caPath: tls.caPath,
    caPem: tls.caPem,
    clientId: entra.clientId,
    password: entra.password,
    get requestLog() {
      return served.requestLog
    },
    contractLines: () => [
      `graph: ${served.url}`,
      ...list.map((t) => `authority: ${t.authority} domain=${t.domain}`),
      `ca: ${tls.caPath}`,
      `client-id: ${entra.clientId}`,
      `password: ${entra.password}`,
    ],
    close() {
      closing ??= Promise.all([served.close(), idpClose.close()]).then(() => tls.dispose())
      return closing
    },
  }
}
