import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { createFakeApi, device, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'

function renderApp(overrides: FakeHandlers = {}, start?: 'bench' | 'devices') {
  const api = createFakeApi({ ...benchHandlers([benchDevice('PF3AAA'), benchDevice('PF3BBB')], [job('j1')]), ...overrides })
  const stores = createStores(api)
  if (start) stores.ui.getState().navigate(start)
  render(<AppRoot api={api} stores={stores} />)
  return { api, stores }
}

afterEach(() => vi.restoreAllMocks())

describe('the keyboard flow of the product brief', () => {
  it('Enter in the Devices search opens the top hit', async () => {
    const { stores } = renderApp({
      'devices:list-devices': () => ok({ items: [device('5CG1234ABC'), device('PF3XYZ')], total: 2, totalCapped: false, next: null }),
    })
    await screen.findByRole('table')
    const search = screen.getByLabelText('Search serial number, user, group tag, model')
    search.focus()
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(stores.ui.getState().screen).toBe('device'))
    expect(stores.ui.getState().deviceId).toBe(device('5CG1234ABC').id)
  })

  it('choosing Bench in the sidebar puts the focus in the bench table, so ↓ and the attempt keys work at once', async () => {
    renderApp({}, 'devices')
    const bench = await within(screen.getByRole('navigation', { name: 'Screens' })).findByRole('button', { name: 'Bench' })
    bench.focus()
    fireEvent.click(bench)
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('bench-rows'))
  })

  it('Ctrl+E exports the active job’s hand-over CSV from any screen', async () => {
    const { api, stores } = renderApp(
      {
        'jobs:export-handover-csv': () => ok({ fileName: 'handover-order-j1.csv', csv: 'x' }),
        'prefs:get-preference': ({ key }) => ok({ value: key === 'bench.activeJobId' ? 'j1' : null }),
      },
      'devices',
    )
    await waitFor(() => expect(stores.bench.getState().activeJobId).toBe('j1'))
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    fireEvent.keyDown(document.body, { key: 'e', ctrlKey: true })
    await waitFor(() => expect(downloads).toEqual(['handover-order-j1.csv']))
    expect(api.callsTo('jobs:export-handover-csv')).toEqual([{ jobId: 'j1' }])
    // Said in the status bar too: the technician pressed it from another screen.
    expect((await screen.findByTestId('status-key-notice')).textContent).toBe('Hand-over CSV saved: handover-order-j1.csv')
  })

  it('Ctrl+E that fails says why in the status bar, until dismissed', async () => {
    const { stores } = renderApp(
      {
        'jobs:export-handover-csv': () => ({ ok: false, error: { code: 'not-found', message: 'This bench job does not exist (any more).' } }),
        'prefs:get-preference': ({ key }) => ok({ value: key === 'bench.activeJobId' ? 'j1' : null }),
      },
      'devices',
    )
    await waitFor(() => expect(stores.bench.getState().activeJobId).toBe('j1'))
    fireEvent.keyDown(document.body, { key: 'e', ctrlKey: true })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toMatch(/^Hand-over CSV not exported: This bench job does not exist \(any more\)\. Open the job under Jobs/)
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByTestId('status-key-notice')).toBeNull()
  })

  it('Ctrl+E with no active job opens Diagnostics (export a bundle there)', async () => {
    const { stores } = renderApp({}, 'devices')
    await screen.findByRole('heading', { name: 'Autopilot devices' })
    fireEvent.keyDown(document.body, { key: 'e', ctrlKey: true })
    await waitFor(() => expect(stores.ui.getState().screen).toBe('diagnostics'))
  })
})
