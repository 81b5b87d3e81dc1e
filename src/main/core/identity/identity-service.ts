import { randomUUID } from 'node:crypto'
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { PublicClientApplication, LogLevel as MsalLogLevel, type AccountInfo, type AuthenticationResult, type Configuration } from '@azure/msal-node'
import { CLOUDS, authorityFor, cloudById, defaultScopeFor, checkClientIdInput, checkTenantInput, type Cloud } from '@shared/domain/clouds'
import { featureAccess, grantedPermissions, REQUIRED_PERMISSIONS, type Feature } from '@shared/domain/permissions'
import { explainSignInError, type IdentityExplanation } from '@shared/domain/identity-errors'
import type { IdentityOverview, SignInFlow, SignInProgress, TenantSummary } from '@shared/identity-schemas'
import { AppFailure } from '../app-error'
import type { FileLogger } from '../logging/file-logger'
import { graphRootTenant, type Tenant } from '../tenant'
import { createNetworkClient } from './network-client'
import { readOrganization } from './read-organization'
import { createTenantRegistry, DEMO_TENANT_ID, type TenantRecord } from './tenant-registry'
import { createTokenCachePlugin, deleteTokenCacheFile, tokenStorageOf, type SecretBox } from './token-cache'
import { endSentence } from '@shared/domain/sentence'

/** A clock further off than this makes tokens look expired or not yet valid (docs/reference/identity.md §errors). */
const CLOCK_SKEW_LIMIT_MS = 5 * 60_000

export interface IdentityServiceOptions {
  dataDir: string
  log: FileLogger
  /** safeStorage in Electron; null elsewhere (memory only). */
  box: SecretBox | null
  /** Electron: the system browser (shell.openExternal). Absent: the renderer opens the URL in a new tab. */
  openSystemBrowser?: (url: string) => Promise<void>
  /** Clouds besides the built-in ones — the test authority of the mock; never from the renderer. */
  extraClouds?: readonly Cloud[]
  /** A CA to trust in addition to the system roots (the mock's, a bench proxy's). */
  extraCaPem?: string | null
  emitProgress: (progress: SignInProgress) => void
  /** Something the renderer shows changed (tenants, sign-in state, permissions). */
  onChanged: () => void
  /** A sign-in succeeded: what waited for it (the outbox) may go on. */
  onSignedIn?: (tenantId: string) => void
  /** Switch the core to this tenant (close one cache database, open the other). */
  activate: (tenantId: string) => Promise<void>
}

interface Attempt {
  cancel: () => void
  cancelled: boolean
}

const DEMO_DISPLAY_NAME = 'Contoso (demo tenant)'

/** How long the sign-in service gets to answer the reachability check of a browser sign-in (ms). */
const SIGN_IN_REACH_TIMEOUT_MS = 10_000

/** The authority's OpenID metadata for an authorize URL (`…/{tenant}/oauth2/v2.0/authorize?…`): a GET with no side effects. */
function signInMetadataUrl(authorizeUrl: string): string {
  const url = new URL(authorizeUrl)
  const tenantPath = url.pathname.replace(/\/oauth2\/(v2\.0\/)?authorize$/, '')
  return `${url.origin}${tenantPath}/v2.0/.well-known/openid-configuration`
}

