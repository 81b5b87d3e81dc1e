import { describe, expect, it } from 'vitest'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { REFRESH_REMINDER } from '@shared/domain'
import type { BenchJob } from '@shared/bench-schemas'
import { cardFixture } from '@support/renderer/card-fixture'
import { device, ok, outboxItem } from '@support/renderer/fake-api'
import { renderCard } from '@support/renderer/render-card'

const editors = () => within(screen.getByTestId('card-editors'))

const job: BenchJob = {
  id: 'job-1',
  name: 'Order 4711',
  purchaseOrder: 'PO-77',
  tenantId: 't1',
  expectedProfileId: 'p1',
  expectedProfileName: 'Contoso pre-provisioning',
  groupTag: 'BENCH-B',
  deviceNameTemplate: 'CTS-%SERIAL%',
  createdAt: '2025-03-05T10:00:00.000Z',
  closedAt: null,
  manifestRows: 0,
}

/** Queues into a fake outbox: the next card read shows the change as pending. */
function queueing(render: typeof renderCard, overrides: Parameters<typeof renderCard>[1] = {}) {
  let card = cardFixture({ jobId: 'job-1' })
  const harness = render(card, {
    'jobs:list-jobs': () => ok({ jobs: [job] }),
    'changes:queue-change': ({ change }) => {
      const c = change
      const field = c.kind === 'group-tag' ? 'groupTag' : c.kind === 'device-name' ? 'displayName' : 'addressableUserName'
      const value = c.kind === 'group-tag' ? c.groupTag : c.kind === 'device-name' ? c.displayName : ''
      card = cardFixture({ jobId: 'job-1', device: { pending: [{ field, value, state: 'pending' }] } })
      harness.setCard(card)
      return ok({ item: outboxItem(1) })
    },
    // Intune still assigning: the wait keeps going.
    'devices:refresh-device': () => ok({ device: device('5CG1', { profileStatus: 'assigning' }), source: 'online', notice: null }),
    ...overrides,
  })
  return harness
}

