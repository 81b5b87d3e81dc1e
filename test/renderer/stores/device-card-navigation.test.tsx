import { describe, expect, it } from 'vitest'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { ApiProvider } from '@renderer/api/api-context'
import { ScanResultCard } from '@renderer/components/scan-result-card'
import { AppRoot } from '@renderer/root'
import { ScanDepsProvider } from '@renderer/scan/scan-deps'
import { createStores, StoresProvider } from '@renderer/stores/stores-context'
import type { ScanLookup } from '@renderer/stores/scan-store'
import { cardFixture } from '@support/renderer/card-fixture'
import { createFakeApi, device, ok } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'

function renderDevices() {
  const api = createFakeApi({
    'devices:list-devices': () => ok({ items: [device('5CG1'), device('5CG2')], total: 2, totalCapped: false, next: null }),
    'devices:get-device-card': ({ id }) => ok(cardFixture({ device: { id, serialNumber: id === 'id-5cg2' ? '5CG2' : '5CG1' } })),
    'devices:list-group-tags': () => ok({ tags: [] }),
    'autopilot:get-sync-state': () => ok({ lastManualSyncTriggerAt: null, nextAllowedAt: null, syncStatus: null }),
  })
  const stores = createStores(api)
  render(<AppRoot api={api} stores={stores} />)
  return { api, stores }
}

