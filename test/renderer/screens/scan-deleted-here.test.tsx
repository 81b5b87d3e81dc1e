import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { device, ok } from '@support/renderer/fake-api'
import { renderScanApp, scanInField } from '@support/renderer/scan-app'

/**
 * A scan of a device whose Windows Autopilot registration this app deleted (Register devices › Recycle):
 * the scan says so, with when, as the bench row does — not "register it" as if it had never been there.
 */
const deletedAt = '2026-01-05T09:30:00.000Z'
const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const payload = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'PF3ABCDE' })

describe('Scan of a device this app deleted from Windows Autopilot', () => {
  it('a serial scan: "deleted by this app" with the time, register its hash again, and a way to Register devices', async () => {
    const { api } = renderScanApp({
      'devices:find-by-serial': () => ok([]),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt }),
    })
    await scanInField('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('deleted-here'))
    expect(card.textContent).toContain('Deleted from Windows Autopilot by this app')
    // Europe/Berlin (the app's zone in the fake): 09:30 UTC is 10:30.
    expect(card.textContent).toMatch(/This app deleted its Windows Autopilot registration on .*2026.*10:30/)
    expect(card.textContent).toContain('register its hardware hash again')
    expect(card.textContent).not.toContain('It is not registered in this tenant')
    // Asked for the serial as typed first (then its keyboard-layout readings, as for another tenant).
    expect(api.callsTo('devices:deleted-here')[0]).toEqual({ serialNumber: 'PF9XYZ12', ztdId: null })
    await waitFor(() => expect(screen.getByTestId('scan-announcer').textContent).toContain('Deleted from Windows Autopilot by this app'))
    fireEvent.click(within(card).getByRole('button', { name: 'Open Register devices' }))
    const heading = await screen.findByRole('heading', { name: 'Register devices', level: 1 })
    await waitFor(() => expect(document.activeElement).toBe(heading))
  })

  it('a QR scan Intune answers "not found" for: the same words, asked by its device id and serial', async () => {
    const { api } = renderScanApp({
      'devices:get-device': () => ok(null),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt }),
    })
    await scanInField(payload)
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('deleted-here'))
    expect(card.textContent).toContain('Deleted from Windows Autopilot by this app')
    // Asked by the QR's id only: an earlier deletion of the serial says nothing about this registration.
    expect(api.callsTo('devices:deleted-here')).toEqual([{ serialNumber: null, ztdId }])
    // Before "register it again": the serial's registration now, in the cache and then in Intune (unreachable in this fake).
    expect(api.callsTo('devices:find-by-serial')).toEqual([{ serialNumber: 'PF3ABCDE' }])
    expect(api.callsTo('devices:find-by-serial-in-intune')).toEqual([{ serialNumber: 'PF3ABCDE' }])
    expect(screen.getByTestId('scan-intune-not-asked').textContent).toContain('Intune could not be asked whether it was registered again')
  })

  it('never deleted here: the usual answers stay', async () => {
    renderScanApp({
      'devices:find-by-serial': () => ok([]),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt: null }),
    })
    await scanInField('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('unknown-serial'))
    expect(card.textContent).toContain('upload its hardware hash')
  })

  // A tester: Recycle › Leave the tenant, the hash uploaded again (new record), then the QR the PC still shows (old id)
  // was told "register its hardware hash again" while a serial scan found the new registration.
  it('a QR of the deleted registration whose serial is registered again (cached): lands on the new record and says the QR is the old one', async () => {
    const again = device('PF3ABCDE', { id: '7a1c2b3d-0000-4000-8000-000000000001' })
    const { api } = renderScanApp({
      'devices:get-device': ({ id }) => ok(id === again.id ? again : null),
      'devices:find-by-serial': () => ok([again]),
      'devices:refresh-device': ({ id }) =>
        ok(
          id === again.id
            ? { device: again, source: 'online', notice: null }
            : { device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } },
        ),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': ({ ztdId: id }) => ok({ deletedAt: id === ztdId ? deletedAt : null }),
    })
    await scanInField(payload)
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-status')).toBe('found'))
    expect(card.getAttribute('data-device-id')).toBe(again.id)
    const note = screen.getByTestId('scan-replaced').textContent ?? ''
    expect(note).toContain(`device id ${ztdId}`)
    expect(note).toMatch(/this app deleted on .*2026.*10:30/)
    expect(note).toContain('registered again: this is its registration now')
    expect(card.textContent).not.toContain('register its hardware hash again')
    // From the cache, without asking Intune by serial; the new record is then refreshed by its own id, never the old one.
    expect(api.callsTo('devices:find-by-serial-in-intune')).toEqual([])
    await waitFor(() => expect(api.callsTo('devices:refresh-device')).toEqual([{ id: again.id }]))
  })

  it('a QR Intune no longer has, the serial registered again and not cached yet: found in Intune by serial', async () => {
    const again = device('PF3ABCDE', { id: '7a1c2b3d-0000-4000-8000-000000000002' })
    renderScanApp({
      'devices:get-device': () => ok(null),
      'devices:find-by-serial': () => ok([]),
      'devices:find-by-serial-in-intune': () => ok({ devices: [again], checked: true, notice: null }),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt: null }),
    })
    await scanInField(payload)
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-status')).toBe('found'))
    expect(card.getAttribute('data-device-id')).toBe(again.id)
    expect(screen.getByTestId('scan-replaced').textContent).toContain(`Intune no longer has device id ${ztdId}`)
  })

  it('a serial scan of a device deleted here and registered again since, not synced yet: Intune by serial before "register again"', async () => {
    const again = device('PF9XYZ12', { id: '7a1c2b3d-0000-4000-8000-000000000003' })
    renderScanApp({
      'devices:find-by-serial': () => ok([]),
      'devices:find-by-serial-in-intune': () => ok({ devices: [again], checked: true, notice: null }),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt }),
    })
    await scanInField('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-status')).toBe('found'))
    expect(card.getAttribute('data-device-id')).toBe(again.id)
    expect(screen.getByTestId('scan-replaced').textContent).toContain('This app deleted an earlier Windows Autopilot registration of this serial number')
  })

  it('deleted here and Intune has no new registration either: "register again", without the could-not-ask note', async () => {
    renderScanApp({
      'devices:find-by-serial': () => ok([]),
      'devices:find-by-serial-in-intune': () => ok({ devices: [], checked: true, notice: null }),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt }),
    })
    await scanInField('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('deleted-here'))
    expect(card.textContent).toContain('register its hardware hash again')
    expect(screen.queryByTestId('scan-intune-not-asked')).toBeNull()
  })
})
