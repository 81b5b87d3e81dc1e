import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCoreHost, type CoreHost } from '@core/core-host'
import { dispatch } from '@core/dispatch'
import { embeddedMockTenant, newEmbeddedMockToken, tenantDbFileName } from '@core/tenant'
import { createScanStore } from '@renderer/stores/scan-store'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import type { Api } from '@shared/api'
import type { SignInProgress } from '@shared/identity-schemas'
import type { Channel, RequestOf, ResponseOf } from '@shared/channels'
import type { Result } from '@shared/result'
import { startMockIntune } from '@mock-intune'
import { startEntraMock } from '@mock-intune/entra/start-entra-mock'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { browse } from '../mock-intune/entra/support'
import { mockCloudOf } from '@support/identity-fixtures'

/**
 * Two tenants on one bench, each with its own synced cache: a scan the active tenant does not know but
 * the other one does names the other tenant (issue #14), through the real core host, worker and scan store.
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
  const api: Api = { invoke: call, on: () => () => undefined }
  return { host, call, api, dataDir, customer, customerDevices: customerDevices.value.items, demoDevices: demoDevices.value.items }
}

describe('a scan of a device from another tenant on this bench', () => {
  it('names the other tenant by name for a serial and for a QR, both ways, and is silent when nobody knows the device', async () => {
    const { host, call, api, dataDir, customer, customerDevices, demoDevices } = await twoTenants()
    const theirs = customerDevices[0]!
    const ours = demoDevices[0]!
    expect(host.core.tenant.id).toBe('demo')

    // The active (demo) cache misses the customer's device; the customer's cache file names it.
    expect(await call('devices:find-by-serial', { serialNumber: theirs.serialNumber })).toEqual({ ok: true, value: [] })
    expect(await call('devices:find-in-other-tenants', { serialNumber: theirs.serialNumber, ztdId: null })).toEqual({
      ok: true,
      value: { otherTenant: { id: customer.id, displayName: customer.displayName } },
    })
    expect(await call('devices:find-in-other-tenants', { serialNumber: 'NOBODY-HAS-THIS', ztdId: null })).toEqual({ ok: true, value: { otherTenant: null } })
    // The active tenant's own devices are never "in another tenant".
    expect(await call('devices:find-in-other-tenants', { serialNumber: ours.serialNumber, ztdId: null })).toEqual({ ok: true, value: { otherTenant: null } })

    // Through the scan store, as the Scan screen and the wedge do: a box-label serial…
    const store = createScanStore(api)
    await store.getState().submit(theirs.serialNumber, 'keyboard')
    expect(store.getState().lookup).toMatchObject({
      status: 'not-found',
      reason: 'other-tenant',
      otherTenant: { id: customer.id, displayName: customer.displayName },
    })
    // …and the device's QR code (ZtdId + serial): Intune here answers "no such device", the bench names the owner.
    await store
      .getState()
      .submit(buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId: theirs.id, serialNumber: theirs.serialNumber }), 'keyboard')
    expect(store.getState().lookup).toMatchObject({ status: 'not-found', reason: 'other-tenant', otherTenant: { id: customer.id } })

    // The other way round: on the customer tenant, a demo device is named as the demo tenant's.
    await call('identity:switch-tenant', { tenantId: customer.id })
    expect(await call('devices:find-in-other-tenants', { serialNumber: ours.serialNumber, ztdId: null })).toEqual({
      ok: true,
      value: { otherTenant: { id: 'demo', displayName: 'Contoso (demo tenant)' } },
    })

    // A damaged file of the other tenant is skipped: no hint, no failure.
    await call('identity:switch-tenant', { tenantId: 'demo' })
    writeFileSync(join(dataDir, tenantDbFileName(customer.id)), 'damaged')
    expect(await call('devices:find-in-other-tenants', { serialNumber: theirs.serialNumber, ztdId: null })).toEqual({ ok: true, value: { otherTenant: null } })
    await store.getState().submit(theirs.serialNumber, 'keyboard')
    expect(store.getState().lookup).toMatchObject({ status: 'not-found', reason: 'unknown-serial', otherTenant: null })
  })
})
