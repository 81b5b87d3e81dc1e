import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { ok } from '@support/renderer/fake-api'
import { renderScanApp, scanInField } from '@support/renderer/scan-app'

/** A scan the active tenant does not know, but another tenant on this bench does: named, with the way to switch. */
const fabrikam = { id: '7c1e2f4a-0b7d-4d55-9a11-2b3c4d5e6f70', displayName: 'Fabrikam Ltd' }
const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const payload = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'PF3ABCDE' })

describe('Scan of a device another tenant holds', () => {
  it('a serial in no cache of this tenant but in Fabrikam’s: names both tenants, no hash upload, a button to Settings', async () => {
    const { api } = renderScanApp({
      'devices:find-by-serial': () => ok([]),
      'devices:find-in-other-tenants': () => ok({ otherTenant: fabrikam }),
    })
    await scanInField('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('other-tenant'))
    expect(card.getAttribute('data-other-tenant')).toBe(fabrikam.id)
    expect(card.textContent).toContain(
      'This device is registered in Fabrikam Ltd, not in Contoso Bench (the active tenant). Switch tenant in Settings to work on it.',
    )
    expect(card.textContent).toContain('PF9XYZ12')
    expect(card.textContent).not.toMatch(/hardware hash|Register it/i)
    expect(api.callsTo('devices:find-in-other-tenants')).toEqual([{ serialNumber: 'PF9XYZ12', ztdId: null }])
    await waitFor(() => expect(screen.getByTestId('scan-announcer').textContent).toContain('Fabrikam Ltd'))

    fireEvent.click(screen.getByRole('button', { name: 'Switch tenant in Settings' }))
    const heading = await screen.findByRole('heading', { name: 'Settings', level: 1 })
    // The button went with the Scan screen; the keyboard starts on Settings, not on <body>.
    await waitFor(() => expect(document.activeElement).toBe(heading))
  })

  it('a QR whose ZtdId Intune does not know here but Fabrikam’s cache does: the other tenant, not "different tenant"', async () => {
    const { api } = renderScanApp({
      'devices:get-device': () => ok(null),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
      'devices:find-in-other-tenants': () => ok({ otherTenant: fabrikam }),
    })
    await scanInField(payload)
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('other-tenant'))
    expect(card.textContent).toContain('registered in Fabrikam Ltd, not in Contoso Bench')
    expect(api.callsTo('devices:find-in-other-tenants')).toEqual([{ serialNumber: 'PF3ABCDE', ztdId }])
  })

  it('no other tenant knows it: the usual "register it" answer stays', async () => {
    renderScanApp({ 'devices:find-by-serial': () => ok([]), 'devices:find-in-other-tenants': () => ok({ otherTenant: null }) })
    await scanInField('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('unknown-serial'))
    expect(card.textContent).toContain('upload its hardware hash')
    expect(screen.queryByRole('button', { name: 'Switch tenant in Settings' })).toBeNull()
  })
})
