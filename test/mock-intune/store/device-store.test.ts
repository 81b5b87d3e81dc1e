import { describe, expect, it } from 'vitest'
import { DeviceStore } from '@mock-intune/store/device-store'
import { TenantGenerator } from '@mock-intune/tenant/tenant-generator'

describe('DeviceStore', () => {
  const make = () => {
    const tenant = new TenantGenerator(11, 100)
    return { tenant, store: new DeviceStore(tenant) }
  }

  it('scans in serial order and resumes strictly after a key', () => {
    const { tenant, store } = make()
    const all = [...store.scan()].map((e) => e.serialNumber)
    expect(all).toHaveLength(100)
    const after = { serialNumber: tenant.serialAt(41), id: tenant.idAt(41) }
    expect([...store.scan(after)].map((e) => e.serialNumber)).toEqual(all.slice(42))
    // A key that no longer exists (deleted device) still resumes at the right place.
    expect([...store.scan({ serialNumber: `${tenant.serialAt(41)}!`, id: 'zzz' })][0]?.serialNumber).toBe(all[42])
  })

  it('overlays changed devices and hides deleted ones', () => {
    const { tenant, store } = make()
    const original = tenant.recordAt(5)
    store.put({ ...original, identity: { ...original.identity, groupTag: 'CHANGED' } })
    expect(store.get(original.identity.id)?.identity.groupTag).toBe('CHANGED')
    expect([...store.scan()][5]?.record().identity.groupTag).toBe('CHANGED')
    expect(store.delete(original.identity.id.toUpperCase())).toBe(true)
    expect(store.get(original.identity.id)).toBeUndefined()
    expect(store.delete(original.identity.id)).toBe(false)
    const ids = [...store.scan()].map((e) => e.id())
    expect(ids).toHaveLength(99)
    expect(ids).not.toContain(original.identity.id)
  })
})

describe('serializeDevice (the fast path for big pages)', () => {
  it('writes exactly what JSON.stringify(projectDevice(…)) writes, for generated, changed and imported devices', async () => {
    const { createState } = await import('@mock-intune/server')
    const { projectDevice, resolveProjection, serializeDevice } = await import('@mock-intune/serialize/device-identity-json')
    const { createIdentity } = await import('@mock-intune/domain/imports')
    const { updateProperties } = await import('@mock-intune/domain/device-actions')
    const state = createState({ devices: 300 })
    const records = [...state.devices.scan()].slice(0, 50).map((e) => e.record())
    const changed = updateProperties(state, records[0]!, { groupTag: 'KIOSK-LDN', displayName: 'X-1' })
    const imported = createIdentity(state, {
      id: state.newGuid(),
      serialNumber: 'PF00TEST',
      groupTag: '',
      userPrincipalName: '',
      productKey: '',
      hardwareIdentifier: null,
    })
    for (const version of ['beta', 'v1.0'] as const) {
      for (const [select, expand] of [
        [undefined, undefined],
        [['id', 'serialNumber'], undefined],
        [undefined, version === 'beta' ? ['deploymentProfile'] : undefined],
      ] as const) {
        const projection = resolveProjection(version, select ? [...select] : undefined, expand ? [...expand] : undefined)
        for (const record of [...records, changed, imported]) {
          const presented = state.present(record)
          expect(serializeDevice(presented, projection)).toBe(JSON.stringify(projectDevice(presented, projection)))
        }
      }
    }
  })
})
