import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startCoreHost, type CoreHost } from '@core/core-host'
import { dispatch } from '@core/dispatch'
import { embeddedMockTenant, newEmbeddedMockToken } from '@core/tenant'
import type { SignInProgress } from '@shared/identity-schemas'
import type { Channel, RequestOf, ResponseOf } from '@shared/channels'
import type { Result } from '@shared/result'
import { startMockIntune } from '@mock-intune'
import type { EntraMock } from '@mock-intune/entra/start-entra-mock'
import type { EntraOptions } from '@mock-intune/entra/entra-options'
import { startEntraMock } from '@mock-intune/entra/start-entra-mock'
import { useTempDirs, workerPath } from '@support/temp-dir'
import type { SecretBox } from '@core/identity/token-cache'
import { browse, deviceLogin } from '../mock-intune/entra/support'
import { mockCloudOf, testSecretBox } from '@support/identity-fixtures'

/**
 * The app's sign-in end to end on the main thread: core host + identity service + MSAL, against the mock's
 * Entra provider (two tenants, signed JWTs, Graph that checks scopes and Intune roles).
 */
const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(
  entra: EntraOptions = {},
  devices = 30,
  faults?: string,
  reuse?: { mock: EntraMock; dataDir: string; box: SecretBox | null },
  pageSize?: number,
) {
  const mock =
    reuse?.mock ?? (await startEntraMock({ devices, throttle: 'off', seed: 7, ...(faults ? { faults } : {}), ...(pageSize ? { pageSize } : {}) }, entra))
  if (!reuse) cleanups.push(() => mock.close())
  const dataDir = reuse?.dataDir ?? tempDir()
  const token = newEmbeddedMockToken()
  const demo = embeddedMockTenant(await startMockIntune({ port: 0, token, devices: 5, throttle: 'off' }), token)
  const progress: SignInProgress[] = []
  const browserLogins: string[] = []
  let host: CoreHost | null = null
  host = await startCoreHost({
    dataDir,
    demoTenant: demo,
    workerPath: workerPath(),
    appVersion: 't',
    transport: 'http',
    box: reuse?.box ?? null,
    extraClouds: [mockCloudOf(mock)],
    extraCaPem: mock.caPem,
    syncOnOpen: false,
  })
  cleanups.push(() => host.close())
  host.bus.subscribe((name, payload) => {
    if (name !== 'identity:sign-in') return
    const event = payload as SignInProgress
    progress.push(event)
    // The "browser": the mock's sign-in page, as the technician would fill it in.
    if (event.state === 'open-browser' && browserLogins.length > 0) void browse(mock, event.url, browserLogins.shift()!)
  })
  const ended = (attemptId: string) =>
    new Promise<SignInProgress>((resolve) => {
      const check = () => {
        const end = progress.find((p) => p.attemptId === attemptId && (p.state === 'signed-in' || p.state === 'failed' || p.state === 'cancelled'))
        if (end) resolve(end)
        else setTimeout(check, 20)
      }
      check()
    })
  const ctx = { correlationId: 'sign-in-test', log: host.log }
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>) => (await dispatch(host.handlers, channel, request, ctx)) as Result<ResponseOf<C>>
  const signInBrowser = async (login: string, input: Parameters<CoreHost['identity']['startSignIn']>[0]) => {
    browserLogins.push(login)
    return ended(host.identity.startSignIn(input).attemptId)
  }
  const syncNow = async () => {
    await host.core.sync.start('test-sync')
    await host.core.sync.idle()
    return host.core.sync.status()
  }
  return { mock, host, progress, ended, call, signInBrowser, syncNow, dataDir }
}

