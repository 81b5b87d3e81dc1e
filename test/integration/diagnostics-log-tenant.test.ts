import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { startCoreHost, type CoreHost } from '@core/core-host'
import { dispatch } from '@core/dispatch'
import { embeddedMockTenant, newEmbeddedMockToken } from '@core/tenant'
import type { SignInProgress } from '@shared/identity-schemas'
import type { Channel, RequestOf, ResponseOf } from '@shared/channels'
import type { Result } from '@shared/result'
import { startMockIntune } from '@mock-intune'
import { startEntraMock } from '@mock-intune/entra/start-entra-mock'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { browse } from '../mock-intune/entra/support'
import { mockCloudOf } from '@support/identity-fixtures'

/**
 * The app log is one file for every tenant used on this PC. Through the real core host, worker and
 * both tenants' syncs: a day bundle of one tenant carries that tenant's lines only — never the other
 * tenant's id, name, device ids or Graph paths (the tester's Fabrikam day bundle held 1,662 lines of
 * everyone's activity, Contoso Ltd's included).
 */
const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function twoTenants() {
  const mock = await startEntraMock({ devices: 12, throttle: 'off', seed: 11 }, {})
  cleanups.push(() => mock.close())
  const dataDir = tempDir()
  const token = newEmbeddedMockToken()
  const demo = embeddedMockTenant(await startMockIntune({ port: 0, token, devices: 5, throttle: 'off' }), token)
  const host: CoreHost = await startCoreHost({
    dataDir,
    demoTenant: demo,
    workerPath: workerPath(),
    appVersion: 't',
    transport: 'http',
    box: null,
    extraClouds: [mockCloudOf(mock)],
    extraCaPem: mock.caPem,
    syncOnOpen: false,
  })
  cleanups.push(() => host.close())
  const ctx = { correlationId: 'other-tenant-test', log: host.log }
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>) => (await dispatch(host.handlers, channel, request, ctx)) as Result<ResponseOf<C>>
  const sync = async () => {
    await host.core.sync.start('test-sync')
    await host.core.sync.idle()
    expect((await host.core.sync.status()).lastError).toBeNull()
  }
  const customer = mock.tenants[1]!
  // Sign in to the customer tenant as a technician would (the mock's sign-in page).
  let login = false
  host.bus.subscribe((name, payload) => {
    const event = payload as SignInProgress
    if (name === 'identity:sign-in' && event.state === 'open-browser' && !login) {
      login = true
      void browse(mock, event.url, `tech@${customer.domain}`)
    }
  })
  const signedIn = new Promise<SignInProgress>((resolve) =>
    host.bus.subscribe((name, payload) => {
      const event = payload as SignInProgress
      if (name === 'identity:sign-in' && (event.state === 'signed-in' || event.state === 'failed')) resolve(event)
    }),
  )
  host.identity.startSignIn({ tenantId: null, add: { tenant: customer.domain, clientId: mock.clientId, cloud: 'test' }, flow: 'browser' })
  expect(await signedIn).toMatchObject({ state: 'signed-in', tenantId: customer.id })
  // Each tenant's cache synced in turn: the customer's, then the demo's.
  await call('identity:switch-tenant', { tenantId: customer.id })
  await sync()
  const customerDevices = await call('devices:list-devices', {})
  await call('identity:switch-tenant', { tenantId: 'demo' })
  await sync()
  const demoDevices = await call('devices:list-devices', {})
  if (!customerDevices.ok || !demoDevices.ok) throw new Error('listing failed')
  return { host, call, dataDir, customer, customerDevices: customerDevices.value.items, demoDevices: demoDevices.value.items }
}

describe('a diagnostics bundle after using two tenants today', () => {
  it('holds the exported tenant’s log lines only, both ways, redacted or not', async () => {
    const { call, customer, customerDevices, demoDevices } = await twoTenants()
    const day = new Date().toISOString().slice(0, 10)
    const exportLog = async (redact: { serials: boolean; users: boolean }) => {
      const exported = await call('diagnostics:export-bundle', { scope: { kind: 'day', id: day }, redact })
      if (!exported.ok) throw new Error(exported.error.message)
      return strFromU8(unzipSync(Buffer.from(exported.value.bytesBase64, 'base64'))['app-log.jsonl']!)
    }
    // On the demo tenant (active after twoTenants): its sync's lines, none of the customer's.
    for (const redact of [
      { serials: false, users: false },
      { serials: true, users: true },
    ]) {
      const log = await exportLog(redact)
      const tenants = new Set(
        log
          .trim()
          .split('\n')
          .map((line) => /"tenantId":"([^"]*)"/.exec(line)?.[1]),
      )
      expect(tenants).toEqual(new Set(['demo']))
      for (const leak of [customer.id, customer.displayName, customer.domain, ...customerDevices.slice(0, 5).map((d) => d.id)]) expect(log).not.toContain(leak)
    }
    // The other way round: on the customer tenant, none of the demo tenant's lines.
    await call('identity:switch-tenant', { tenantId: customer.id })
    const log = await exportLog({ serials: true, users: true })
    const tenants = new Set(
      log
        .trim()
        .split('\n')
        .map((line) => /"tenantId":"([^"]*)"/.exec(line)?.[1]),
    )
    expect(tenants).toEqual(new Set([customer.id]))
    for (const leak of ['"tenantId":"demo"', 'Contoso (demo tenant)', ...demoDevices.slice(0, 5).map((d) => d.id)]) expect(log).not.toContain(leak)
  })
})
