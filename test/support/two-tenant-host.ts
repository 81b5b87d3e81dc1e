import { expect } from 'vitest'
import { startCoreHost, type CoreHost } from '@core/core-host'
import { dispatch } from '@core/dispatch'
import { embeddedMockTenant, newEmbeddedMockToken } from '@core/tenant'
import type { SignInProgress } from '@shared/identity-schemas'
import type { Channel, RequestOf, ResponseOf } from '@shared/channels'
import type { Result } from '@shared/result'
import { startMockIntune } from '@mock-intune'
import { startEntraMock } from '@mock-intune/entra/start-entra-mock'
import { workerPath } from '@support/temp-dir'
import { mockCloudOf } from '@support/identity-fixtures'
import { browse } from '../mock-intune/entra/support'

/**
 * Two tenants on one bench through the real core host and worker: the demo tenant (5 devices) and a
 * customer tenant of the mock Entra (12 devices) signed in as a technician would, each cache synced in
 * turn, the demo tenant active at the end. `cleanups` gets the host and the mocks, last first.
 */
export async function startTwoTenants(dataDir: string, cleanups: Array<() => Promise<void>>) {
  const mock = await startEntraMock({ devices: 12, throttle: 'off', seed: 11 }, {})
  cleanups.push(() => mock.close())
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
  return { host, call, customer, customerDevices: customerDevices.value.items, demoDevices: demoDevices.value.items }
}
