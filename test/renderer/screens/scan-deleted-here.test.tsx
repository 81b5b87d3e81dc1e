import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { ok } from '@support/renderer/fake-api'
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
    expect(api.callsTo('devices:deleted-here')).toEqual([{ serialNumber: 'PF3ABCDE', ztdId }])
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
})
