import { describe, expect, it } from 'vitest'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { DeviceCard } from '@shared/card-schemas'
import { benchExplanationInput, cardFixture } from '@support/renderer/card-fixture'
import { device, ok, outboxItem } from '@support/renderer/fake-api'
import { renderCard } from '@support/renderer/render-card'

/** The card the core sends: explained by the tag Intune has (`intuneTag`), with a queued tag change when given. */
function card(intuneTag: string, queued: string | null, device: Partial<DeviceCard['device']> = {}): DeviceCard {
  const base = cardFixture()
  const explanation =
    intuneTag === 'BENCH-A' ? base.explanation : { ...base.explanation, winner: null, steps: [], chain: `group tag ${intuneTag} → no profile`, notes: [] }
  return cardFixture({
    explanation,
    explanationInput: { ...benchExplanationInput, device: { ...benchExplanationInput.device, groupTag: intuneTag } },
    device: { groupTag: intuneTag, pending: queued === null ? [] : [{ field: 'groupTag', value: queued, state: 'pending' }], ...device },
  })
}

const explanationPanel = async () => within(await screen.findByTestId('card-explanation'))

describe('device card: a group tag change not in Intune yet', () => {
  it('"Why this profile" says what the queued tag brings, then what the tag Intune has gives until then', async () => {
    renderCard(card('BENCH-A', 'BENCH-B'))
    const panel = await explanationPanel()
    const pending = panel.getByTestId('card-explanation-pending')
    expect(pending.textContent).toContain("Group tag change to 'BENCH-B' not in Intune yet.")
    expect(pending.textContent).toContain("group tag BENCH-B → group 'Bench B devices' → profile 'Contoso kiosk'")
    expect(pending.textContent).toContain("Once Intune has it, the device gets profile 'Contoso kiosk'")
    expect(pending.textContent).toContain("Until then, Intune's tag 'BENCH-A' applies:")
    // The core's explanation (of BENCH-A) still follows.
    expect(panel.getByText('BENCH-A → Bench A devices → Contoso pre-provisioning')).toBeTruthy()
  })

  it('a queued tag no group with a profile takes: says the device will get no deployment profile', async () => {
    renderCard(card('BENCH-A', 'NOPE'))
    const pending = (await explanationPanel()).getByTestId('card-explanation-pending')
    expect(pending.textContent).toContain("Group tag change to 'NOPE' not in Intune yet.")
    expect(pending.textContent).toContain('Once Intune has it, the device gets no deployment profile')
  })

  it('nothing pending: only the explanation of the tag Intune has', async () => {
    renderCard(card('BENCH-A', null))
    const panel = await explanationPanel()
    expect(panel.queryByTestId('card-explanation-pending')).toBeNull()
  })

  it('after a change to a tag that brings no profile, the card says there is none to wait for, and stops once Intune shows Not assigned', async () => {
    const harness = renderCard(card('BENCH-A', null), {
      'changes:queue-change': () => {
        harness.setCard(card('BENCH-A', 'NOPE'))
        return ok({ item: outboxItem(1) })
      },
      // Intune has the change when the wait first asks: re-evaluated, no profile.
      'devices:refresh-device': () => {
        harness.setCard(card('NOPE', null, { profileStatus: 'notAssigned', profileAssignedAt: null }))
        return ok({ device: device('5CG1', { profileStatus: 'notAssigned' }), source: 'online', notice: null })
      },
    })
    const input = await screen.findByLabelText('Group tag')
    fireEvent.change(input, { target: { value: 'NOPE' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    // A tag that leads to no profile is asked about first (group-tag-confirm.test.tsx); Enter on the question saves.
    await screen.findByRole('alertdialog', { name: 'Confirm before saving' })
    fireEvent.keyDown(input, { key: 'Enter' })
    const reminder = await screen.findByTestId('card-reminder')
    await waitFor(() => expect(screen.getByTestId('card-wait').dataset.phase).toBe('no-profile'))
    expect(reminder.textContent).toContain('No deployment profile to wait for')
    expect(reminder.textContent).toContain("Intune shows Not assigned: with group tag 'NOPE' the device has no deployment profile.")
    expect(reminder.textContent).toContain('event 815')
    expect(reminder.textContent).not.toContain('Waiting for profile assignment')
    expect(within(reminder).queryByRole('button', { name: 'Stop waiting' })).toBeNull()
  })
})
