import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tenantDbFileName } from '@core/tenant'
import { createScanStore } from '@renderer/stores/scan-store'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import type { Api } from '@shared/api'
import { useTempDirs } from '@support/temp-dir'
import { startTwoTenants } from '@support/two-tenant-host'

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
  const dataDir = tempDir()
  const tenants = await startTwoTenants(dataDir, cleanups)
  const api: Api = { invoke: tenants.call, on: () => () => undefined }
  return { ...tenants, api, dataDir }
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
