import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { aad, AadError } from './aad-errors'
import type { ResolvedEntraOptions } from './entra-options'
import { findAccount, findTenant, type EntraAccount, type EntraTenant } from './entra-tenants'
import { signJwt, type SigningKey } from './jwt'

/**
 * The mock Entra ID's protocol logic without HTTP (docs/reference/entra-protocol.md §E1–§E6): discovery,
 * device codes, the authorize transaction, codes and refresh tokens, token issuing. idp-server.ts maps
 * requests onto it. Everything lives in memory for the run.
 */

export const GRAPH_RESOURCE = 'https://graph.microsoft.com'
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000'
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email'])
/** Codes and sign-in transactions live 10 minutes (Entra: codes ~10 minutes); refresh tokens a day (mock choice). */
const CODE_MS = 600_000
const REFRESH_MS = 86_400_000
/** Mock choice: poll every second (Entra says 5) so tests do not wait. */
const DEVICE_INTERVAL_S = 1

export type Form = Readonly<Record<string, string>>

interface Grant {
  tenant: EntraTenant
  account: EntraAccount
  /** Granted Graph permissions (bare names). */
  scopes: readonly string[]
  /** Whether the request had offline_access / openid (refresh and ID tokens). */
  offline: boolean
  openid: boolean
  nonce?: string
}

interface DeviceCode {
  tenant: EntraTenant
  userCode: string
  requested: readonly string[]
  expiresAt: number
  outcome: { kind: 'pending' } | { kind: 'done'; grant: Grant } | { kind: 'failed'; error: AadError } | { kind: 'redeemed' }
}

export interface AuthorizeTx {
  id: string
  tenant: EntraTenant
  redirectUri: string
  responseMode: 'form_post' | 'query'
  state: string | undefined
  nonce: string | undefined
  codeChallenge: string | undefined
  challengeMethod: 'S256' | 'plain'
  requested: readonly string[]
  loginHint: string | undefined
  expiresAt: number
}

/** Where the browser goes after the sign-in page: back to the app with these fields. */
export interface RedirectBack {
  redirectUri: string
  responseMode: 'form_post' | 'query'
  fields: Record<string, string>
}

const hashOf = (text: string) => createHash('sha256').update(text).digest()
const sameSecret = (a: string, b: string) => timingSafeEqual(hashOf(a), hashOf(b))
const opaque = (bytes = 32) => randomBytes(bytes).toString('base64url')
const seconds = (ms: number) => Math.floor(ms / 1000)

/** 'ABCDEFGHJ': 9 letters without I/O, like Entra's user codes. */
function newUserCode(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
  return [...randomBytes(9)].map((b) => letters[b % letters.length]).join('')
}

/** Splits a scope parameter into Graph permission names (bare) and whether `.default` or OIDC scopes were asked. */
export function parseScopes(scope: string): { graph: string[]; wantsDefault: boolean; offline: boolean; openid: boolean } {
  const graph: string[] = []
  let wantsDefault = false
  const words = scope.split(/\s+/).filter((w) => w !== '')
  for (const word of words) {
    if (OIDC_SCOPES.has(word.toLowerCase())) continue
    const lower = word.toLowerCase()
    const name = lower.startsWith(`${GRAPH_RESOURCE}/`)
      ? word.slice(GRAPH_RESOURCE.length + 1)
      : lower.startsWith(`${GRAPH_APP_ID}/`)
        ? word.slice(GRAPH_APP_ID.length + 1)
        : /^https?:\/\//i.test(word)
          ? undefined
          : word
    if (name === undefined || name === '') throw aad.badScope(word)
    if (name.toLowerCase() === '.default') wantsDefault = true
    else graph.push(name)
  }
  const lowerWords = new Set(words.map((w) => w.toLowerCase()))
  return { graph, wantsDefault, offline: lowerWords.has('offline_access'), openid: lowerWords.has('openid') }
}

export class IdentityProvider {
  private readonly deviceCodes = new Map<string, DeviceCode>()
  private readonly transactions = new Map<string, AuthorizeTx>()
  private readonly codes = new Map<
    string,
    { grant: Grant; redirectUri: string; challenge?: string; method: 'S256' | 'plain'; expiresAt: number; used: boolean }
  >()
  private readonly refreshTokens = new Map<string, { tenantId: string; grant: Grant; expiresAt: number }>()

  constructor(
    readonly tenants: readonly EntraTenant[],
    readonly options: ResolvedEntraOptions,
    readonly key: SigningKey,
    /** e.g. https://127.0.0.1:40315 — set once the server listens. */
    public origin: string,
    private readonly wallClock: () => number = Date.now,
  ) {}

