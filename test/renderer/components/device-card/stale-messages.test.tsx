import { describe, expect, it } from 'vitest'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { cardFixture } from '@support/renderer/card-fixture'
import { ok, outboxItem } from '@support/renderer/fake-api'
import { renderCard } from '@support/renderer/render-card'

describe('device card: no stale messages (issue #15 minor items)', () => {
  it('a failed send shows its reason beside the value, not only "Pending"', async () => {
    renderCard(cardFixture({ device: { pending: [{ field: 'groupTag', value: 'BENCH-B', state: 'pending', error: 'Intune could not be reached.' }] } }))
    const marker = await screen.findAllByText(/last try: Intune could not be reached\./)
    expect(marker.length).toBeGreaterThan(0)
    // Read out as sentences: the reason's own full stop is not doubled before "Intune shows".
    const whole = marker[0]!.closest('[data-pending-state]')!.textContent ?? ''
    expect(whole).toContain('Intune could not be reached. Intune shows')
    expect(whole).not.toMatch(/\.\s*\./)
  })

  it('"waiting to send" becomes "delivered" once Intune shows the change', async () => {
    const harness = renderCard(cardFixture(), {
      'changes:queue-change': () => {
        harness.setCard(cardFixture({ device: { pending: [{ field: 'groupTag', value: 'BENCH-C', state: 'pending' }] } }))
        return ok({ item: outboxItem(1) })
      },
    })
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'BENCH-C' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await screen.findByText('Group tag saved: waiting to send to Intune (works offline).')
    // Delivered: Intune now shows the tag, nothing pending.
    harness.setCard(cardFixture({ device: { groupTag: 'BENCH-C', pending: [] } }))
    harness.api.emit('data:changed', { topics: ['devices', 'outbox'] })
    await waitFor(() => expect(screen.queryByText(/waiting to send to Intune/)).toBeNull(), { timeout: 3000 })
  })

  it('a job template too long for the serial is covered by the valid device name on the record', async () => {
    renderCard(
      cardFixture({
        device: { displayName: 'CTS-2345ABCDE12' },
        namePreview: {
          template: 'CTS-%SERIAL%',
          preview: 'CTS-5CG2345ABCDE',
          valid: false,
          message: '16 characters: device names must be 15 characters or less.',
        },
      }),
    )
    const note = await screen.findByTestId('card-name-template')
    expect(note.textContent).toContain("The device name 'CTS-2345ABCDE12' set on the record is valid and is used instead.")
  })

  it('the readiness panel shows the same badge and next action as the bench row', async () => {
    renderCard(
      cardFixture({
        readiness: {
          ...cardFixture().readiness,
          badge: { level: 'blocked', next: 'Before pressing Provision: Unblock device.', ruleId: 're-enrollment', title: 'Not a re-used device' },
        },
      }),
    )
    const next = await screen.findByTestId('card-readiness-next')
    expect(next.textContent).toContain('Blocked')
    expect(next.textContent).toContain('Before pressing Provision: Unblock device.')
  })
})
