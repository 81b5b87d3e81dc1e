import { describe, expect, it } from 'vitest'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { errorText } from '@shared/error-codes'
import type { OutboxItem } from '@shared/change-schemas'
import { createFakeApi, emptySummary, ok, outboxItem, type FakeHandlers } from '@support/renderer/fake-api'
import { readIntuneAnswer } from '@shared/domain/intune-answer'

/** The app opened on the Changes screen with these outbox items (the fake answers every list with them). */
function renderChanges(items: OutboxItem[], overrides: FakeHandlers = {}) {
  let current = items
  const api = createFakeApi({
    'changes:list-changes': () => ok(current),
    'changes:retry-change': () => ok({ item: null }),
    'changes:discard-change': () => ok({ item: null }),
    'changes:resolve-conflict': () => ok({ item: null }),
    ...overrides,
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('changes')
  render(<AppRoot api={api} stores={stores} />)
  return { api, setItems: (next: OutboxItem[]) => (current = next) }
}

const change = (id: number) => {
  const article = document.querySelector<HTMLElement>(`[data-change-id="${id}"]`)
  if (!article) throw new Error(`no change ${id} on screen`)
  return within(article)
}

describe('changes screen', () => {
  it('lists changes newest first in Intune words: device, what, from → to, state, attempts', async () => {
    renderChanges([
      outboxItem(3, {
        serialNumber: '5CG3',
        change: { kind: 'device-name', displayName: 'BENCH-003' },
        base: { displayName: 'DESKTOP-1' },
        intended: { displayName: 'BENCH-003' },
        state: 'sending',
        attempts: 1,
      }),
      outboxItem(2, {
        serialNumber: '5CG2',
        change: { kind: 'assign-user', userPrincipalName: 'ann@contoso.com', addressableUserName: 'Ann' },
        base: { userPrincipalName: '', addressableUserName: '' },
        intended: { userPrincipalName: 'ann@contoso.com', addressableUserName: 'Ann' },
        state: 'verifying',
        attempts: 1,
      }),
      outboxItem(1, { serialNumber: '5CG1', state: 'pending' }),
    ])
    expect(await screen.findByRole('heading', { name: 'Changes', level: 1 })).toBeTruthy()
    const list = await screen.findByRole('list', { name: 'Changes, newest first' })
    const titles = within(list)
      .getAllByRole('heading', { level: 2 })
      .map((h) => h.textContent)
    expect(titles).toEqual(['5CG3: Device name', '5CG2: Assigned user', '5CG1: Group tag'])

    expect(change(3).getByTestId('change-state').textContent).toBe('Sending')
    expect(change(3).getByTestId('change-from').textContent).toBe('DESKTOP-1')
    expect(change(3).getByTestId('change-to').textContent).toBe('BENCH-003')
    expect(change(3).getByText('1 attempt')).toBeTruthy()
    expect(change(2).getByTestId('change-state').textContent).toBe('Checking Intune')
    expect(change(2).getByTestId('change-from').textContent).toBe('(none)')
    expect(change(2).getByTestId('change-to').textContent).toBe('ann@contoso.com (Ann)')
    expect(change(1).getByTestId('change-state').textContent).toBe('Waiting to send')
    expect(change(1).getByText(/^Queued .*2025/)).toBeTruthy()
    // Sending/verifying cannot be discarded; waiting can.
    expect(change(3).queryByRole('button', { name: 'Discard' })).toBeNull()
    expect(change(1).getByRole('button', { name: 'Discard' })).toBeTruthy()
    expect(change(1).queryByRole('button', { name: 'Retry' })).toBeNull()
  })

  it('without a sign-in (a restart in browser mode), each waiting change says it waits for the sign-in, not a passed retry time; so does the status bar', async () => {
    const contoso = {
      id: '11111111-1111-1111-1111-111111111111',
      displayName: 'Contoso Ltd.',
      domain: 'contoso.onmicrosoft.com',
      kind: 'graph' as const,
      cloud: 'global',
      clientId: '22222222-2222-2222-2222-222222222222',
      active: true,
      signIn: 'needs-sign-in' as const,
      username: 'tech@contoso.com',
      signInReason: 'Sign-ins are kept in memory only here, so the sign-in of tech@contoso.com ended when the app last closed. Sign in again.',
      granted: [],
      access: [],
    }
    const overview = {
      tenants: [contoso],
      storage: { mode: 'memory-only' as const, description: 'memory' },
      clouds: [],
      requiredPermissions: [],
      signInAvailable: true,
    }
    renderChanges(
      [
        outboxItem(2, {
          state: 'pending',
          attempts: 1,
          lastError: { code: 'upstream', message: 'Intune had an internal error (HTTP 500) and did not take the change.' },
          nextAttemptAt: '2025-03-05T13:06:30.000Z',
        }),
        outboxItem(1, { state: 'pending' }),
      ],
      { 'identity:get-overview': () => ok(overview) },
    )
    await screen.findByRole('list', { name: 'Changes, newest first' })
    const waits = 'Waits for you to sign in to Contoso Ltd. (Settings › Tenants); then it is sent.'
    await waitFor(() => expect(change(2).getByTestId('change-waiting').textContent).toBe(waits))
    expect(change(1).getByTestId('change-waiting').textContent).toBe(waits)
    expect(screen.queryByText(/Trying again at/)).toBeNull()
    const connection = screen.getByTestId('status-connection')
    expect(connection.textContent).toBe('Not signed in')
    expect(connection.getAttribute('title')).toBe('Not signed in to Contoso Ltd. — sign in under Settings › Tenants to sync and send changes.')
  })

  it('a change still on its way says why its last try did not get through and when the next one is', async () => {
    renderChanges([
      outboxItem(2, {
        state: 'sending',
        attempts: 1,
        lastError: { code: 'retrying', message: 'Intune is temporarily unavailable' },
        nextAttemptAt: '2025-03-05T13:06:30.000Z',
      }),
      outboxItem(1, { state: 'pending', attempts: 2, lastError: { code: 'offline', message: 'Intune cannot be reached.' }, nextAttemptAt: null }),
      outboxItem(3, { state: 'pending' }),
    ])
    await screen.findByRole('list', { name: 'Changes, newest first' })
    // Europe/Berlin (the fake’s time zone): 13:06:30 UTC is 14:06.
    expect(change(2).getByTestId('change-waiting').textContent).toMatch(/^Intune is temporarily unavailable\. Trying again at 2:06\sPM\.$/)
    expect(change(1).getByTestId('change-waiting').textContent).toBe('Intune cannot be reached. Trying again at the next delivery.')
    expect(change(3).queryByTestId('change-waiting')).toBeNull()
    // Not sent yet: no "0 attempts" beside a reason that reads as a try.
    expect(change(3).queryByText(/attempts?$/)).toBeNull()
    expect(change(1).getByText('2 attempts')).toBeTruthy()
  })

  it('a change still being tried after a failed try can be discarded, saying its last try may have reached Intune; one not yet tried cannot', async () => {
    const { api } = renderChanges([
      outboxItem(8, {
        state: 'sending',
        attempts: 3,
        lastError: { code: 'upstream', message: 'Intune answered 500' },
        nextAttemptAt: '2025-03-05T13:06:30.000Z',
      }),
      outboxItem(9, { state: 'sending', attempts: 1 }),
    ])
    await waitFor(() => change(8))
    expect(change(9).queryByRole('button', { name: 'Discard' })).toBeNull()
    fireEvent.click(change(8).getByRole('button', { name: 'Discard' }))
    expect(change(8).getByText(/Its last try may still have reached Intune: check the device there after discarding\./)).toBeTruthy()
    fireEvent.click(change(8).getByRole('button', { name: 'Yes, discard' }))
    await waitFor(() => expect(api.callsTo('changes:discard-change')).toEqual([{ id: 8 }]))
  })

  it('a change waiting for its next try reads "Waiting to retry", not "Sending"', async () => {
    renderChanges([
      outboxItem(2, {
        state: 'sending',
        attempts: 1,
        lastError: { code: 'timeout', message: 'Intune did not answer within 15 s.' },
        nextAttemptAt: '2025-03-05T13:06:30.000Z',
      }),
      outboxItem(3, { state: 'pending', attempts: 1, lastError: { code: 'retrying', message: 'Intune is busy.' }, nextAttemptAt: '2025-03-05T13:06:30.000Z' }),
      outboxItem(4, { state: 'sending', attempts: 0 }),
    ])
    await waitFor(() => change(2))
    expect(change(2).getByTestId('change-state').textContent).toBe('Waiting to retry')
    expect(change(3).getByTestId('change-state').textContent).toBe('Waiting to retry')
    expect(change(4).getByTestId('change-state').textContent).toBe('Sending')
  })

  it('a change waiting for its next try after no answer offers Try now, which sends its id (it had only Discard and waited its back-off)', async () => {
    const { api } = renderChanges([
      outboxItem(2, {
        state: 'sending',
        attempts: 1,
        lastError: { code: 'timeout', message: 'Intune did not answer this change in time.' },
        nextAttemptAt: '2025-03-05T13:06:30.000Z',
      }),
      outboxItem(4, { state: 'sending', attempts: 0 }),
    ])
    await waitFor(() => change(2))
    fireEvent.click(change(2).getByRole('button', { name: 'Try now' }))
    await waitFor(() => expect(api.callsTo('changes:retry-change')).toEqual([{ id: 2 }]))
    expect(change(4).queryByRole('button', { name: 'Try now' })).toBeNull()
  })

  it('a try running after a failed one keeps the last reason and Discard, saying what happens if Intune applies it', async () => {
    const { api } = renderChanges([
      outboxItem(5, { state: 'sending', attempts: 3, lastError: { code: 'timeout', message: 'Intune did not answer within 15 s.' }, nextAttemptAt: null }),
    ])
    await waitFor(() => change(5))
    expect(change(5).getByTestId('change-waiting').textContent).toBe('Trying again now — last time: Intune did not answer within 15 s.')
    expect(change(5).getByTestId('change-state').textContent).toBe('Trying again')
    fireEvent.click(change(5).getByRole('button', { name: 'Discard' }))
    expect(change(5).getByText(/if Intune applies it, Intune keeps the new value/)).toBeTruthy()
    fireEvent.click(change(5).getByRole('button', { name: 'Yes, discard' }))
    await waitFor(() => expect(api.callsTo('changes:discard-change')).toEqual([{ id: 5 }]))
  })

  it('a discarded change that had stopped being tried no longer says "Retry later, or discard it"', async () => {
    const message =
      'Intune had an internal error (HTTP 500) and did not take the change. It answered with a server error 8 times in a row, so the app stopped trying. Retry later, or discard it; a retry reads the device from Intune first, so the change is never made twice.'
    renderChanges([outboxItem(6, { state: 'discarded', attempts: 8, lastError: { code: 'upstream', message } })])
    await waitFor(() => change(6))
    expect(change(6).getByText(/so the app stopped trying\.$/)).toBeTruthy()
    expect(change(6).queryByText(/Retry later, or discard it/)).toBeNull()
  })

  it('a failed change shows the catalogued error and Retry sends its id', async () => {
    const { api } = renderChanges([
      outboxItem(7, { state: 'failed', attempts: 3, lastError: { code: 'upstream', message: 'HTTP 400 BadRequest (request-id abc)' } }),
    ])
    await waitFor(() => change(7))
    expect(change(7).getByTestId('change-state').textContent).toBe('Failed')
    expect(change(7).getByText(errorText.upstream)).toBeTruthy()
    expect(change(7).getByText('HTTP 400 BadRequest (request-id abc)')).toBeTruthy()
    expect(change(7).getByText('3 attempts')).toBeTruthy()
    fireEvent.click(change(7).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(api.callsTo('changes:retry-change')).toEqual([{ id: 7 }]))
  })

  it('Discard asks first; Cancel and Esc keep the change, Yes discards exactly that id', async () => {
    const { api } = renderChanges([outboxItem(5, { state: 'pending' }), outboxItem(4, { state: 'failed', lastError: { code: 'timeout', message: 't' } })])
    await waitFor(() => change(5))
    fireEvent.click(change(5).getByRole('button', { name: 'Discard' }))
    expect(change(5).getByText('Discard this change?')).toBeTruthy()
    expect(change(5).getByText('Intune keeps BENCH-A. The change is not sent.')).toBeTruthy()
    expect(document.activeElement).toBe(change(5).getByRole('button', { name: 'Yes, discard' }))
    fireEvent.click(change(5).getByRole('button', { name: 'Cancel' }))
    expect(change(5).queryByText('Discard this change?')).toBeNull()
    expect(document.activeElement).toBe(change(5).getByRole('button', { name: 'Discard' }))

    fireEvent.click(change(5).getByRole('button', { name: 'Discard' }))
    fireEvent.keyDown(change(5).getByRole('button', { name: 'Yes, discard' }), { key: 'Escape' })
    expect(change(5).queryByText('Discard this change?')).toBeNull()
    expect(api.callsTo('changes:discard-change')).toEqual([])

    fireEvent.click(change(4).getByRole('button', { name: 'Discard' }))
    fireEvent.click(change(4).getByRole('button', { name: 'Yes, discard' }))
    await waitFor(() => expect(api.callsTo('changes:discard-change')).toEqual([{ id: 4 }]))
  })

  it('a conflict shows all three values and lets the technician keep theirs or Intune’s', async () => {
    const conflict = outboxItem(9, {
      serialNumber: 'PF9',
      state: 'conflict',
      attempts: 1,
      base: { groupTag: 'BENCH-A' },
      intended: { groupTag: 'BENCH-B' },
      server: { groupTag: 'SALES' },
      lastError: { code: 'conflict', message: 'Intune shows a different value than the one this change was based on.' },
    })
    const { api } = renderChanges([conflict, outboxItem(8, { ...conflict, id: 8, serialNumber: 'PF8' })])
    await waitFor(() => change(9))
    expect(change(9).getByTestId('change-state').textContent).toBe('Conflict')
    expect(change(9).getByTestId('change-conflict').textContent).toBe('You changed BENCH-A → BENCH-B, but Intune now shows SALES.')
    fireEvent.click(change(9).getByRole('button', { name: 'Keep mine (send it)' }))
    await waitFor(() => expect(api.callsTo('changes:resolve-conflict')).toEqual([{ id: 9, choice: 'keep-mine' }]))
    fireEvent.click(change(8).getByRole('button', { name: "Keep Intune's" }))
    await waitFor(() =>
      expect(api.callsTo('changes:resolve-conflict')).toEqual([
        { id: 9, choice: 'keep-mine' },
        { id: 8, choice: 'take-intune' },
      ]),
    )
    // A conflict can also be discarded (same as keeping Intune's, with a confirmation).
    expect(change(9).getByRole('button', { name: 'Discard' })).toBeTruthy()
  })

  it('focus stays in the list when an action takes its change away: the change in its place, then the heading', async () => {
    const failed = (id: number) => outboxItem(id, { state: 'failed', lastError: { code: 'upstream', message: 'HTTP 500' } })
    const { api, setItems } = renderChanges([failed(7), failed(6)])
    await waitFor(() => change(7))
    const retry = change(7).getByRole('button', { name: 'Retry' })
    retry.focus()
    fireEvent.click(retry)
    await waitFor(() => expect(api.callsTo('changes:retry-change')).toEqual([{ id: 7 }]))
    // Delivered: the change leaves the list, and its button with it.
    setItems([failed(6)])
    act(() => api.emit('data:changed', { topics: ['outbox'] }))
    await waitFor(() => expect(document.querySelector('[data-change-id="7"]')).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(document.querySelector('[data-change-id="6"]')))
    change(6).getByRole('button', { name: 'Retry' }).focus()
    fireEvent.click(change(6).getByRole('button', { name: 'Retry' }))
    setItems([])
    act(() => api.emit('data:changed', { topics: ['outbox'] }))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Changes', level: 1 })))
  })

  it('explains an action Intune or the core refused, next to the change', async () => {
    renderChanges([outboxItem(7, { state: 'failed', lastError: { code: 'offline', message: 'ENOTFOUND' } })], {
      'changes:retry-change': () => ({ ok: false, error: { code: 'conflict', message: 'This change cannot do that in its current state; refresh the list.' } }),
    })
    await waitFor(() => change(7))
    fireEvent.click(change(7).getByRole('button', { name: 'Retry' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('That did not work.')
    expect(alert.textContent).toContain('refresh the list')
  })

  it('Show delivered asks for finished changes too; delivered items read "Delivered" and offer no actions', async () => {
    const { api, setItems } = renderChanges([])
    expect(await screen.findByText('No changes waiting for Intune.')).toBeTruthy()
    expect(api.callsTo('changes:list-changes')).toEqual([{ deviceId: null, includeFinished: false }])
    setItems([
      outboxItem(1, { state: 'done', attempts: 1 }),
      outboxItem(2, { state: 'discarded', lastError: { code: 'cancelled', message: 'Changed back to the value Intune has.' } }),
    ])
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show delivered' }))
    await waitFor(() => change(1))
    expect(api.callsTo('changes:list-changes').at(-1)).toEqual({ deviceId: null, includeFinished: true })
    expect(change(1).getByTestId('change-state').textContent).toBe('Delivered')
    expect(change(1).queryByRole('button')).toBeNull()
    expect(change(2).getByTestId('change-state').textContent).toBe('Discarded')
    expect(change(2).getByText('Changed back to the value Intune has.')).toBeTruthy()
  })

  it('re-reads the list when the outbox changes', async () => {
    const { api, setItems } = renderChanges([outboxItem(1, { state: 'pending' })])
    await waitFor(() => change(1))
    setItems([outboxItem(1, { state: 'verifying', attempts: 1 })])
    act(() => api.emit('data:changed', { topics: ['devices'] }))
    act(() => api.emit('data:changed', { topics: ['outbox', 'devices'] }))
    await waitFor(() => expect(change(1).getByTestId('change-state').textContent).toBe('Checking Intune'))
  })

  it('is reachable from the sidebar, whose badge counts what is not in Intune yet', async () => {
    const api = createFakeApi({ 'changes:get-summary': () => ok({ ...emptySummary, pending: 2, failed: 1, conflicts: 1 }) })
    render(<AppRoot api={api} />)
    const nav = screen.getByRole('navigation', { name: 'Screens' })
    const entry = await within(nav).findByRole('button', { name: 'Changes, 4 not yet in Intune' })
    expect(within(nav).getByTestId('changes-badge').textContent).toBe('4')
    fireEvent.click(entry)
    expect(await screen.findByRole('heading', { name: 'Changes', level: 1 })).toBeTruthy()
    expect(entry.getAttribute('aria-current')).toBe('page')
  })
})

describe('changes screen › Intune’s error answers', () => {
  /** What the mock Intune sends for `500=always` on the device update: the Graph envelope, Intune's JSON inside its message. */
  const body500 = JSON.stringify({
    error: {
      code: 'InternalServerError',
      message: JSON.stringify({
        _version: 3,
        Message:
          'An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 7d1f9a2e-0000-4000-8000-000000000001 - Url: https://fef.msub02.manage.microsoft.com/DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/deviceManagement/windowsAutopilotDeviceIdentities/x/updateDeviceProperties?api-version=5023-06-28',
        CustomApiErrorPhrase: '',
        RetryAfter: null,
      }),
      innerError: {
        date: '2026-12-07T10:11:12',
        'request-id': '7d1f9a2e-0000-4000-8000-000000000001',
        'client-request-id': 'c0ffee00-0000-4000-8000-000000000002',
      },
    },
  })
  const raw = /Activity ID|Operation ID|fef\.msub02|api-version|_version/

  /** The article's text outside "Details for support", and that element (closed). */
  const split = (id: number) => {
    const article = document.querySelector<HTMLElement>(`[data-change-id="${id}"]`)!
    const details = article.querySelector<HTMLDetailsElement>('details[data-testid="support-details"]')
    const outside = article.cloneNode(true) as HTMLElement
    outside.querySelectorAll('details').forEach((element) => element.remove())
    return { article, details, outside: outside.textContent ?? '' }
  }

  it('a change waiting after a 500 says it in one sentence and when it tries again; Intune’s text only in the closed details', async () => {
    renderChanges([
      outboxItem(7, {
        serialNumber: '5CG7',
        state: 'sending',
        attempts: 2,
        nextAttemptAt: '2026-12-07T10:15:00Z',
        lastError: {
          code: 'upstream',
          message: 'Intune had an internal error (HTTP 500) and did not take the change.',
          intune: readIntuneAnswer(500, body500, { retryAfterSeconds: null }),
        },
      }),
    ])
    const waiting = await screen.findByTestId('change-waiting')
    expect(waiting.textContent).toMatch(/^Intune had an internal error \(HTTP 500\) and did not take the change\. Trying again at /)
    const { details, outside } = split(7)
    expect(outside).not.toMatch(raw)
    expect(details).not.toBeNull()
    expect(details!.open).toBe(false)
    expect(details!.querySelector('summary')!.textContent).toBe('Details for support')
    expect(details!.textContent).toContain('7d1f9a2e-0000-4000-8000-000000000001')
    expect(details!.textContent).toContain('c0ffee00-0000-4000-8000-000000000002')
    expect(details!.textContent).toContain('2026-12-07T10:11:12')
    expect(details!.textContent).toMatch(raw)
    expect(within(details!).getByRole('button', { name: 'Copy' })).toBeTruthy()
  })

  it('a Failed change saved before answers were kept: the sentence first, the raw answer only in the details', async () => {
    renderChanges([
      outboxItem(8, {
        serialNumber: '5CG8',
        state: 'failed',
        attempts: 8,
        lastError: {
          code: 'upstream',
          message:
            "Intune still answered with a server error after 8 tries, so the change may not have been made. Retry later, or discard it; a retry reads the device from Intune first, so the change is never made twice. Intune's last answer: Intune answered 500 InternalServerError: An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 7d1f9a2e-0000-4000-8000-000000000001 - Url: https://fef.msub02.manage.microsoft.com/DeviceEnrollmentFE/x?api-version=5023-06-28 (request-id 7d1f9a2e-0000-4000-8000-000000000001)",
        },
      }),
    ])
    const text = await waitFor(() => {
      const element = document.querySelector<HTMLElement>('[data-change-id="8"] .error-message__text')
      if (!element) throw new Error('not yet')
      return element.textContent
    })
    expect(text).toBe(
      'Intune still answered with a server error after 8 tries, so the change may not have been made. Retry later, or discard it; a retry reads the device from Intune first, so the change is never made twice. Intune had an internal error (HTTP 500).',
    )
    const { details, outside } = split(8)
    expect(outside).not.toMatch(raw)
    expect(details!.open).toBe(false)
    expect(details!.textContent).toMatch(raw)
    expect(change(8).getByRole('button', { name: 'Retry' })).toBeTruthy()
  })
})