  issuer(tenantId: string): string {
    return `${this.origin}/${tenantId}/v2.0`
  }

  tenant(name: string): EntraTenant {
    const tenant = findTenant(this.tenants, name)
    if (!tenant) throw aad.tenantNotFound(name)
    return tenant
  }

  openIdConfiguration(name: string): Record<string, unknown> {
    const tenant = this.tenant(name)
    const base = `${this.origin}/${name}`
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.issuer(tenant.id),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'name', 'tid', 'ver', 'oid', 'preferred_username', 'email'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      code_challenge_methods_supported: ['plain', 'S256'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    }
  }

  private checkClient(clientId: string | undefined, tenant: EntraTenant): void {
    if (clientId === undefined || clientId === '') throw aad.missing('client_id')
    if (clientId.toLowerCase() !== this.options.clientId) throw aad.appNotFound(clientId, tenant.id)
  }

  /** The Graph permissions this request receives, or AADSTS65001 when the tenant has not consented to them. */
  private grantScopes(tenant: EntraTenant, requested: readonly string[]): string[] {
    if (tenant.consented.size === 0) throw aad.consentMissing(this.options.clientId)
    const consented = [...tenant.consented]
    if (requested.length === 0) return consented
    const missing = requested.filter((name) => !consented.some((c) => c.toLowerCase() === name.toLowerCase()))
    if (missing.length > 0) throw aad.consentMissing(this.options.clientId)
    return consented.filter((c) => requested.some((r) => r.toLowerCase() === c.toLowerCase()))
  }

  /** Checks a login and password for `tenant`: AADSTS50020 for another tenant's account, AADSTS50126 for anything else wrong. */
  authenticate(tenant: EntraTenant, login: string, password: string): EntraAccount {
    const found = findAccount(this.tenants, login)
    const passwordOk = sameSecret(password, this.options.password)
    if (found && found.tenant !== tenant && passwordOk) throw aad.userNotInTenant(found.account.upn, found.tenant.id, tenant.id)
    if (!found || found.tenant !== tenant || !passwordOk) throw aad.badCredentials()
    return found.account
  }

  // ── Device code (§E2) ──────────────────────────────────────────────────────────────────────────

  startDeviceCode(tenantName: string, form: Form): Record<string, unknown> {
    const tenant = this.tenant(tenantName)
    this.checkClient(form.client_id, tenant)
    if (form.scope === undefined || form.scope.trim() === '') throw aad.missing('scope')
    const scopes = parseScopes(form.scope)
    const deviceCode = opaque(48)
    const userCode = newUserCode()
    const lifetime = this.options.deviceCodeLifetime
    this.deviceCodes.set(deviceCode, {
      tenant,
      userCode,
      requested: scopes.graph,
      expiresAt: this.wallClock() + lifetime * 1000,
      outcome: { kind: 'pending' },
    })
    const verificationUri = `${this.origin}/devicelogin`
    return {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: lifetime,
      interval: DEVICE_INTERVAL_S,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    }
  }

  /** The device login page's form. Throws the AADSTS error to show; errors that end the flow also end the code. */
  completeDeviceLogin(form: Form): EntraAccount | 'declined' {
    const userCode = (form.user_code ?? '').trim().toUpperCase()
    const entry = [...this.deviceCodes.values()].find((d) => d.userCode === userCode && d.outcome.kind === 'pending')
    if (!entry || this.wallClock() > entry.expiresAt) {
      throw new AadError('invalid_request', 70000, 'That code was not recognised or has expired. Check the code on your device and try again.')
    }
    if (form.action === 'cancel') {
      entry.outcome = { kind: 'failed', error: aad.deviceDeclined() }
      return 'declined'
    }
    let account: EntraAccount
    try {
      account = this.authenticate(entry.tenant, form.login ?? '', form.password ?? '')
    } catch (error) {
      // A wrong password leaves the code waiting (the user may try again); another tenant's account ends it.
      if (error instanceof AadError && error.code === 50020) entry.outcome = { kind: 'failed', error }
      throw error
    }
    try {
      if (entry.tenant.blockDeviceCode) throw aad.blockedByConditionalAccess()
      const scopes = this.grantScopes(entry.tenant, entry.requested)
      entry.outcome = { kind: 'done', grant: { tenant: entry.tenant, account, scopes, offline: true, openid: true } }
      return account
    } catch (error) {
      if (error instanceof AadError) entry.outcome = { kind: 'failed', error }
      throw error
    }
  }

  // ── Authorization code + PKCE (§E3) ───────────────────────────────────────────────────────────

