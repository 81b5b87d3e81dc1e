import { describe, expect, it } from 'vitest'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { cardFixture } from '@support/renderer/card-fixture'
import { ok, outboxItem } from '@support/renderer/fake-api'
import { renderCard } from '@support/renderer/render-card'

/** The device is in 'Autopilot - BENCH-A' through its tag, and gets 'Contoso pre-provisioning' from that group. */
const card = () =>
  cardFixture({
    explanation: {
      ...cardFixture().explanation,
      groups: [
        {
          groupId: 'g-a',
          groupName: 'Autopilot - BENCH-A',
          membership: 'member',
          reason: 'The dynamic rule matches the device.',
          rule: '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:BENCH-A"))',
        },
        {
          groupId: 'g-all',
          groupName: 'All Autopilot devices',
          membership: 'member',
          reason: 'The dynamic rule matches the device.',
          rule: '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))',
        },
      ],
      winner: { profileId: 'p1', profileName: 'Contoso pre-provisioning', via: 'group', groupId: 'g-a', groupName: 'Autopilot - BENCH-A' },
    },
  })

function setup() {
  const harness = renderCard(card(), { 'changes:queue-change': () => ok({ item: outboxItem(1) }) })
  return harness
}

describe('group tag: confirmation and validation (issue #15 item 9)', () => {
  it('clearing a tag a dynamic group uses asks first, naming the group and the profile lost; Esc keeps it', async () => {
    const { api } = setup()
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: '' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    const dialog = await screen.findByRole('alertdialog', { name: 'Confirm before saving' })
    expect(dialog.textContent).toContain("Clearing the group tag 'BENCH-A' takes the device out of 'Autopilot - BENCH-A'")
    expect(dialog.textContent).toContain("loses its deployment profile 'Contoso pre-provisioning'")
    expect(dialog.textContent).not.toContain('All Autopilot devices')
    expect(api.callsTo('changes:queue-change')).toEqual([])
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(api.callsTo('changes:queue-change')).toEqual([])
  })

  it('changing it is sent only after "Change it anyway"', async () => {
    const { api } = setup()
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'BENCH-B' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog.textContent).toContain("from 'BENCH-A' to 'BENCH-B'")
    fireEvent.click(within(dialog).getByRole('button', { name: /Change it anyway/ }))
    await waitFor(() => expect(api.callsTo('changes:queue-change')).toEqual([{ deviceId: 'id-5cg1', change: { kind: 'group-tag', groupTag: 'BENCH-B' } }]))
  })

  it('warns on commas and quotes, and blocks a tag over our own length policy, labelled as ours', async () => {
    setup()
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'BENCH,A"' } })
    const warnings = await screen.findByTestId('group-tag-warnings')
    expect(warnings.textContent).toContain('comma')
    expect(warnings.textContent).toContain('Quotes')
    fireEvent.change(input, { target: { value: 'X'.repeat(300) } })
    expect(await screen.findByText(/300 characters: this app allows at most 128 \(our policy — Microsoft documents no limit\)/)).toBeTruthy()
    expect(within(input.closest('.field-editor') as HTMLElement).getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(true)
  })
})