describe('sign-in to customer tenants', () => {
  it('adds the second tenant by auth code + PKCE, syncs its own devices, switches back and forth, signs out', async () => {
    const { mock, host, call, signInBrowser, syncNow } = await start()
    const second = mock.tenants[1]!
    const done = await signInBrowser(`tech@${second.domain}`, {
      tenantId: null,
      add: { tenant: second.domain, clientId: mock.clientId, cloud: 'test' },
      flow: 'browser',
    })
    expect(done).toMatchObject({ state: 'signed-in', tenantId: second.id })

    const overview = await call('identity:get-overview', {})
    expect(overview.ok && overview.value.tenants.map((t) => [t.id, t.signIn])).toEqual([
      ['demo', 'not-needed'],
      [second.id, 'signed-in'],
    ])
    const added = overview.ok ? overview.value.tenants[1]! : null
    expect(added?.username).toBe(`tech@${second.domain}`)
    expect(added?.displayName).toBe(second.displayName) // the organization's name, read with User.Read
    expect(added?.granted).toContain('DeviceManagementServiceConfig.ReadWrite.All')
    expect(added?.access.every((row) => row.available)).toBe(true)
    // Names and ids only: no token reaches the renderer's view.
    expect(JSON.stringify(overview)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/)

    expect(await call('identity:switch-tenant', { tenantId: second.id })).toEqual({ ok: true, value: { active: second.id } })
    expect(host.core.tenant.id).toBe(second.id)
    const status = await syncNow()
    expect(status.lastError).toBeNull()
    const theirs = await call('devices:list-devices', {})
    expect(theirs.ok && theirs.value.total).toBe(30)

    await call('identity:switch-tenant', { tenantId: 'demo' })
    const demoDevices = await call('devices:list-devices', {})
    expect(demoDevices.ok && demoDevices.value.total).toBe(0) // the demo's own cache: never synced here, and never the other tenant's
    await call('identity:switch-tenant', { tenantId: second.id })
    const again = await call('devices:list-devices', {})
    expect(again.ok && again.value.items.map((d) => d.id)).toEqual(theirs.ok ? theirs.value.items.map((d) => d.id) : null)

    expect(await call('identity:sign-out', { tenantId: second.id })).toEqual({ ok: true, value: {} })
    const after = await call('identity:get-overview', {})
    expect(after.ok && after.value.tenants[1]?.signIn).toBe('signed-out')
    // Offline of sign-in, the cache stays readable; Graph needs sign-in again, said as such.
    const cached = await call('devices:list-devices', {})
    expect(cached.ok && cached.value.total).toBe(30)
    const refused = await call('devices:run-online-action', { action: 'autopilot-sync', deviceId: null })
    expect(refused).toMatchObject({ ok: false, error: { code: 'needs-sign-in' } })
    // A sync without a sign-in ends saying so (not "session token").
    const started = await call('sync:start-sync', {})
    if (started.ok) await host.core.sync.idle()
    const afterSync = await call('sync:get-status', {})
    expect(started.ok ? afterSync.ok && afterSync.value.lastError?.code : !started.ok && started.error.code).toBe('needs-sign-in')
  }, 60_000)

  it('a token lifetime shorter than the sync: the sync refreshes and completes', async () => {
    // Every Graph answer takes 0.3 s and the devices come in 5 pages of 20: the sync outlives its 1 s token.
    const { mock, host, signInBrowser, syncNow, call } = await start({ tokenLifetime: 1 }, 100, 'latency=1:ms=300', undefined, 20)
    const first = mock.tenants[0]!
    const done = await signInBrowser(`tech@${first.domain}`, {
      tenantId: null,
      add: { tenant: first.id, clientId: mock.clientId, cloud: 'test' },
      flow: 'browser',
    })
    expect(done.state).toBe('signed-in')
    // Named by the organization even when the sign-in's token expired before that read arrived (refreshed once).
    expect(done.state === 'signed-in' && done.displayName).toBe(first.displayName)
    await call('identity:switch-tenant', { tenantId: first.id })
    const status = await syncNow()
    expect(status.lastError).toBeNull()
    expect(status.deviceCount).toBe(100)
    expect(host.core.tenant.id).toBe(first.id)
    // It did outlive its token: Graph refused one mid-run and the worker got a fresh one from the core.
    // (The file log is written asynchronously: poll.)
    await expect.poll(() => readFileSync(host.log.file, 'utf8')).toContain('graph token refreshed after 401')
    const log = readFileSync(host.log.file, 'utf8')
    // …and no token was written to the log.
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/)
  }, 60_000)

  it('reader@ can read, and a write is refused naming the Intune role; then writes are off with the reason', async () => {
    const { mock, signInBrowser, syncNow, call } = await start()
    const first = mock.tenants[0]!
    await signInBrowser(`reader@${first.domain}`, { tenantId: null, add: { tenant: first.id, clientId: mock.clientId, cloud: 'test' }, flow: 'browser' })
    await call('identity:switch-tenant', { tenantId: first.id })
    expect((await syncNow()).lastError).toBeNull()
    const refused = await call('devices:run-online-action', { action: 'autopilot-sync', deviceId: null })
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-permitted' } })
    expect(!refused.ok && refused.error.message).toContain('Policy and Profile Manager')
    const overview = await call('identity:get-overview', {})
    const write = overview.ok ? overview.value.tenants[1]!.access.find((row) => row.feature === 'autopilot-write') : null
    expect(write).toMatchObject({ available: false })
    expect(write?.reason).toContain('Intune role')
  }, 60_000)

  it('device code: the code and address are published, the sign-in completes', async () => {
    const { mock, host, progress, ended } = await start()
    const first = mock.tenants[0]!
    const { attemptId } = host.identity.startSignIn({
      tenantId: null,
      add: { tenant: first.domain, clientId: mock.clientId, cloud: 'test' },
      flow: 'device-code',
    })
    await expect.poll(() => progress.find((p) => p.attemptId === attemptId && p.state === 'device-code')).toBeTruthy()
    const code = progress.find((p) => p.attemptId === attemptId && p.state === 'device-code')
    if (code?.state !== 'device-code') throw new Error('no code')
    expect(code.verificationUri).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/devicelogin$/)
    expect((await deviceLogin(mock, code.userCode, `tech@${first.domain}`)).status).toBe(200)
    expect(await ended(attemptId)).toMatchObject({ state: 'signed-in', tenantId: first.id })
  }, 60_000)

  it.each([
    ['a client id unknown in the tenant', { clientId: '11111111-2222-3333-4444-555555555555' }, 'app-not-found'],
    ['a tenant that does not exist', { tenant: 'nowhere.example' }, 'tenant-not-found'],
  ])(
    '%s: explained, and nothing is saved',
    async (_name, change, problem) => {
      const { mock, host, ended, call } = await start()
      const first = mock.tenants[0]!
      const { attemptId } = host.identity.startSignIn({
        tenantId: null,
        add: { tenant: first.domain, clientId: mock.clientId, cloud: 'test', ...change },
        flow: 'device-code',
      })
      const end = await ended(attemptId)
      expect(end).toMatchObject({ state: 'failed', explanation: { problem } })
      const overview = await call('identity:get-overview', {})
      expect(overview.ok && overview.value.tenants).toHaveLength(1)
    },
    60_000,
  )

  it('cancel on the sign-in page: cancelled, nothing saved', async () => {
    const { mock, host, ended, call } = await start()
    const first = mock.tenants[0]!
    host.bus.subscribe((name, payload) => {
      const event = payload as SignInProgress
      if (name === 'identity:sign-in' && event.state === 'open-browser') void browse(mock, event.url, `tech@${first.domain}`, { action: 'cancel' })
    })
    const { attemptId } = host.identity.startSignIn({ tenantId: null, add: { tenant: first.domain, clientId: mock.clientId, cloud: 'test' }, flow: 'browser' })
    const end = await ended(attemptId)
    expect(['cancelled', 'failed']).toContain(end.state)
    if (end.state === 'failed') expect(['consent-denied', 'cancelled']).toContain(end.explanation.problem)
    const overview = await call('identity:get-overview', {})
    expect(overview.ok && overview.value.tenants).toHaveLength(1)
  }, 60_000)

  it('the sign-in service out of reach once the browser opens: the attempt ends with the network explanation, not an endless wait', async () => {
    const { mock, host, ended, call } = await start()
    const first = mock.tenants[0]!
    host.bus.subscribe((name, payload) => {
      // No browser comes back, and the sign-in service is gone (the network dropped as the page opened).
      if (name === 'identity:sign-in' && (payload as SignInProgress).state === 'open-browser') void mock.close()
    })
    const started = Date.now()
    const { attemptId } = host.identity.startSignIn({ tenantId: null, add: { tenant: first.domain, clientId: mock.clientId, cloud: 'test' }, flow: 'browser' })
    const end = await ended(attemptId)
    expect(end).toMatchObject({ state: 'failed', explanation: { problem: 'login-unreachable' } })
    expect(Date.now() - started).toBeLessThan(15_000)
    const overview = await call('identity:get-overview', {})
    expect(overview.ok && overview.value.tenants).toHaveLength(1)
  }, 60_000)

  it('bad input is refused before anything starts', async () => {
    const { call } = await start()
    const bad = await call('identity:start-sign-in', { add: { tenant: 'tech@contoso.com', clientId: 'x', cloud: 'test' }, flow: 'browser' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } })
  }, 60_000)
})