  /** Validates an authorize request; errors here are shown on a page, never redirected (as Entra does for these). */
  startAuthorize(tenantName: string, query: Form): AuthorizeTx {
    const tenant = this.tenant(tenantName)
    this.checkClient(query.client_id, tenant)
    const redirectUri = query.redirect_uri ?? ''
    if (!this.redirectMatches(redirectUri)) throw aad.redirectMismatch(redirectUri, this.options.clientId)
    if (query.response_type !== 'code') throw aad.badResponseType()
    const method = query.code_challenge_method === 'plain' ? 'plain' : 'S256'
    const scopes = parseScopes(query.scope ?? '')
    const tx: AuthorizeTx = {
      id: opaque(),
      tenant,
      redirectUri,
      responseMode: query.response_mode === 'form_post' ? 'form_post' : 'query',
      state: query.state,
      nonce: query.nonce,
      codeChallenge: query.code_challenge,
      challengeMethod: method,
      requested: scopes.graph,
      loginHint: query.login_hint,
      expiresAt: this.wallClock() + CODE_MS,
    }
    this.transactions.set(tx.id, tx)
    return tx
  }

  transaction(id: string): AuthorizeTx | undefined {
    const tx = this.transactions.get(id)
    return tx && tx.expiresAt > this.wallClock() ? tx : undefined
  }

  /**
   * The sign-in page's answer. Wrong credentials throw (the page is shown again); a decline, consent
   * missing and a foreign account go back to the app as `error` + `error_description`.
   */
  finishAuthorize(tx: AuthorizeTx, form: Form): RedirectBack {
    const back = (fields: Record<string, string>): RedirectBack => {
      this.transactions.delete(tx.id)
      return { redirectUri: tx.redirectUri, responseMode: tx.responseMode, fields: { ...fields, ...(tx.state === undefined ? {} : { state: tx.state }) } }
    }
    const refuse = (error: AadError) => back({ error: error.error, error_description: error.message, error_codes: String(error.code) })
    if (form.action === 'cancel') return refuse(aad.declined())
    let account: EntraAccount
    try {
      account = this.authenticate(tx.tenant, form.login ?? '', form.password ?? '')
    } catch (error) {
      if (error instanceof AadError && error.code === 50020) return refuse(error)
      throw error
    }
    let scopes: string[]
    try {
      scopes = this.grantScopes(tx.tenant, tx.requested)
    } catch (error) {
      if (error instanceof AadError) return refuse(new AadError('access_denied', error.code, error.description))
      throw error
    }
    const code = opaque(48)
    this.codes.set(code, {
      grant: { tenant: tx.tenant, account, scopes, offline: true, openid: true, ...(tx.nonce === undefined ? {} : { nonce: tx.nonce }) },
      redirectUri: tx.redirectUri,
      ...(tx.codeChallenge === undefined ? {} : { challenge: tx.codeChallenge }),
      method: tx.challengeMethod,
      expiresAt: this.wallClock() + CODE_MS,
      used: false,
    })
    return back({ code, client_info: clientInfo(account, tx.tenant) })
  }

  /** prompt=none: the mock keeps no browser session, so a silent browser sign-in always needs interaction (AADSTS50058). */
  refuseSilentSignIn(tx: AuthorizeTx): RedirectBack {
    this.transactions.delete(tx.id)
    const error = aad.noSession()
    return {
      redirectUri: tx.redirectUri,
      responseMode: tx.responseMode,
      fields: { error: error.error, error_description: error.message, error_codes: String(error.code), ...(tx.state === undefined ? {} : { state: tx.state }) },
    }
  }

