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

/** The same device, with the cached rules the card carries: BENCH-B's group assigns the same profile. */
const cardWithRules = () => {
  const rule = (tag: string) => `(device.devicePhysicalIDs -any (_ -eq "[OrderID]:${tag}"))`
  return {
    ...card(),
    explanationInput: {
      device: { groupTag: 'BENCH-A', purchaseOrderId: '', isAutopilotDevice: true },
      groups: [
        { id: 'g-a', displayName: 'Autopilot - BENCH-A', membershipRule: rule('BENCH-A') },
        { id: 'g-b', displayName: 'Autopilot - BENCH-B', membershipRule: rule('BENCH-B') },
        { id: 'g-c', displayName: 'Autopilot - BENCH-C', membershipRule: rule('BENCH-C') },
      ],
      assignments: [
        { profileId: 'p1', target: { type: 'group' as const, groupId: 'g-a' } },
        { profileId: 'p1', target: { type: 'group' as const, groupId: 'g-b' } },
        { profileId: 'p2', target: { type: 'group' as const, groupId: 'g-c' } },
      ],
      profiles: [
        { id: 'p1', displayName: 'Contoso pre-provisioning', createdDateTime: '2026-01-01T00:00:00Z' },
        { id: 'p2', displayName: 'Kiosk', createdDateTime: '2026-01-02T00:00:00Z' },
      ],
    },
  }
}

function setup() {
  const harness = renderCard(card(), { 'changes:queue-change': () => ok({ item: outboxItem(1) }) })
  return harness
}

describe('group tag: confirmation and validation (issue #15 item 9)', () => {
  it('a new tag whose group assigns the same profile says it keeps it (through that group); another profile is named', async () => {
    renderCard(cardWithRules(), { 'changes:queue-change': () => ok({ item: outboxItem(1) }) })
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'BENCH-B' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog.textContent).toContain("It keeps its deployment profile 'Contoso pre-provisioning', through 'Autopilot - BENCH-B'")
    expect(dialog.textContent).not.toContain('loses its deployment profile')
    fireEvent.keyDown(input, { key: 'Escape' })
    fireEvent.change(input, { target: { value: 'BENCH-C' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect((await screen.findByRole('alertdialog')).textContent).toContain("changes from 'Contoso pre-provisioning' to 'Kiosk' (through 'Autopilot - BENCH-C')")
  })

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

describe("group tag: a tag that leads to no profile, or is the job's in another case, asks once", () => {
  const job = {
    id: 'job-1',
    name: 'Order NYC',
    purchaseOrder: '',
    tenantId: 't1',
    expectedProfileId: 'p1',
    expectedProfileName: 'Contoso pre-provisioning',
    groupTag: 'BENCH-NYC',
    deviceNameTemplate: '',
    createdAt: '2025-03-05T10:00:00.000Z',
    closedAt: null,
    manifestRows: 0,
  }
  /** A device with no tag (no group, no profile yet); the tenant's BENCH-NYC group assigns the job's profile. */
  const untagged = () => {
    const rules = cardWithRules()
    const rule = `(device.devicePhysicalIDs -any (_ -eq "[OrderID]:BENCH-NYC"))`
    return cardFixture({
      jobId: 'job-1',
      device: { groupTag: '', profileStatus: 'notAssigned', profileId: '', profileName: '', profileAssignedAt: null },
      explanation: { ...cardFixture().explanation, groups: [], winner: null },
      explanationInput: {
        ...rules.explanationInput,
        device: { ...rules.explanationInput.device, groupTag: '' },
        groups: [{ id: 'g-nyc', displayName: 'Autopilot - BENCH-NYC', membershipRule: rule }],
        assignments: [{ profileId: 'p1', target: { type: 'group' as const, groupId: 'g-nyc' } }],
      },
    })
  }
  const render = () => renderCard(untagged(), { 'jobs:list-jobs': () => ok({ jobs: [job] }), 'changes:queue-change': () => ok({ item: outboxItem(1) }) })

  it('"bench-ny" asks (no profile, did you mean the job\'s tag); Esc goes back to the field, Enter on the question saves', async () => {
    const { api } = render()
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'bench-ny' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    const dialog = await screen.findByRole('alertdialog', { name: 'Confirm before saving' })
    expect(dialog.textContent).toContain("With group tag 'bench-ny' no group that has a deployment profile takes the device")
    expect(dialog.textContent).toContain("did you mean 'BENCH-NYC'?")
    expect(api.callsTo('changes:queue-change')).toEqual([])
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(input.value).toBe('bench-ny')
    fireEvent.keyDown(input, { key: 'Enter' })
    await screen.findByRole('alertdialog')
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(api.callsTo('changes:queue-change')).toEqual([{ deviceId: 'id-5cg1', change: { kind: 'group-tag', groupTag: 'bench-ny' } }]))
  })

  it("the job's tag is saved at once; the job's tag in other letter case asks", async () => {
    const { api } = render()
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'bench-nyc' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect((await screen.findByRole('alertdialog')).textContent).toContain(
      "'bench-nyc' differs from the job's group tag 'BENCH-NYC' only in upper and lower case.",
    )
    fireEvent.keyDown(input, { key: 'Escape' })
    fireEvent.change(input, { target: { value: 'BENCH-NYC' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(api.callsTo('changes:queue-change')).toEqual([{ deviceId: 'id-5cg1', change: { kind: 'group-tag', groupTag: 'BENCH-NYC' } }]))
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })
})