describe('the sign-in survives a restart (encrypted cache), and the last tenant opens first', () => {
  it('reopens the customer tenant signed in, from an encrypted token file, with its cache readable', async () => {
    const box = testSecretBox()
    const first = await start({}, 25)
    const dataDir = first.dataDir
    // Restart with the box: a host of its own on the same data folder.
    await first.host.close()
    const withBox = await start({}, 25, undefined, { mock: first.mock, dataDir, box })
    const tenant = withBox.mock.tenants[0]!
    const done = await withBox.signInBrowser(`tech@${tenant.domain}`, {
      tenantId: null,
      add: { tenant: tenant.id, clientId: withBox.mock.clientId, cloud: 'test' },
      flow: 'browser',
    })
    expect(done.state).toBe('signed-in')
    await withBox.call('identity:switch-tenant', { tenantId: tenant.id })
    expect((await withBox.syncNow()).deviceCount).toBe(25)
    await withBox.host.close()

    const files = readdirSync(dataDir)
    expect(files).toContain(`tokens-${tenant.id}.bin`)
    expect(files.filter((name) => name.startsWith('tokens-pending'))).toEqual([])
    const sealed = readFileSync(join(dataDir, `tokens-${tenant.id}.bin`)).toString('latin1')
    expect(sealed).not.toMatch(/eyJ|refresh_token|RefreshToken|secret/)
    expect(readFileSync(join(dataDir, 'tenants.json'), 'utf8')).not.toMatch(/eyJ/)

    const again = await start({}, 25, undefined, { mock: first.mock, dataDir, box })
    expect(again.host.core.tenant.id).toBe(tenant.id)
    const overview = await again.call('identity:get-overview', {})
    expect(overview.ok && overview.value.tenants.find((t) => t.id === tenant.id)?.signIn).toBe('signed-in')
    expect(overview.ok && overview.value.storage.mode).toBe('encrypted-file')
    const devices = await again.call('devices:list-devices', {})
    expect(devices.ok && devices.value.total).toBe(25)
    // And Graph works with the token read back from the file (silently, no browser).
    expect((await again.syncNow()).lastError).toBeNull()
  }, 60_000)
})