export function createIdentityService(options: IdentityServiceOptions) {
  const { log } = options
  const registry = createTenantRegistry(options.dataDir)
  const network = createNetworkClient({ extraCaPem: options.extraCaPem })
  const clouds = new Map<string, Cloud>([...Object.values(CLOUDS), ...(options.extraClouds ?? [])].map((cloud) => [cloud.id, cloud]))
  const clients = new Map<string, PublicClientApplication>()
  const attempts = new Map<string, Attempt>()
  /** Why a tenant needs sign-in again, in words (kept in memory; a restart asks MSAL afresh). */
  const signInReasons = new Map<string, string>()
  const cacheFile = (key: string) => join(options.dataDir, `tokens-${key.replace(/[^A-Za-z0-9-]/g, '_')}.bin`)

  const cloudOf = (id: string): Cloud => {
    const cloud = clouds.get(id) ?? cloudById(id)
    if (!cloud) throw new AppFailure('invalid', `This app does not know the cloud "${id}". Only the global Microsoft cloud is supported.`)
    return cloud
  }

  function newClient(cloud: Cloud, authorityTenant: string, clientId: string, file: () => string): PublicClientApplication {
    const holder = { plugin: createTokenCachePlugin({ file: file(), box: options.box, log }) }
    const plugin = holder.plugin && {
      // The file is looked up on each access: an added tenant's cache moves to its final name after sign-in.
      beforeCacheAccess: (ctx: Parameters<NonNullable<typeof holder.plugin>['beforeCacheAccess']>[0]) =>
        createTokenCachePlugin({ file: file(), box: options.box, log })!.beforeCacheAccess(ctx),
      afterCacheAccess: (ctx: Parameters<NonNullable<typeof holder.plugin>['afterCacheAccess']>[0]) =>
        createTokenCachePlugin({ file: file(), box: options.box, log })!.afterCacheAccess(ctx),
    }
    const config: Configuration = {
      auth: { clientId, authority: authorityFor(cloud, authorityTenant), knownAuthorities: [cloud.authorityHost] },
      ...(plugin ? { cache: { cachePlugin: plugin } } : {}),
      system: {
        networkClient: network,
        loggerOptions: {
          // PII off: MSAL then logs neither user names nor tokens; only warnings and errors reach our log.
          piiLoggingEnabled: false,
          logLevel: MsalLogLevel.Warning,
          loggerCallback: (level, message) => log.log(level <= MsalLogLevel.Error ? 'warn' : 'debug', 'msal', { message: message.slice(0, 300) }),
        },
      },
    }
    return new PublicClientApplication(config)
  }

  function clientFor(record: TenantRecord): PublicClientApplication {
    let client = clients.get(record.id)
    if (!client) {
      client = newClient(cloudOf(record.cloud), record.authorityTenant, record.clientId, () => cacheFile(record.id))
      clients.set(record.id, client)
    }
    return client
  }

  async function accountOf(record: TenantRecord): Promise<AccountInfo | null> {
    if (!record.homeAccountId) return null
    return clientFor(record).getTokenCache().getAccountByHomeId(record.homeAccountId)
  }

  function explainFailure(error: unknown, flow: 'interactive' | 'device-code' | 'silent'): { explanation: IdentityExplanation; detail: string } {
    const e = error as { errorCode?: string; errorMessage?: string; subError?: string; message?: string }
    const said = (e.errorMessage || e.message || String(error)).split('\n')[0]!.slice(0, 400)
    // MSAL drops the AADSTS code of some failures; the sign-in endpoint's own answer still has it.
    const server = network.takeServerError()
    const detail = !/AADSTS\d+/.test(said) && server ? `${server} (${e.errorCode ?? said})` : said
    const skew = network.clockSkewMs
    if (skew !== null && Math.abs(skew) > CLOCK_SKEW_LIMIT_MS) return { explanation: explainSignInError({ code: 'clock_skew' }), detail }
    const networkFailure = /network_error|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|certificate|self.signed/i.test(`${e.errorCode ?? ''} ${detail}`)
    if (networkFailure && !/AADSTS/.test(detail)) return { explanation: explainSignInError({ code: 'network_error' }), detail }
    return { explanation: explainSignInError({ code: e.errorCode ?? null, message: detail, subError: e.subError ?? null, flow }), detail }
  }

  async function acquire(client: PublicClientApplication, flow: SignInFlow, attemptId: string, attempt: Attempt, scopes: string[], loginHint: string | null) {
    if (flow === 'device-code') {
      const request = {
        scopes,
        cancel: false,
        deviceCodeCallback: (response: { userCode: string; verificationUri: string; expiresIn: number; message: string }) => {
          // MSAL does not await this callback: a throw here would go nowhere, so stop polling instead.
          try {
            options.emitProgress({
              attemptId,
              state: 'device-code',
              userCode: response.userCode,
              verificationUri: response.verificationUri,
              expiresAt: new Date(Date.now() + response.expiresIn * 1000).toISOString(),
              message: response.message || null,
            })
          } catch {
            request.cancel = true
          }
        },
      }
      attempt.cancel = () => {
        request.cancel = true
      }
      return client.acquireTokenByDeviceCode(request)
    }
    // MSAL knows Microsoft's sign-in endpoints without asking the network, so with Microsoft out of reach
    // the browser opened on an error page and this waited for an answer that could not come: the sign-in
    // service is asked once for its metadata as the browser opens, and a network failure ends the attempt.
    let unreachable: (error: unknown) => void = () => undefined
    const outOfReach = new Promise<never>((_, reject) => {
      unreachable = reject
    })
    const signIn = client.acquireTokenInteractive({
      scopes,
      prompt: 'select_account',
      ...(loginHint ? { loginHint } : {}),
      openBrowser: async (url: string) => {
        if (options.openSystemBrowser) await options.openSystemBrowser(url)
        options.emitProgress({ attemptId, state: 'open-browser', url, openedBySystem: Boolean(options.openSystemBrowser) })
        void network.sendGetRequestAsync(signInMetadataUrl(url), {}, SIGN_IN_REACH_TIMEOUT_MS).catch(unreachable)
      },
      successTemplate: '<!doctype html><title>Signed in</title><h1>Signed in</h1><p>You can close this tab and return to Autopilot Bench.</p>',
      errorTemplate:
        '<!doctype html><title>Sign-in did not finish</title><h1>Sign-in did not finish</h1><p>Return to Autopilot Bench: it says what happened and what to do next.</p>',
    })
    // The browser flow cannot be stopped inside MSAL (as with Cancel): a late answer of the losing side is ignored.
    signIn.catch(() => undefined)
    return Promise.race([signIn, outOfReach])
  }

  async function runSignIn(
    attemptId: string,
    attempt: Attempt,
    input: { record: TenantRecord | null; add: { tenant: string; clientId: string; cloud: string } | null; flow: SignInFlow },
  ) {
    const pendingKey = `pending-${attemptId}`
    let finalFile: string | null = null
    try {
      const cloud = cloudOf(input.record?.cloud ?? input.add?.cloud ?? 'global')
      const scopes = [defaultScopeFor(cloud)]
      // Adding: a client of its own on a pending cache file, so a failed add leaves nothing behind.
      const client = input.record ? clientFor(input.record) : newClient(cloud, input.add!.tenant, input.add!.clientId, () => finalFile ?? cacheFile(pendingKey))
      network.takeServerError()
      const result: AuthenticationResult | null = await acquire(client, input.flow, attemptId, attempt, scopes, input.record?.username ?? null)
      if (attempt.cancelled || !result) throw Object.assign(new Error('cancelled'), { errorCode: 'user_cancelled' })
      log.addSecret(result.accessToken)
      const tenantId = (result.tenantId || result.account?.tenantId || '').toLowerCase()
      if (!/^[0-9a-f-]{36}$/.test(tenantId) || !result.account)
        throw Object.assign(new Error('The sign-in answer named no tenant.'), { errorCode: 'invalid_grant' })
      if (input.record && input.record.id !== tenantId)
        throw Object.assign(new Error(`AADSTS50020: signed in to another tenant (${tenantId})`), { errorCode: 'invalid_grant' })
      const granted = grantedPermissions(result.scopes, cloud.graphResource)
      const account = result.account
      const org = await readOrganization(
        { graphRoot: cloud.graphRoot, token: result.accessToken, log },
        async () => (await client.acquireTokenSilent({ account, scopes, forceRefresh: true })).accessToken,
      )
      const username = result.account.username || null
      const domain =
        org?.domain ?? input.record?.domain ?? (input.add && !/^[0-9a-f-]{36}$/.test(input.add.tenant) ? input.add.tenant : (username?.split('@')[1] ?? null))
      const record: TenantRecord = {
        id: tenantId,
        authorityTenant: input.record?.authorityTenant ?? tenantId,
        displayName: org?.displayName ?? input.record?.displayName ?? domain ?? tenantId,
        domain,
        clientId: input.record?.clientId ?? input.add!.clientId,
        cloud: cloud.id,
        homeAccountId: result.account.homeAccountId,
        username,
        granted,
        roleRefused: input.record?.roleRefused ?? [],
        addedAt: input.record?.addedAt ?? new Date().toISOString(),
      }
      if (!input.record) {
        // The pending cache becomes the tenant's; then the record is written in one step.
        finalFile = cacheFile(tenantId)
        if (existsSync(cacheFile(pendingKey))) renameSync(cacheFile(pendingKey), finalFile)
        clients.set(
          tenantId,
          newClient(cloud, tenantId, record.clientId, () => cacheFile(tenantId)),
        )
        if (!options.box) {
          // Memory only: the sign-in lives in this client's memory, so keep it instead of a fresh one.
          clients.set(tenantId, client)
        }
      }
      registry.upsert(record)
      signInReasons.delete(tenantId)
      options.emitProgress({ attemptId, state: 'signed-in', tenantId, displayName: record.displayName })
      options.onChanged()
      options.onSignedIn?.(tenantId)
    } catch (error) {
      if (!input.record) deleteTokenCacheFile(cacheFile(pendingKey))
      const failure = explainFailure(error, input.flow === 'device-code' ? 'device-code' : 'interactive')
      if (attempt.cancelled || failure.explanation.problem === 'cancelled') options.emitProgress({ attemptId, state: 'cancelled' })
      else {
        log.log('warn', 'sign-in failed', { problem: failure.explanation.problem, code: failure.explanation.code, flow: input.flow })
        options.emitProgress({ attemptId, state: 'failed', ...failure })
      }
    } finally {
      attempts.delete(attemptId)
    }
  }

  /**
   * tenants.json keeps the account's key, not the sign-in: the tokens live in MSAL's cache, in memory only
   * in browser mode (gone after a restart) or in a file that may not be readable any more (another user, a
   * new OS key). A restart said "Signed in as …" from the key alone while every Graph call failed, so the
   * state is read from the cache itself.
   */
  async function lostSignInReason(record: TenantRecord): Promise<string | null> {
    if (!record.homeAccountId) return null
    const account = await accountOf(record).catch(() => null)
    if (account) return null
    return options.box
      ? `The saved sign-in of ${record.username ?? 'this tenant'} could not be read on this computer. Sign in again.`
      : `Sign-ins are kept in memory only here, so the sign-in of ${record.username ?? 'this tenant'} ended when the app last closed. Sign in again.`
  }

  async function summaryOf(record: TenantRecord): Promise<TenantSummary> {
    const reason = signInReasons.get(record.id) ?? (await lostSignInReason(record))
    return {
      id: record.id,
      displayName: record.displayName,
      domain: record.domain,
      kind: 'graph',
      cloud: record.cloud,
      clientId: record.clientId,
      active: registry.activeId === record.id,
      signIn: !record.homeAccountId ? 'signed-out' : reason ? 'needs-sign-in' : 'signed-in',
      username: record.username,
      signInReason: reason,
      granted: record.granted,
      access: featureAccess({ granted: record.granted, roleRefused: record.roleRefused as Feature[] }),
    }
  }

  const service = {
    registry,
    get activeTenantId() {
      return registry.activeId
    },

    async overview(): Promise<IdentityOverview> {
      const demo: TenantSummary = {
        id: DEMO_TENANT_ID,
        displayName: DEMO_DISPLAY_NAME,
        domain: null,
        kind: 'embedded-mock',
        cloud: 'demo',
        clientId: null,
        active: registry.activeId === DEMO_TENANT_ID,
        signIn: 'not-needed',
        username: null,
        signInReason: null,
        granted: [...REQUIRED_PERMISSIONS],
        access: featureAccess({ granted: REQUIRED_PERMISSIONS }),
      }
      return {
        tenants: [demo, ...(await Promise.all(registry.list().map(summaryOf)))],
        storage: tokenStorageOf(options.box),
        clouds: [...clouds.values()].map((cloud) => ({ id: cloud.id, displayName: cloud.displayName })),
        requiredPermissions: [...REQUIRED_PERMISSIONS],
        signInAvailable: true,
      }
    },

    /** Starts a sign-in (adding a tenant, or again for a known one); progress comes as events. Bad input is refused before anything starts. */
    startSignIn(request: { tenantId: string | null; add: { tenant: string; clientId: string; cloud: string } | null; flow: SignInFlow }): {
      attemptId: string
    } {
      let record: TenantRecord | null = null
      let add: { tenant: string; clientId: string; cloud: string } | null = null
      if (request.tenantId) {
        record = registry.get(request.tenantId)
        if (!record) throw new AppFailure('not-found', 'That tenant is no longer in the list. Add it again.')
      } else if (request.add) {
        const tenant = checkTenantInput(request.add.tenant)
        if (!tenant.ok) throw new AppFailure('invalid', tenant.reason)
        const clientId = checkClientIdInput(request.add.clientId)
        if (!clientId.ok) throw new AppFailure('invalid', clientId.reason)
        cloudOf(request.add.cloud)
        add = { tenant: tenant.value, clientId: clientId.value, cloud: request.add.cloud }
      } else throw new AppFailure('invalid', 'Choose a tenant to sign in to, or add one.')
      const attemptId = randomUUID()
      const attempt: Attempt = { cancelled: false, cancel: () => undefined }
      attempts.set(attemptId, attempt)
      void runSignIn(attemptId, attempt, { record, add, flow: request.flow })
      return { attemptId }
    },

    cancelSignIn(attemptId: string): boolean {
      const attempt = attempts.get(attemptId)
      if (!attempt) return false
      attempt.cancelled = true
      attempt.cancel()
      // The browser flow cannot be stopped inside MSAL; its late answer is ignored (attempt.cancelled).
      options.emitProgress({ attemptId, state: 'cancelled' })
      attempts.delete(attemptId)
      return true
    },

    /** A token for Graph, refreshed silently; a tenant that needs the user again says why. */
    async getToken(tenantId: string, forceRefresh = false): Promise<string> {
      const record = registry.get(tenantId)
      if (!record) throw new AppFailure('unauthorized', 'This tenant was removed. Pick another tenant.')
      const account = await accountOf(record)
      if (!account) {
        throw new AppFailure(
          'unauthorized',
          `${endSentence(`You are not signed in to ${record.displayName}`)} Sign in under Settings › Tenants; cached data stays readable meanwhile.`,
        )
      }
      try {
        const result = await clientFor(record).acquireTokenSilent({ account, scopes: [defaultScopeFor(cloudOf(record.cloud))], forceRefresh })
        log.addSecret(result.accessToken)
        const granted = grantedPermissions(result.scopes, cloudOf(record.cloud).graphResource)
        if (granted.join(' ') !== record.granted.join(' ')) {
          registry.update(record.id, { granted })
          options.onChanged()
        }
        if (signInReasons.delete(record.id)) options.onChanged()
        return result.accessToken
      } catch (error) {
        const { explanation } = explainFailure(error, 'silent')
        if (explanation.problem === 'login-unreachable') throw new AppFailure('offline', `${explanation.title} ${explanation.fix}`)
        signInReasons.set(record.id, `${explanation.title} ${explanation.fix}`)
        options.onChanged()
        throw new AppFailure('unauthorized', `${explanation.title} ${explanation.fix}`)
      }
    },

    /** The tenant seam for the core (docs/reference/identity.md §msal): Graph root from the cloud, tokens from MSAL. */
    tenantFor(tenantId: string): Tenant {
      const record = registry.get(tenantId)
      if (!record) throw new AppFailure('not-found', 'That tenant is not in the list.')
      return graphRootTenant({
        graphRoot: cloudOf(record.cloud).graphRoot,
        id: record.id,
        displayName: record.displayName,
        getToken: () => service.getToken(record.id),
        refreshToken: () => service.getToken(record.id, true),
      })
    },

    async signOut(tenantId: string): Promise<void> {
      const record = registry.get(tenantId)
      if (!record) return
      const cache = clientFor(record).getTokenCache()
      for (const account of await cache.getAllAccounts()) await cache.removeAccount(account)
      deleteTokenCacheFile(cacheFile(record.id))
      clients.delete(record.id)
      // The user name stays as the next sign-in's hint; the account key goes.
      registry.update(record.id, { homeAccountId: null })
      signInReasons.delete(record.id)
      options.onChanged()
    },

    async removeTenant(tenantId: string): Promise<void> {
      if (tenantId === DEMO_TENANT_ID) throw new AppFailure('invalid', 'The demo tenant is built in and cannot be removed.')
      if (!registry.get(tenantId)) return
      await service.signOut(tenantId)
      if (registry.activeId === tenantId) await service.switchTenant(DEMO_TENANT_ID)
      registry.remove(tenantId)
      options.onChanged()
    },

    async switchTenant(tenantId: string): Promise<string> {
      if (tenantId !== DEMO_TENANT_ID && !registry.get(tenantId)) throw new AppFailure('not-found', 'That tenant is not in the list. Add it first.')
      if (registry.activeId === tenantId) return tenantId
      await options.activate(tenantId)
      registry.setActive(tenantId)
      options.onChanged()
      return tenantId
    },

    /** Graph refused a feature for the user's Intune role: remember it so the control says why. */
    recordRoleRefusal(tenantId: string, feature: Feature) {
      const record = registry.get(tenantId)
      if (!record || record.roleRefused.includes(feature)) return
      registry.update(tenantId, { roleRefused: [...record.roleRefused, feature] })
      options.onChanged()
    },
  }
  return service
}

export type IdentityService = ReturnType<typeof createIdentityService>
