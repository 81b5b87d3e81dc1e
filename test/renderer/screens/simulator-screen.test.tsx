import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import type { SimDeviceView } from '@shared/simulator-schemas'
import { createFakeApi, ok } from '@support/renderer/fake-api'

const qrPayload =
  '{"Version":"1.0.0","Id":"2a12f267-46b6-4da7-99e2-e16193844419","ZtdId":"6e63789c-9449-497d-910c-86386101220f","PKID":"","SerialNumber":"015093327592","SequenceBlockNumber":1,"TotalBlocks":1}'
const base: SimDeviceView = {
  device: {
    id: '6e63789c-9449-497d-910c-86386101220f',
    serialNumber: '015093327592',
    manufacturer: 'Microsoft Corporation',
    model: 'Surface Pro 10',
    windows: 'Windows 11',
    scenario: 'ready-win11',
  },
  power: 'on',
  screen: 'preprovision',
  title: 'Pre-provision with Windows Autopilot',
  actions: ['refresh', 'next'],
  organizationName: 'Contoso Ltd',
  profileName: 'UD-AAD-PreProv',
  assignedUser: 'felix.tanaka@contoso.com',
  addressableUserName: 'Felix Tanaka',
  qrPayload,
  message: null,
  attempt: null,
  steering: null,
}

function renderSimulator(view: SimDeviceView, kind: 'embedded-mock' | 'graph' = 'embedded-mock') {
  // Stateful like the mock: a press changes what the next read returns.
  let current = view
  const api = createFakeApi({
    'app:get-info': () => ok({ version: '0.1.0', tenant: { id: 't', displayName: 'Contoso', kind }, transport: 'http' as const, timeZone: 'UTC' }),
    'simulator:list-devices': () =>
      ok({
        devices: [
          {
            id: view.device.id,
            serialNumber: view.device.serialNumber,
            manufacturer: '',
            model: view.device.model,
            windows: '',
            scenario: 'ready-win11',
            screen: view.screen,
            profileName: null,
          },
        ],
      }),
    'simulator:get-device': () => ok(current),
    'simulator:press': (request) => {
      current = {
        ...current,
        screen: request.action === 'next' ? 'provisioning' : current.screen,
        qrPayload: request.action === 'next' ? null : current.qrPayload,
      }
      return ok(current)
    },
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('simulator')
  render(<AppRoot api={api} stores={stores} />)
  return api
}

describe('OOBE simulator screen', () => {
  it('shows the Win×5 page: organisation, profile, user, the QR built from the exact payload, Refresh and Next', async () => {
    const api = renderSimulator(base)
    const page = await screen.findByTestId('sim-screen')
    expect(page.textContent).toContain('Pre-provision with Windows Autopilot')
    expect(page.textContent).toContain('Contoso Ltd')
    expect(page.textContent).toContain('UD-AAD-PreProv')
    expect(page.textContent).toContain('felix.tanaka@contoso.com')
    const qr = screen.getByRole('img', { name: 'QR code of device 015093327592' })
    expect(qr.getAttribute('data-qr-text')).toBe(qrPayload)
    expect(qr.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(1000)
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await waitFor(() => expect(api.callsTo('simulator:press')).toEqual([{ key: base.device.id, action: 'next' }]))
    await waitFor(() => expect(screen.getByTestId('sim-screen').getAttribute('data-screen')).toBe('provisioning'))
    expect(screen.queryByRole('img', { name: /QR code/ })).toBeNull()
  })

  it('steers the next attempt for demos: the choice goes to the simulator and the select shows what the PC reports', async () => {
    const api = renderSimulator(base)
    api.handlers['simulator:steer'] = (request) => ok({ ...base, steering: { next: request.nextAttempt, errorCode: null } })
    const select = await screen.findByRole('combobox', { name: /Next attempt on this PC/ })
    expect((select as HTMLSelectElement).value).toBe('random')
    fireEvent.change(select, { target: { value: 'tpmFailure' } })
    await waitFor(() => expect(api.callsTo('simulator:steer')).toEqual([{ key: base.device.id, nextAttempt: 'tpmFailure', errorCode: null }]))
    await waitFor(() => expect((select as HTMLSelectElement).value).toBe('tpmFailure'))
  })

  it('follows a press made elsewhere (the Bench, another window): the PC read again on the simulator event, not only while provisioning', async () => {
    const api = renderSimulator({ ...base, screen: 'success', title: 'Pre-provisioning complete', actions: ['reseal'], qrPayload: null })
    await waitFor(() => expect(screen.getByTestId('sim-screen').getAttribute('data-screen')).toBe('success'))
    // R on the Bench pressed Reseal on this PC: the mock shows it switched off.
    api.handlers['simulator:get-device'] = () => ok({ ...base, power: 'off', screen: 'off', title: null, actions: ['power-on'], qrPayload: null })
    const reads = api.callsTo('simulator:get-device').length
    act(() => api.emit('data:changed', { topics: ['simulator'] }))
    await waitFor(() => expect(screen.getByTestId('sim-screen').getAttribute('data-screen')).toBe('off'))
    expect(api.callsTo('simulator:get-device').length).toBeGreaterThan(reads)
    expect(screen.queryByRole('button', { name: 'Reseal' })).toBeNull()
  })

  it('shows no QR code for a device without a profile, as on real hardware', async () => {
    renderSimulator({ ...base, qrPayload: null, profileName: null, actions: ['refresh'], message: 'This device has no Autopilot profile.' })
    const page = await screen.findByTestId('sim-screen')
    expect(page.className).toContain('oobe--no-profile')
    expect(screen.queryByRole('img', { name: /QR code/ })).toBeNull()
    expect(page.textContent).toContain('No QR code')
  })

  it('is offered for the demo tenant only', async () => {
    renderSimulator(base, 'graph')
    expect(await screen.findByText('The simulator exists only for the embedded demo tenant.')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Simulator' })).toBeNull()
  })
})