describe('device card editors', () => {
  it("saves the job's group tag with Enter: queued, shown pending, then the Refresh reminder and the wait for assignment", async () => {
    const { api } = queueing(renderCard)
    const input = await screen.findByLabelText('Group tag')
    expect((input as HTMLInputElement).value).toBe('BENCH-A')
    fireEvent.click(await editors().findByRole('button', { name: "Use job's tag (BENCH-B)" }))
    expect((input as HTMLInputElement).value).toBe('BENCH-B')
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(api.callsTo('changes:queue-change')).toEqual([{ deviceId: 'id-5cg1', change: { kind: 'group-tag', groupTag: 'BENCH-B' } }]))
    const reminder = await screen.findByTestId('card-reminder')
    expect(reminder.textContent).toContain(REFRESH_REMINDER.text)
    // The wait refreshes the device and shows the status it reads back.
    await waitFor(() => expect(api.callsTo('devices:refresh-device').length).toBeGreaterThanOrEqual(1))
    const wait = screen.getByTestId('card-wait')
    await waitFor(() => expect(wait.textContent).toContain('Waiting for profile assignment'))
    expect(wait.dataset.phase).toBe('waiting')
    // Pending changes are counted: an "Assigned" before Intune has the tag is the old assignment.
    await waitFor(() => expect(wait.textContent).toContain('Changes not in Intune yet: 1'))
    expect((input as HTMLInputElement).value).toBe('BENCH-B')
  })

  it("'Use job's tag' without Enter is marked Not saved, and the unsaved tag is still there, marked, when the card comes back", async () => {
    const { api, stores } = queueing(renderCard)
    const input = await screen.findByLabelText('Group tag')
    expect(editors().queryByTestId('field-unsaved')).toBeNull()
    fireEvent.click(await editors().findByRole('button', { name: "Use job's tag (BENCH-B)" }))
    expect(editors().getByTestId('field-unsaved').textContent).toBe('✎ Not saved yet: Enter or Save sends it to Intune; Esc puts back “BENCH-A”.')
    expect(document.activeElement).toBe(input)
    // Walked away from: Back, then the card again.
    act(() => stores.ui.getState().leaveDevice())
    await waitFor(() => expect(screen.queryByLabelText('Group tag')).toBeNull())
    act(() => stores.ui.getState().openDevice('id-5cg1'))
    const again = await screen.findByLabelText<HTMLInputElement>('Group tag')
    expect(again.value).toBe('BENCH-B')
    expect(editors().getByTestId('field-unsaved')).toBeTruthy()
    // Esc puts the device's value back: no mark, nothing kept.
    fireEvent.keyDown(again, { key: 'Escape' })
    expect(again.value).toBe('BENCH-A')
    expect(editors().queryByTestId('field-unsaved')).toBeNull()
    expect(stores.ui.getState().cardDrafts).toEqual({})
    expect(api.callsTo('changes:queue-change')).toEqual([])
  })

  it("'Use job's tag' then Enter saves: the shortcut hands the focus back to the field", async () => {
    const { api } = queueing(renderCard)
    const input = await screen.findByLabelText('Group tag')
    const shortcut = await editors().findByRole('button', { name: "Use job's tag (BENCH-B)" })
    shortcut.focus()
    fireEvent.click(shortcut)
    expect(document.activeElement).toBe(input)
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' })
    await waitFor(() => expect(api.callsTo('changes:queue-change')).toEqual([{ deviceId: 'id-5cg1', change: { kind: 'group-tag', groupTag: 'BENCH-B' } }]))
  })

  it('stops waiting once Intune shows the change and the profile is Assigned with a date', async () => {
    const { api, setCard } = queueing(renderCard, {
      'devices:refresh-device': () => {
        setCard(cardFixture({ device: { groupTag: 'BENCH-B', profileStatus: 'assigned', profileAssignedAt: '2025-03-05T14:00:00.000Z' } }))
        return ok({ device: device('5CG1'), source: 'online', notice: null })
      },
    })
    const input = await screen.findByLabelText('Group tag')
    fireEvent.change(input, { target: { value: 'BENCH-B' } })
    fireEvent.click(editors().getAllByRole('button', { name: 'Save' })[0]!)
    await waitFor(() => expect(screen.getByTestId('card-wait').dataset.phase).toBe('assigned'))
    expect(screen.getByTestId('card-wait').textContent).toMatch(/Profile assigned .*2025/)
    const calls = api.callsTo('devices:refresh-device').length
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(api.callsTo('devices:refresh-device').length).toBe(calls)
  })

  it('offline, the change still queues and the wait says its status is the cached one', async () => {
    const { api } = queueing(renderCard, {
      'devices:refresh-device': () => ok({ device: device('5CG1'), source: 'cache', notice: { code: 'offline', message: 'Intune cannot be reached.' } }),
    })
    const input = await screen.findByLabelText('Group tag')
    fireEvent.change(input, { target: { value: 'BENCH-C' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(screen.getByTestId('card-wait').textContent).toContain('this is the cached status: Intune cannot be reached.'))
    expect(api.callsTo('changes:queue-change')).toHaveLength(1)
    expect(screen.getByTestId('card-wait').dataset.phase).toBe('waiting')
  })

  it('checks readiness against another open job when asked', async () => {
    const { api } = renderCard(cardFixture(), { 'jobs:list-jobs': () => ok({ jobs: [job] }) })
    const select = await screen.findByLabelText<HTMLSelectElement>('Check against job')
    expect(select.value).toBe('')
    expect(api.callsTo('devices:get-device-card')[0]).toEqual({ id: 'id-5cg1', jobId: null })
    fireEvent.change(select, { target: { value: 'job-1' } })
    await waitFor(() => expect(api.callsTo('devices:get-device-card').at(-1)).toEqual({ id: 'id-5cg1', jobId: 'job-1' }))
  })

  it('Esc puts the current value back and saves nothing', async () => {
    const { api } = queueing(renderCard)
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'WRONG' } })
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(input.value).toBe('BENCH-A')
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(api.callsTo('changes:queue-change')).toEqual([])
    expect(screen.queryByTestId('card-reminder')).toBeNull()
  })

  it('suggests group tags from the tenant as the technician types', async () => {
    const { api } = renderCard(cardFixture(), { 'devices:list-group-tags': ({ prefix }) => ok({ tags: prefix === 'BE' ? ['BENCH-A', 'BENCH-B'] : [] }) })
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(input, { target: { value: 'BE' } })
    await waitFor(() => expect(api.callsTo('devices:list-group-tags')).toContainEqual({ prefix: 'BE', limit: 20 }))
    const list = document.getElementById(input.getAttribute('list') ?? '')
    await waitFor(() => expect([...(list?.querySelectorAll('option') ?? [])].map((o) => o.getAttribute('value'))).toEqual(['BENCH-A', 'BENCH-B']))
  })

  it('blocks a bad device name with the reason, and previews a template', async () => {
    const { api } = queueing(renderCard)
    const input = await screen.findByLabelText<HTMLInputElement>('Device name')
    fireEvent.change(input, { target: { value: 'BENCH_PC_0000000001' } })
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText(/characters: device names must be 15 characters or less/)).toBeTruthy()
    expect(screen.getByText(/"_" is not allowed: names can have letters, numbers and hyphens only/)).toBeTruthy()
    fireEvent.keyDown(input, { key: 'Enter' })
    fireEvent.change(input, { target: { value: '12345' } })
    expect(screen.getByText("Names can't be all numbers.")).toBeTruthy()
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(api.callsTo('changes:queue-change')).toEqual([])

    fireEvent.change(input, { target: { value: 'CTS-%SERIAL%' } })
    expect(screen.getByText('Preview: CTS-5CG1')).toBeTruthy()
    expect(input.getAttribute('aria-invalid')).toBe('false')
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() =>
      expect(api.callsTo('changes:queue-change')).toEqual([{ deviceId: 'id-5cg1', change: { kind: 'device-name', displayName: 'CTS-5CG1' } }]),
    )
    // The field then shows the name saved, not the template: a second Enter renamed the device again (%RAND%).
    await waitFor(() => expect(input.value).toBe('CTS-5CG1'))
    fireEvent.keyDown(input, { key: 'Enter' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(api.callsTo('changes:queue-change')).toHaveLength(1)
  })

  it("does not flag the device's own (empty) name until something is typed", async () => {
    renderCard(cardFixture({ device: { displayName: '' } }))
    const input = await screen.findByLabelText<HTMLInputElement>('Device name')
    expect(input.getAttribute('aria-invalid')).toBe('false')
    expect(screen.queryByText('The device name is empty.')).toBeNull()
    fireEvent.change(input, { target: { value: '1' } })
    expect(screen.getByText("Names can't be all numbers.")).toBeTruthy()
  })

  it("offers the job template's name for this serial", async () => {
    renderCard(cardFixture({ device: { displayName: 'DESKTOP-1' }, namePreview: { template: 'CTS-%SERIAL%', preview: 'CTS-5CG1', valid: true, message: '' } }))
    fireEvent.click(await screen.findByRole('button', { name: 'Use template name (CTS-5CG1)' }))
    expect(screen.getByLabelText<HTMLInputElement>('Device name').value).toBe('CTS-5CG1')
    expect(screen.getByTestId('card-name-template').textContent).toBe('Template CTS-%SERIAL% gives CTS-5CG1')
  })

  describe('the keyboard never falls to <body> after an action', () => {
    it('Save (the button turns itself off once saved) puts it back in the field', async () => {
      queueing(renderCard)
      const input = await screen.findByLabelText<HTMLInputElement>('Device name')
      fireEvent.change(input, { target: { value: 'CTS-NEW01' } })
      const save = editors().getAllByRole('button', { name: 'Save' })[1]!
      save.focus()
      fireEvent.click(save)
      await waitFor(() => expect(input.value).toBe('CTS-NEW01'))
      await waitFor(() => expect(save.hasAttribute('disabled')).toBe(true))
      await waitFor(() => expect(document.activeElement).toBe(input))
    })

    it('Cancel (off once the field is back to the device value) puts it back in the field', async () => {
      queueing(renderCard)
      const input = await screen.findByLabelText<HTMLInputElement>('Device name')
      fireEvent.change(input, { target: { value: 'CTS-TYPO' } })
      const cancel = editors().getAllByRole('button', { name: 'Cancel' })[1]!
      cancel.focus()
      fireEvent.click(cancel)
      expect(input.value).toBe('CTS-5CG1')
      await waitFor(() => expect(document.activeElement).toBe(input))
    })

    it('Refresh from Intune (off while it runs) gets the keyboard back once done', async () => {
      renderCard(cardFixture(), { 'devices:refresh-device': () => ok({ device: device('5CG1'), source: 'online', notice: null }) })
      const refresh = await screen.findByRole('button', { name: 'Refresh from Intune' })
      // Chromium drops the focus of a button as it turns disabled; jsdom keeps it, so the click starts from <body>.
      ;(document.activeElement as HTMLElement | null)?.blur()
      fireEvent.click(refresh)
      await screen.findByText('Refreshed from Intune just now.')
      await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refresh from Intune' })))
    })

    it('Refresh from Intune keeps the keyboard while Intune takes its time: aria-disabled, not disabled, and a second press sends nothing', async () => {
      let answer: (value: unknown) => void = () => undefined
      const { api } = renderCard(cardFixture(), {
        'devices:refresh-device': () =>
          new Promise((resolve) => {
            answer = resolve
          }) as never,
      })
      const refresh = await screen.findByRole('button', { name: 'Refresh from Intune' })
      refresh.focus()
      fireEvent.click(refresh)
      const busy = await screen.findByRole('button', { name: 'Refreshing…' })
      // A disabled button drops the focus to <body> in Chromium for as long as the answer takes (15 s with no answer).
      expect(busy).toBe(refresh)
      expect(busy.hasAttribute('disabled')).toBe(false)
      expect(busy.getAttribute('aria-disabled')).toBe('true')
      expect(document.activeElement).toBe(busy)
      fireEvent.click(busy)
      expect(api.callsTo('devices:refresh-device')).toHaveLength(1)
      answer(ok({ device: device('5CG1'), source: 'online', notice: null }))
      await screen.findByText('Refreshed from Intune just now.')
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refresh from Intune' }))
    })

    it('Stop waiting (the button goes with the wait) leaves it on the reminder', async () => {
      queueing(renderCard)
      const input = await screen.findByLabelText('Group tag')
      fireEvent.change(input, { target: { value: 'BENCH-B' } })
      fireEvent.keyDown(input, { key: 'Enter' })
      const stop = await screen.findByRole('button', { name: 'Stop waiting' })
      stop.focus()
      fireEvent.click(stop)
      await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop waiting' })).toBeNull())
      expect(document.activeElement).toBe(within(screen.getByTestId('card-reminder')).getByRole('heading', { level: 2 }))
    })
  })
})
