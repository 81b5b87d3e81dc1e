import { describe, expect, it } from 'vitest'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { computeWindow } from '@renderer/components/virtual-window'
import type { ListDevicesRequest, ListDevicesResponse } from '@shared/device-schemas'
import type { Result } from '@shared/result'
import { createFakeApi, deferred, device, ok, type FakeHandlers } from '@support/renderer/fake-api'

const million = 1_000_000
const serialAt = (position: number) => `S${String(position).padStart(7, '0')}`

/** Any window of a tenant of `total` devices, answered from the position as the core does. */
const windowOf =
  (total: number) =>
  (request: ListDevicesRequest): Result<ListDevicesResponse> => {
    const from = request.position ?? 0
    const count = Math.max(0, Math.min(request.limit ?? 100, total - from))
    return ok({ items: Array.from({ length: count }, (_, i) => device(serialAt(from + i))), total, totalCapped: false, next: null })
  }

function renderApp(overrides: FakeHandlers = {}) {
  const api = createFakeApi({ 'devices:list-devices': windowOf(million), ...overrides })
  render(<AppRoot api={api} />)
  return { api }
}

const dataRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1)
const scroller = () => screen.getByTestId('devices-scroller')
const scrollRange = () => {
  const spacer = scroller().querySelector<HTMLElement>('.devices-list__spacer')!
  return parseFloat(spacer.style.height)
}
const scrollTo = (top: number) => {
  act(() => {
    scroller().scrollTop = top
    fireEvent.scroll(scroller())
  })
}

describe('million-row device list', () => {
  it('renders only a window of rows, with the true total for screen readers and the scrollbar', async () => {
    renderApp()
    expect(await screen.findByText('Showing 1,000,000 of 1,000,000 devices')).toBeTruthy()
    const rows = dataRows()
    expect(rows.length).toBeGreaterThan(10)
    expect(rows.length).toBeLessThan(60)
    expect(within(rows[0]!).getByText(serialAt(0))).toBeTruthy()
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe(String(million + 1))
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2')
    // The scroll range stands for all rows (scaled below the browsers' element-height cap).
    expect(scrollRange()).toBeGreaterThan(1_000_000)
  })

  it('scrolling to the middle asks for the window at position ≈ 500,000 and shows it', async () => {
    const { api } = renderApp()
    await screen.findByText('Showing 1,000,000 of 1,000,000 devices')
    scrollTo((scrollRange() - 600) / 2)
    await waitFor(() => expect(api.callsTo('devices:list-devices').length).toBeGreaterThan(1))
    const positions = api
      .callsTo('devices:list-devices')
      .slice(1)
      .map((r) => r.position ?? 0)
    expect(positions.every((p) => Math.abs(p - 500_000) < 1_000)).toBe(true)
    // Whole pages of 100 (two adjacent ones in one request when the window straddles them).
    expect(
      api
        .callsTo('devices:list-devices')
        .slice(1)
        .every((r) => r.search === '' && (r.position ?? 0) % 100 === 0 && [100, 200].includes(r.limit ?? 0)),
    ).toBe(true)
    await waitFor(() => expect(within(dataRows()[0]!).queryByText(/^S04999|^S05000/)).toBeTruthy())
    const first = Number(dataRows()[0]!.getAttribute('aria-rowindex')) - 2
    expect(Math.abs(first - 500_000)).toBeLessThan(1_000)
    expect(within(dataRows()[0]!).getByText(serialAt(first))).toBeTruthy()
    expect(screen.getByTestId('devices-range').textContent).toMatch(/^rows 50\d,\d{3}–50\d,\d{3}$|^rows 499,\d{3}–50\d,\d{3}$/)
  })

  it('shows placeholder rows until the window arrives', async () => {
    const held = deferred<Result<ListDevicesResponse>>()
    const { api } = renderApp({ 'devices:list-devices': (request) => ((request.position ?? 0) > 0 ? held.promise : windowOf(million)(request)) })
    await screen.findByText('Showing 1,000,000 of 1,000,000 devices')
    scrollTo((scrollRange() - 600) / 2)
    await waitFor(() => expect(api.callsTo('devices:list-devices').length).toBeGreaterThan(1))
    expect(dataRows().every((row) => row.textContent === 'Loading…')).toBe(true)
    const asked = api.callsTo('devices:list-devices')[1]!
    await act(async () => held.resolve(windowOf(million)(asked)))
    await waitFor(() => expect(dataRows().some((row) => /^S0/.test(row.textContent ?? ''))).toBe(true))
  })

  it('End, Home and Page Down move through the whole list from the keyboard', async () => {
    const { api } = renderApp()
    await screen.findByText('Showing 1,000,000 of 1,000,000 devices')
    fireEvent.keyDown(scroller(), { key: 'End' })
    await waitFor(() => expect(screen.getByText(serialAt(million - 1))).toBeTruthy())
    expect(api.callsTo('devices:list-devices').map((r) => r.position)).toContain(999_900)
    fireEvent.keyDown(scroller(), { key: 'Home' })
    await waitFor(() => expect(within(dataRows()[0]!).getByText(serialAt(0))).toBeTruthy())
    fireEvent.keyDown(scroller(), { key: 'PageDown' })
    await waitFor(() => expect(screen.getByTestId('devices-range').textContent).not.toMatch(/^rows 1–/))
    expect(scroller().getAttribute('tabindex')).toBe('0')
  })

  it('a small list renders every row and no placeholders', async () => {
    renderApp({ 'devices:list-devices': windowOf(5) })
    await screen.findByText('Showing 5 of 5 devices')
    expect(dataRows().map((row) => row.getAttribute('aria-rowindex'))).toEqual(['2', '3', '4', '5', '6'])
  })
})

describe('virtual window geometry', () => {
  const base = { viewportHeight: 436, rowHeight: 34, headerHeight: 36, overscan: 12, maxScrollHeight: 8_000_000 }

  it('reaches the first and the last row of a million under a scaled scroll range', () => {
    const top = computeWindow({ ...base, total: million, scrollTop: 0 })
    expect(top).toMatchObject({ start: 0, first: 0 })
    const maxScroll = top.scrollHeight - base.viewportHeight
    const bottom = computeWindow({ ...base, total: million, scrollTop: maxScroll })
    expect(bottom.end).toBe(million)
    // The last row sits fully in view: first + rows that fit = total.
    expect(bottom.first + Math.ceil((base.viewportHeight - base.headerHeight) / base.rowHeight)).toBeGreaterThanOrEqual(million)
    expect(top.scrollTopForRow(million)).toBeCloseTo(maxScroll, 0)
    expect(computeWindow({ ...base, total: million, scrollTop: top.scrollTopForRow(500_000) }).first).toBe(500_000)
  })

  it('does not scale a list that fits under the cap', () => {
    const w = computeWindow({ ...base, total: 1000, scrollTop: 1000 })
    expect(w.first).toBe(29) // 1000 px = 29 rows + 14 px
    expect(w.start).toBe(17)
    expect(w.shift).toBe(14 + 12 * 34)
    expect(w.scrollHeight).toBe(1000 * 34 + 36)
  })
})
