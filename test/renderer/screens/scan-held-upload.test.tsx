import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { ok } from '@support/renderer/fake-api'
import { renderScanApp, scanInField } from '@support/renderer/scan-app'

/**
 * A scan of a device whose hardware hash waits in an upload on this PC (Register devices): the scan says so,
 * not "upload its hardware hash" (a walk scanned a device of a Failed upload and was sent to upload it again).
 */
const failed = { importId: 'imp-1', state: 'failed', createdAt: '2026-12-07T09:30:00.000Z', registered: false }
const notFoundHere = {
  'devices:find-by-serial': () => ok([]),
  'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
  'devices:deleted-here': () => ok({ deletedAt: null }),
}

describe('Scan of a device whose hash is in an upload on this PC', () => {
  it('a Failed upload: says so, with when, retry or export in Register devices, and a way there', async () => {
    const { api, stores } = renderScanApp({ ...notFoundHere, 'registration:find-held-hash': () => ok({ upload: failed }) })
    await scanInField('QAW5-0001')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('in-upload'))
    expect(card.textContent).toContain('Its hardware hash is in an upload on this PC')
    expect(card.textContent).toMatch(/The upload of .*2026.* stopped trying .* retry it, or export its devices not registered/)
    expect(card.textContent).not.toMatch(/upload its hardware hash/)
    expect(api.callsTo('registration:find-held-hash')).toEqual([{ serialNumber: 'QAW5-0001' }])
    fireEvent.click(within(card).getByRole('button', { name: 'Open Register devices' }))
    await waitFor(() => expect(stores.ui.getState().screen).toBe('register'))
  })

  it('registered by this app and not synced yet, from a Win×5 code Intune does not know yet', async () => {
    const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
    renderScanApp({
      ...notFoundHere,
      'devices:get-device': () => ok(null),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
      'registration:find-held-hash': () => ok({ upload: { ...failed, state: 'waiting', registered: true } }),
    })
    await scanInField(buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'QAW5-0002' }))
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('in-upload'))
    expect(card.textContent).toMatch(/Intune registered it from the upload of .*; it shows here once Windows Autopilot devices list it/)
  })

  it('no upload holds it: the usual "not registered" answer stays', async () => {
    renderScanApp({ ...notFoundHere, 'registration:find-held-hash': () => ok({ upload: null }) })
    await scanInField('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('unknown-serial'))
    expect(card.textContent).toContain('upload its hardware hash')
  })
})
