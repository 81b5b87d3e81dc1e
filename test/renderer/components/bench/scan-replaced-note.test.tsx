import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { ScanDepsProvider } from '@renderer/scan/scan-deps'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { createFakeApi, device, idleStatus, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'
import { noCameraDeps } from '@support/renderer/scan-app'
import { createKeyboard } from '@support/renderer/keyboard'

/**
 * A scan on the Bench of the QR a re-registered PC still shows (the old registration's ZtdId): the scan lands on the
 * serial's registration now, and the Bench says the QR is the old registration's, as the Scan screen does.
 */
const deletedAt = '2026-01-05T09:30:00.000Z'
const oldId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const again = device('PF3ABCDE', { id: '7a1c2b3d-0000-4000-8000-000000000001' })
const payload = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId: oldId, serialNumber: 'PF3ABCDE' })

function renderBench(more: FakeHandlers) {
  const bench = benchHandlers([benchDevice('PF3AAA')], [job('j1')])
  const api = createFakeApi({
    ...bench,
    'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2026-01-05T10:00:00Z' }),
    'devices:find-in-other-tenants': () => ok({ otherTenant: null }),
    ...more,
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('bench')
  render(
    <ScanDepsProvider deps={noCameraDeps}>
      <AppRoot api={api} stores={stores} />
    </ScanDepsProvider>,
  )
  return { api, stores }
}

/** A wedge scanner typing the QR text on the Bench (Shift for capitals and punctuation), then Enter. */
function scanOnBench(text: string) {
  const keys = createKeyboard()
  for (const key of text) {
    if (/[A-Z{}":]/.test(key)) keys.press('Shift', 2)
    keys.press(key, 2)
  }
  keys.press('Enter', 2)
}

const selectedId = () =>
  screen
    .getAllByRole('row')
    .find((row) => row.getAttribute('aria-selected') === 'true')
    ?.getAttribute('data-device-id')

describe('Bench: a scan of a gone registration’s QR that lands on the serial’s registration now', () => {
  it('deleted here (Recycle), registered again and cached: the row is the new record and the Bench says the QR is the old one', async () => {
    const { stores } = renderBench({
      'devices:get-device': ({ id }) => ok(id === again.id ? again : null),
      'devices:find-by-serial': () => ok([again]),
      'devices:refresh-device': ({ id }) =>
        ok(
          id === again.id
            ? { device: again, source: 'online', notice: null }
            : { device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } },
        ),
      'devices:deleted-here': ({ ztdId }) => ok({ deletedAt: ztdId === oldId ? deletedAt : null }),
    })
    await screen.findByTestId('bench-rows')
    scanOnBench(payload)
    await waitFor(() => expect(selectedId()).toBe(again.id))
    expect(stores.ui.getState().screen).toBe('bench')
    const note = (await screen.findByTestId('bench-scan-replaced')).textContent ?? ''
    expect(note).toContain(`The QR code just scanned is the old registration’s: device id ${oldId}`)
    // Europe/Berlin (the app's zone in the fake): 09:30 UTC is 10:30.
    expect(note).toMatch(/this app deleted on .*2026.*10:30/)
    expect(note).toContain('PF3ABCDE is registered again: this row is its registration now')
    expect(note).toContain('press Refresh on the PC')
    // The note belongs to the scanned row: another row selected, it goes; back on the scanned row, it is there again.
    const rows = screen.getByTestId('bench-rows')
    rows.focus()
    fireEvent.keyDown(rows, { key: 'ArrowUp' })
    await waitFor(() => expect(selectedId()).toBe('id-pf3aaa'))
    expect(screen.queryByTestId('bench-scan-replaced')).toBeNull()
    fireEvent.keyDown(rows, { key: 'ArrowDown' })
    await waitFor(() => expect(selectedId()).toBe(again.id))
    expect(screen.getByTestId('bench-scan-replaced')).toBeTruthy()
  })

  it('gone from Intune some other way, found in Intune by serial: says Intune no longer has the QR’s device id', async () => {
    renderBench({
      'devices:get-device': () => ok(null),
      'devices:find-by-serial': () => ok([]),
      'devices:find-by-serial-in-intune': () => ok({ devices: [again], checked: true, notice: null }),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
      'devices:deleted-here': () => ok({ deletedAt: null }),
    })
    await screen.findByTestId('bench-rows')
    scanOnBench(payload)
    await waitFor(() => expect(selectedId()).toBe(again.id))
    expect((await screen.findByTestId('bench-scan-replaced')).textContent).toContain(`device id ${oldId}, which Intune no longer has`)
  })

  it('a QR of the record itself says nothing', async () => {
    const current = device('PF3QQQ', { id: oldId })
    renderBench({
      'devices:get-device': ({ id }) => ok(id === oldId ? current : null),
      'devices:refresh-device': () => ok({ device: current, source: 'online', notice: null }),
    })
    await screen.findByTestId('bench-rows')
    scanOnBench(buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId: oldId, serialNumber: 'PF3QQQ' }))
    await waitFor(() => expect(selectedId()).toBe(oldId))
    expect(screen.queryByTestId('bench-scan-replaced')).toBeNull()
  })
})