describe('a sign-in that did not survive the restart', () => {
  it('memory only (browser mode): the tenant says "sign in again", the outbox waits without retrying, and the sign-in delivers the change', async () => {
    const first = await start({}, 12)
    const tenant = first.mock.tenants[0]!
    const added = await first.signInBrowser(`tech@${tenant.domain}`, {
      tenantId: null,
      add: { tenant: tenant.id, clientId: first.mock.clientId, cloud: 'test' },
      flow: 'browser',
    })
    expect(added.state).toBe('signed-in')
    await first.call('identity:switch-tenant', { tenantId: tenant.id })
    expect((await first.syncNow()).deviceCount).toBe(12)
    await first.host.close()

    // The same data folder, no secret box: the tokens were in the first process's memory only.
    const again = await start({}, 12, undefined, { mock: first.mock, dataDir: first.dataDir, box: null })
    expect(again.host.core.tenant.id).toBe(tenant.id)
    const overview = await again.call('identity:get-overview', {})
    const summary = overview.ok ? overview.value.tenants.find((t) => t.id === tenant.id) : null
    expect(summary?.signIn).toBe('needs-sign-in')
    expect(summary?.signInReason).toMatch(/memory only.*Sign in again/)

    const logged = vi.spyOn(again.host.log, 'log')
    const devices = await again.call('devices:list-devices', {})
    const device = devices.ok ? devices.value.items[0]! : null
    const queued = await again.call('changes:queue-change', { deviceId: device!.id, change: { kind: 'group-tag', groupTag: 'AFTER-SIGN-IN' } })
    expect(queued.ok).toBe(true)
    // Before: the waiting change's past retry time set the timer to 250 ms, four failed runs a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const runs = logged.mock.calls.filter(([, message]) => /^outbox (delivery failed|waits for a sign-in)/.test(String(message)))
    expect(runs.length).toBeLessThanOrEqual(1)
    expect(again.host.core.outbox.isWaitingForSignIn()).toBe(true)

    const signedIn = await again.signInBrowser(`tech@${tenant.domain}`, { tenantId: tenant.id, add: null, flow: 'browser' })
    expect(signedIn.state).toBe('signed-in')
    await expect
      .poll(
        async () => {
          const changes = await again.call('changes:list-changes', { deviceId: null, includeFinished: true })
          return changes.ok ? changes.value.map((item) => item.state) : null
        },
        { timeout: 15_000 },
      )
      .toEqual(['done'])
    const after = await again.call('identity:get-overview', {})
    expect(after.ok && after.value.tenants.find((t) => t.id === tenant.id)?.signIn).toBe('signed-in')
  }, 60_000)

  it('an encrypted cache that cannot be read (another key): the tenant says "sign in again", not "Signed in as …"', async () => {
    const first = await start({}, 5, undefined, undefined)
    await first.host.close()
    const withBox = await start({}, 5, undefined, { mock: first.mock, dataDir: first.dataDir, box: testSecretBox() })
    const tenant = withBox.mock.tenants[0]!
    const added = await withBox.signInBrowser(`tech@${tenant.domain}`, {
      tenantId: null,
      add: { tenant: tenant.id, clientId: withBox.mock.clientId, cloud: 'test' },
      flow: 'browser',
    })
    expect(added.state).toBe('signed-in')
    await withBox.host.close()

    // Another OS key (another Windows user, a reset profile): the file is there but cannot be decrypted.
    const otherKey = await start({}, 5, undefined, { mock: first.mock, dataDir: first.dataDir, box: testSecretBox() })
    const overview = await otherKey.call('identity:get-overview', {})
    const summary = overview.ok ? overview.value.tenants.find((t) => t.id === tenant.id) : null
    expect(summary?.signIn).toBe('needs-sign-in')
    expect(summary?.signInReason).toMatch(/could not be read on this computer\. Sign in again/)
  }, 60_000)
})