describe('navigation into the device card', () => {
  it('Enter in the device list opens the card of the top row', async () => {
    const { stores, api } = renderDevices()
    const scroller = await screen.findByTestId('devices-scroller')
    await screen.findByText('5CG1')
    expect(document.querySelector('[data-current]')?.getAttribute('data-device-id')).toBe('id-5cg1')
    fireEvent.keyDown(scroller, { key: 'Enter' })
    expect(stores.ui.getState()).toMatchObject({ screen: 'device', deviceId: 'id-5cg1' })
    const heading = await screen.findByRole('heading', { level: 1, name: /5CG1/ })
    // Focus lands on the card, so Tab continues through its controls.
    await waitFor(() => expect(document.activeElement).toBe(heading))
    expect(api.callsTo('devices:get-device-card')).toContainEqual({ id: 'id-5cg1', jobId: null })
  })

  it('double-click opens any row, and Back returns to the list', async () => {
    const { stores } = renderDevices()
    const row = (await screen.findByText('5CG2')).closest('tr')!
    fireEvent.doubleClick(row)
    expect(stores.ui.getState()).toMatchObject({ screen: 'device', deviceId: 'id-5cg2' })
    expect(await screen.findByRole('heading', { level: 1, name: /5CG2/ })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: /Back to devices/ }))
    expect(stores.ui.getState().screen).toBe('devices')
    // The keyboard is not left on <body>: the search box has it, for the next device.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('searchbox')))
  })

  it('opened from the Bench, Back says and goes "Back to Bench", and so does Esc outside a field', async () => {
    const api = createFakeApi({
      ...benchHandlers([benchDevice('PF3AAA')], [job('j1')]),
      'devices:get-device-card': ({ id }) => ok(cardFixture({ device: { id, serialNumber: 'PF3AAA' } })),
      'devices:list-group-tags': () => ok({ tags: [] }),
      'autopilot:get-sync-state': () => ok({ lastManualSyncTriggerAt: null, nextAllowedAt: null, syncStatus: null }),
    })
    const stores = createStores(api)
    stores.ui.getState().navigate('bench')
    render(<AppRoot api={api} stores={stores} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Open device card' }))
    await screen.findByRole('heading', { level: 1, name: /PF3AAA/ })
    expect(screen.queryByRole('button', { name: /Back to devices/ })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Back to Bench' }))
    expect(stores.ui.getState().screen).toBe('bench')

    fireEvent.click(await screen.findByRole('button', { name: 'Open device card' }))
    await screen.findByRole('heading', { level: 1, name: /PF3AAA/ })
    // Esc in a field of the card is the field's: the card stays.
    const jobField = screen.getByLabelText('Check against job')
    fireEvent.keyDown(jobField, { key: 'Escape' })
    expect(stores.ui.getState().screen).toBe('device')
    fireEvent.keyDown(document.body, { key: 'Escape' })
    expect(stores.ui.getState().screen).toBe('bench')
  })

  it('opened from a scan, Back says and goes "Back to scan"; a card opened from the card keeps that way back', async () => {
    const api = createFakeApi({
      'devices:get-device-card': ({ id }) => ok(cardFixture({ device: { id, serialNumber: id === 'id-5cg2' ? '5CG2' : '5CG1' } })),
      'devices:list-group-tags': () => ok({ tags: [] }),
      'autopilot:get-sync-state': () => ok({ lastManualSyncTriggerAt: null, nextAllowedAt: null, syncStatus: null }),
    })
    const stores = createStores(api)
    stores.ui.getState().navigate('scan')
    stores.ui.getState().openDevice('id-5cg1')
    stores.ui.getState().openDevice('id-5cg2')
    // No camera and a decoder that never answers: the Scan screen only has to show.
    const decoder = {
      ready: new Promise<never>(() => undefined),
      decodeBitmap: () => new Promise<never>(() => undefined),
      decodePixels: () => new Promise<never>(() => undefined),
      dispose() {},
    }
    render(
      <ScanDepsProvider deps={{ media: null, createDecoder: () => decoder, beep() {}, grab: async () => null }}>
        <AppRoot api={api} stores={stores} />
      </ScanDepsProvider>,
    )
    await screen.findByRole('heading', { level: 1, name: /5CG2/ })
    fireEvent.click(screen.getByRole('button', { name: 'Back to scan' }))
    expect(stores.ui.getState().screen).toBe('scan')
    await screen.findByRole('heading', { level: 1, name: 'Scan' })
  })

  it('"Export diagnostics…" on the card opens Diagnostics with that device as the export scope', async () => {
    const { stores, api } = renderDevices()
    fireEvent.doubleClick((await screen.findByText('5CG2')).closest('tr')!)
    fireEvent.click(await screen.findByRole('button', { name: 'Export diagnostics…' }))
    expect(stores.ui.getState()).toMatchObject({ screen: 'diagnostics', exportPreset: { kind: 'device', id: 'id-5cg2', label: '5CG2' } })
    // The technician sees the serial number, not the device's GUID…
    const field = await screen.findByLabelText<HTMLInputElement>('Serial number or device id')
    expect(field.value).toBe('5CG2')
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'One device' }).checked).toBe(true)
    // …and the export still names the device by its id, so a serial two devices share is not ambiguous.
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }))
    await waitFor(() => expect(api.callsTo('diagnostics:export-bundle')).toHaveLength(1))
    expect(api.callsTo('diagnostics:export-bundle')[0]).toMatchObject({ scope: { kind: 'device', id: 'id-5cg2' } })
    // An edited field is exported as typed.
    fireEvent.change(field, { target: { value: '5CG1' } })
    fireEvent.click(screen.getByRole('button', { name: /Export bundle|Exporting/ }))
    await waitFor(() => expect(api.callsTo('diagnostics:export-bundle')).toHaveLength(2))
    expect(api.callsTo('diagnostics:export-bundle')[1]).toMatchObject({ scope: { kind: 'device', id: '5CG1' } })
  })

  it('the scan result card has an "Open device card" button', () => {
    const api = createFakeApi()
    const stores = createStores(api)
    const lookup: ScanLookup = {
      seq: 1,
      scanId: 'scan-1',
      query: { kind: 'serial', serialNumber: '5CG1' },
      origin: 'keyboard',
      layout: null,
      status: 'found',
      device: device('5CG1'),
      candidates: [],
      source: 'cache',
      refreshing: false,
      notice: null,
      reason: null,
      error: null,
      serialMismatch: null,
      cardMs: 3,
    }
    render(
      <ApiProvider api={api}>
        <StoresProvider api={api} stores={stores}>
          <ScanResultCard lookup={lookup} tenantName="Contoso" onChoose={() => undefined} />
        </StoresProvider>
      </ApiProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Open device card' }))
    expect(stores.ui.getState()).toMatchObject({ screen: 'device', deviceId: 'id-5cg1' })
  })

  it('shows guidance when no device is selected', async () => {
    const api = createFakeApi()
    const stores = createStores(api)
    stores.ui.getState().navigate('device')
    render(<AppRoot api={api} stores={stores} />)
    await waitFor(() => expect(screen.getByText('No device selected.')).toBeTruthy())
    expect(api.callsTo('devices:get-device-card')).toEqual([])
  })
})