  /** `http://localhost` (the default) matches any port and path on loopback, as Entra treats native apps' loopback redirects. */
  private redirectMatches(uri: string): boolean {
    let given: URL
    let registered: URL
    try {
      given = new URL(uri)
      registered = new URL(this.options.redirectUri)
    } catch {
      return false
    }
    const loopback = (u: URL) => u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]')
    if (loopback(registered) && loopback(given)) return registered.pathname === '/' || registered.pathname === given.pathname
    return given.href === registered.href
  }

  // ── Token endpoint (§E4) ──────────────────────────────────────────────────────────────────────

  token(tenantName: string, form: Form): Record<string, unknown> {
    const tenant = this.tenant(tenantName)
    this.checkClient(form.client_id, tenant)
    const grantType = form.grant_type ?? ''
    if (grantType === '') throw aad.missing('grant_type')
    const askedOidc = parseScopes(form.scope ?? '')
    if (grantType === 'device_code' || grantType === 'urn:ietf:params:oauth:grant-type:device_code') return this.redeemDeviceCode(tenant, form)
    if (grantType === 'authorization_code') return this.redeemCode(tenant, form)
    if (grantType === 'refresh_token') return this.redeemRefreshToken(tenant, form, askedOidc.graph)
    throw aad.badGrant(grantType)
  }

  private redeemDeviceCode(tenant: EntraTenant, form: Form): Record<string, unknown> {
    const code = form.device_code
    if (code === undefined || code === '') throw aad.missing('device_code')
    const entry = this.deviceCodes.get(code)
    if (!entry || entry.tenant !== tenant) throw aad.badDeviceCode()
    if (entry.outcome.kind === 'failed') throw entry.outcome.error
    if (entry.outcome.kind === 'redeemed') throw aad.badDeviceCode()
    if (this.wallClock() > entry.expiresAt) {
      this.deviceCodes.delete(code)
      throw aad.deviceCodeExpired()
    }
    if (entry.outcome.kind === 'pending') throw aad.pending()
    const grant = entry.outcome.grant
    entry.outcome = { kind: 'redeemed' }
    return this.issue(grant, form)
  }

  private redeemCode(tenant: EntraTenant, form: Form): Record<string, unknown> {
    const code = form.code
    if (code === undefined || code === '') throw aad.missing('code')
    const entry = this.codes.get(code)
    if (!entry || entry.grant.tenant !== tenant || entry.expiresAt < this.wallClock()) throw aad.codeExpired()
    if (entry.used) throw aad.codeRedeemed()
    if (form.redirect_uri !== entry.redirectUri) throw aad.redirectChanged()
    if (entry.challenge !== undefined) {
      const verifier = form.code_verifier ?? ''
      const computed = entry.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url')
      if (verifier === '' || !sameSecret(computed, entry.challenge)) throw aad.pkceMismatch()
    } else throw aad.pkceRequired()
    entry.used = true
    return this.issue(entry.grant, form)
  }

  private redeemRefreshToken(tenant: EntraTenant, form: Form, requested: readonly string[]): Record<string, unknown> {
    const token = form.refresh_token
    if (token === undefined || token === '') throw aad.missing('refresh_token')
    const entry = this.refreshTokens.get(token)
    if (!entry || entry.expiresAt < this.wallClock()) throw aad.codeExpired()
    if (entry.tenantId !== tenant.id) throw aad.otherTenantToken()
    // Consent may have changed since; the new token carries what is consented now.
    const scopes = this.grantScopes(tenant, requested)
    // A refreshed ID token carries no nonce (that belonged to the interactive request).
    const { nonce: _nonce, ...grant } = entry.grant
    return this.issue({ ...grant, scopes }, form)
  }

  /** Access, ID and refresh token for a grant; the issuer's clock may be skewed (--clock-skew). */
  private issue(grant: Grant, form: Form): Record<string, unknown> {
    const { tenant, account } = grant
    const now = seconds(this.wallClock()) + this.options.clockSkew
    const lifetime = this.options.tokenLifetime
    const iss = this.issuer(tenant.id)
    const accessToken = signJwt(
      {
        aud: GRAPH_RESOURCE,
        iss,
        iat: now,
        nbf: now,
        exp: now + lifetime,
        tid: tenant.id,
        oid: account.oid,
        sub: createHash('sha256').update(`${account.oid}/graph`).digest('base64url').slice(0, 43),
        upn: account.upn,
        unique_name: account.upn,
        preferred_username: account.upn,
        name: account.name,
        appid: this.options.clientId,
        azp: this.options.clientId,
        app_displayname: 'Autopilot Bench (mock)',
        scp: grant.scopes.join(' '),
        uti: opaque(16),
        ver: '1.0',
      },
      this.key,
    )
    const idToken = signJwt(
      {
        aud: this.options.clientId,
        iss,
        iat: now,
        nbf: now,
        exp: now + 3600,
        tid: tenant.id,
        oid: account.oid,
        sub: createHash('sha256').update(`${account.oid}/${this.options.clientId}`).digest('base64url').slice(0, 43),
        preferred_username: account.upn,
        name: account.name,
        ver: '2.0',
        ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
      },
      this.key,
    )
    const refreshToken = opaque(64)
    this.refreshTokens.set(refreshToken, { tenantId: tenant.id, grant, expiresAt: this.wallClock() + REFRESH_MS })
    return {
      token_type: 'Bearer',
      scope: grant.scopes.map((s) => `${GRAPH_RESOURCE}/${s}`).join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      ...(form.client_info === '1' ? { client_info: clientInfo(account, tenant) } : {}),
    }
  }
}

/** MSAL's client_info: base64url JSON of the user's object id and home tenant. */
function clientInfo(account: EntraAccount, tenant: EntraTenant): string {
  return Buffer.from(JSON.stringify({ uid: account.oid, utid: tenant.id })).toString('base64url')
}
