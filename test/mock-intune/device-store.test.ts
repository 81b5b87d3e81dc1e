import { describe, expect, it } from 'vitest'
import { DeviceStore } from '../../src/mock-intune/store/device-store'
import { TenantGenerator } from '../../src/mock-intune/tenant/tenant-generator'

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
