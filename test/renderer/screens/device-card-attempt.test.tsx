import { describe, expect, it } from 'vitest'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { cardFixture, notReadyCardFixture } from '@support/renderer/card-fixture'
import { benchDevice, benchHandlers } from '@support/renderer/bench-fake'
import { renderCard } from '@support/renderer/render-card'

describe('device card attempt', () => {
  it("shows the bench's attempt recorder for a device at the bench, and records Provision pressed by button", async () => {
    const bench = benchHandlers([benchDevice('5CG1')])
    const { api } = renderCard(cardFixture(), bench)
    const panel = await screen.findByTestId('card-attempt')
    fireEvent.click(within(panel).getByRole('button', { name: /Provision pressed/ }))
    await waitFor(() => expect(api.callsTo('attempts:record-event').map((call) => call.event.type)).toEqual(['provision-pressed']))
    expect(bench.devices()[0]!.stage).toBe('provisioning')
  })

  it('offers Undo for a key recorded on the card without naming keys that do not work there', async () => {
    const { api } = renderCard(cardFixture(), benchHandlers([benchDevice('5CG1')]))
    const panel = await screen.findByTestId('card-attempt')
    fireEvent.click(within(panel).getByRole('button', { name: /Provision pressed/ }))
    const offer = await within(panel).findByTestId('undo-offer')
    expect(offer.textContent).toContain('Recorded: Provision pressed.')
    fireEvent.click(within(offer).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(api.callsTo('attempts:undo-last-event')).toEqual([{ deviceId: 'id-5cg1', eventId: 1 }]))
  })

  it("P's question on the card answers Esc and Enter, as its buttons say, though the recorder's own keys are off there", async () => {
    const notReady = notReadyCardFixture()
    const { api } = renderCard(notReady, benchHandlers([benchDevice('5CG1')]))
    const panel = await screen.findByTestId('card-attempt')
    const recorded = () => api.callsTo('attempts:record-event').map((call) => call.event.type)
    fireEvent.click(within(panel).getByRole('button', { name: /Provision pressed/ }))
    const guard = await screen.findByRole('alertdialog', { name: 'This device is not ready' })
    expect(within(guard).getByRole('button', { name: 'Cancel (Esc)' })).toBeTruthy()
    fireEvent.keyDown(guard, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(recorded()).toEqual([])
    fireEvent.click(within(panel).getByRole('button', { name: /Provision pressed/ }))
    fireEvent.keyDown(await screen.findByRole('alertdialog'), { key: 'Enter' })
    await waitFor(() => expect(recorded()).toEqual(['provision-pressed']))
  })

  it('keeps the single-letter keys off on the card (they belong to the Bench screen)', async () => {
    const { api } = renderCard(cardFixture(), benchHandlers([benchDevice('5CG1')]))
    await screen.findByTestId('card-attempt')
    fireEvent.keyDown(document.body, { key: 'p' })
    fireEvent.keyDown(document.body, { key: 'P' })
    expect(api.callsTo('attempts:record-event')).toEqual([])
  })

  it('shows no attempt panel for a device that is not at the bench', async () => {
    renderCard(cardFixture(), benchHandlers([]))
    await screen.findByTestId('card-details')
    expect(screen.queryByTestId('card-attempt')).toBeNull()
  })

  it('names a bench device the cache no longer holds by its serial, and says to scan it again', async () => {
    renderCard(null, benchHandlers([benchDevice('5CG1', { readiness: null, inCache: false })]))
    const note = await screen.findByTestId('card-not-cached-at-bench')
    expect(note.textContent).toBe(
      '5CG1 is at the bench but no longer in the cache: Intune no longer lists it (deleted after it was scanned), or the cache is being rebuilt.',
    )
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Device 5CG1')
    expect(screen.getByText(/Scan it again: the scan asks Intune/)).toBeTruthy()
    expect(screen.queryByText('id-5cg1')).toBeNull()
  })
})
