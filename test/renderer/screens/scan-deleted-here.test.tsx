import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { ScanDepsProvider, type ScanDeps } from '@renderer/scan/scan-deps'
import type { DecoderClient } from '@renderer/scan/decoder-client'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { createFakeApi, idleStatus, ok, type FakeHandlers } from '@support/renderer/fake-api'

/**
 * A scan of a device whose Windows Autopilot registration this app deleted (Register devices › Recycle):
 * the scan says so, with when, as the bench row does — not "register it" as if it had never been there.
 */
const deletedAt = '2026-01-05T09:30:00.000Z'
const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const payload = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'PF3ABCDE' })

// No camera in this window: the scan field is the way in (as with a wedge scanner or a paste).
const deps: ScanDeps = {
  media: { getUserMedia: async () => Promise.reject(new Error('no camera')), enumerateDevices: async () => [] },
  createDecoder: () =>
    ({
      ready: new Promise(() => {}),
      decodeBitmap: async () => ({ ms: 0, width: 0, height: 0, symbol: null }),
      decodePixels: async () => ({ ms: 0, width: 0, height: 0, symbol: null }),
      dispose: () => {},
    }) as unknown as DecoderClient,
  beep: () => {},
  grab: async () => ({ close() {} }) as unknown as ImageBitmap,
}

function renderApp(handlers: FakeHandlers) {
  const api = createFakeApi({ 'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2026-01-05T10:00:00Z' }), ...handlers })
  const stores = createStores(api)
  render(
    <ScanDepsProvider deps={deps}>
      <AppRoot api={api} stores={stores} />
    </ScanDepsProvider>,
  )
  return { api, stores }
}

async function scan(text: string) {
  fireEvent.keyDown(window, { key: 'F2' })
  await screen.findByRole('heading', { name: 'Scan', level: 1 })
  const input = screen.getByTestId('scan-input')
  fireEvent.change(input, { target: { value: text } })
  fireEvent.submit(input.closest('form')!)
}

describe('Scan of a device this app deleted from Windows Autopilot', () => {
  it('a serial scan: "deleted by this app" with the time, register its hash again, and a way to Register devices', async () => {
    const { api } = renderApp({
      'devices:find-by-serial': () => ok([]),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt }),
    })
    await scan('PF9XYZ12')
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
    const { api } = renderApp({
      'devices:get-device': () => ok(null),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt }),
    })
    await scan(payload)
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('deleted-here'))
    expect(card.textContent).toContain('Deleted from Windows Autopilot by this app')
    expect(api.callsTo('devices:deleted-here')).toEqual([{ serialNumber: 'PF3ABCDE', ztdId }])
  })

  it('never deleted here: the usual answers stay', async () => {
    renderApp({
      'devices:find-by-serial': () => ok([]),
      'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
      'devices:deleted-here': () => ok({ deletedAt: null }),
    })
    await scan('PF9XYZ12')
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card.getAttribute('data-reason')).toBe('unknown-serial'))
    expect(card.textContent).toContain('upload its hardware hash')
  })
})
