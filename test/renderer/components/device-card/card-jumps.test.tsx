import { describe, expect, it } from 'vitest'
import { fireEvent, screen, within } from '@testing-library/react'
import { cardFixture } from '@support/renderer/card-fixture'
import { renderCard } from '@support/renderer/render-card'

const jumps = () => within(screen.getByRole('navigation', { name: 'Jump to' }))

describe('the device card’s jumps to its fields', () => {
  it('one Tab from the card’s heading, the group tag, device name and user fields and the Intune actions are one press away', async () => {
    renderCard(cardFixture())
    const heading = await screen.findByRole('heading', { level: 1 })
    // The jumps come before the readiness checks and their cited sources in the Tab order.
    const firstSource = screen.getByTestId('card-readiness').querySelector('a')!
    const group = jumps().getByRole('button', { name: 'Group tag' })
    expect(heading.compareDocumentPosition(group) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(group.compareDocumentPosition(firstSource) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()

    fireEvent.click(group)
    expect(document.activeElement).toBe(screen.getByLabelText('Group tag'))
    fireEvent.click(jumps().getByRole('button', { name: 'Device name' }))
    expect(document.activeElement).toBe(screen.getByLabelText('Device name'))
    fireEvent.click(jumps().getByRole('button', { name: 'User' }))
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Find a user' }))
    fireEvent.click(jumps().getByRole('button', { name: 'Intune actions' }))
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Intune actions (online only)' }))
  })

  it('lands on the panel’s heading when its fields are off (no permission to write), not on a field that cannot take the focus', async () => {
    renderCard(cardFixture())
    const input = await screen.findByLabelText('Group tag')
    input.closest('fieldset')!.disabled = true
    fireEvent.click(jumps().getByRole('button', { name: 'Group tag' }))
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Group tag and device name' }))
  })
})
