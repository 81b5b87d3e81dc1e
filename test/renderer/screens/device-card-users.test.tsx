import { describe, expect, it } from 'vitest'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { UserSummary } from '@shared/user-schemas'
import { cardFixture } from '@support/renderer/card-fixture'
import { ok, outboxItem } from '@support/renderer/fake-api'
import { renderCard } from '@support/renderer/render-card'

const user = (n: number, overrides: Partial<UserSummary> = {}): UserSummary => ({
  id: `u${n}`,
  userPrincipalName: `user${n}@contoso.com`,
  displayName: `User ${n}`,
  mail: '',
  licensed: true,
  ...overrides,
})

/** A tenant of 3,000 users; the fake answers a search like the core (prefix match, at most `limit`). */
const tenant = Array.from({ length: 3000 }, (_, i) => user(i + 1))
const search = (query: string, limit: number) =>
  tenant.filter((u) => u.userPrincipalName.startsWith(query) || u.displayName.toLowerCase().startsWith(query.toLowerCase())).slice(0, limit)

const users = () => within(screen.getByTestId('card-users'))

describe('device card user assignment', () => {
  it('finds users page by page, moves with the arrow keys and assigns with Enter', async () => {
    const { api } = renderCard(cardFixture({ device: { userPrincipalName: '', addressableUserName: '' } }), {
      'users:search-users': ({ query, limit }) => ok({ users: search(query, limit ?? 25), source: 'cache', notice: null }),
      'changes:queue-change': () => ok({ item: outboxItem(1) }),
    })
    await screen.findByTestId('card-users')
    expect(users().getByText('No user assigned.')).toBeTruthy()
    const box = users().getByRole('combobox', { name: 'Find a user' })
    fireEvent.change(box, { target: { value: 'user' } })
    const list = await users().findByRole('listbox')
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(25))
    // Thousands of matches: one page, and the technician is told to type more.
    expect(users().getByText(/Showing the first 25 matches: type more/)).toBeTruthy()
    expect(api.callsTo('users:search-users').at(-1)).toEqual({ query: 'user', limit: 25 })

    fireEvent.change(box, { target: { value: 'user12' } })
    await waitFor(() => expect(within(users().getByRole('listbox')).getAllByRole('option')[0]!.textContent).toContain('user12@contoso.com'))
    const options = within(users().getByRole('listbox')).getAllByRole('option')
    expect(options[0]!.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    const selected = within(users().getByRole('listbox'))
      .getAllByRole('option')
      .filter((o) => o.getAttribute('aria-selected') === 'true')
    expect(selected).toHaveLength(1)
    expect(box.getAttribute('aria-activedescendant')).toBe(selected[0]!.id)
    const upn = selected[0]!.querySelector('.mono')!.textContent
    expect(upn).not.toBe('user12@contoso.com')
    fireEvent.keyDown(box, { key: 'Enter' })
    await waitFor(() => expect(api.callsTo('changes:queue-change')).toHaveLength(1))
    const displayName = tenant.find((u) => u.userPrincipalName === upn)!.displayName
    expect(api.callsTo('changes:queue-change')[0]).toEqual({
      deviceId: 'id-5cg1',
      change: { kind: 'assign-user', userPrincipalName: upn, addressableUserName: displayName },
    })
    expect(await users().findByText(`Assigning ${upn}: waiting to send to Intune.`)).toBeTruthy()
    expect(await screen.findByTestId('card-reminder')).toBeTruthy()
  })

  it('says when nothing matches, and shows why the online search did not run', async () => {
    renderCard(cardFixture(), {
      'users:search-users': () => ok({ users: [], source: 'cache', notice: { code: 'offline', message: 'Offline: only cached users are searched.' } }),
    })
    await screen.findByTestId('card-users')
    fireEvent.change(users().getByRole('combobox'), { target: { value: 'zed' } })
    expect(await users().findByText('No user matches “zed”.')).toBeTruthy()
    expect(users().getByText('Offline: only cached users are searched.')).toBeTruthy()
  })

  it("assigns the manifest's user with its friendly name, and unassigns", async () => {
    const { api } = renderCard(cardFixture({ manifest: { userPrincipalName: 'bob@contoso.com', addressableUserName: 'Bob B.', displayName: '' } }), {
      'changes:queue-change': () => ok({ item: outboxItem(1) }),
    })
    await screen.findByTestId('card-users')
    fireEvent.click(users().getByRole('button', { name: 'Use manifest user (bob@contoso.com)' }))
    await waitFor(() =>
      expect(api.callsTo('changes:queue-change')).toEqual([
        { deviceId: 'id-5cg1', change: { kind: 'assign-user', userPrincipalName: 'bob@contoso.com', addressableUserName: 'Bob B.' } },
      ]),
    )
    fireEvent.click(users().getByRole('button', { name: 'Unassign user' }))
    await waitFor(() => expect(api.callsTo('changes:queue-change')[1]).toEqual({ deviceId: 'id-5cg1', change: { kind: 'unassign-user' } }))
  })

  it('the line under an assignment says it waits while the change is pending, and that Intune has it once delivered', async () => {
    const manifest = { userPrincipalName: 'bob@contoso.com', addressableUserName: 'Bob B.', displayName: '' }
    const harness = renderCard(cardFixture({ manifest }), {
      'changes:queue-change': () => {
        harness.setCard(cardFixture({ manifest, device: { pending: [{ field: 'userPrincipalName', value: 'bob@contoso.com', state: 'pending' }] } }))
        return ok({ item: outboxItem(1) })
      },
    })
    await screen.findByTestId('card-users')
    fireEvent.click(users().getByRole('button', { name: 'Use manifest user (bob@contoso.com)' }))
    expect(await users().findByText('Assigning bob@contoso.com: waiting to send to Intune.')).toBeTruthy()
    // Delivered: the next read has no pending change any more.
    harness.setCard(cardFixture({ manifest, device: { userPrincipalName: 'bob@contoso.com', pending: [] } }))
    act(() => harness.api.emit('data:changed', { topics: ['outbox', 'devices'] }))
    expect(await users().findByText('Assigned bob@contoso.com: Intune has it.')).toBeTruthy()
  })

  it('edits the user friendly name through the outbox, pre-filled from the manifest', async () => {
    const { api } = renderCard(cardFixture({ manifest: { userPrincipalName: 'ann@contoso.com', addressableUserName: 'Ann Smith', displayName: '' } }), {
      'changes:queue-change': () => ok({ item: outboxItem(1) }),
    })
    await screen.findByTestId('card-users')
    const input = users().getByLabelText<HTMLInputElement>('User friendly name')
    expect(input.value).toBe('Ann')
    fireEvent.click(users().getByRole('button', { name: 'Use manifest value (Ann Smith)' }))
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() =>
      expect(api.callsTo('changes:queue-change')).toEqual([{ deviceId: 'id-5cg1', change: { kind: 'user-friendly-name', addressableUserName: 'Ann Smith' } }]),
    )
  })

  it('shows the error and keeps the typed value when the change cannot be queued', async () => {
    renderCard(cardFixture(), { 'changes:queue-change': () => ({ ok: false, error: { code: 'db-unavailable', message: 'worker restarted' } }) })
    await screen.findByTestId('card-users')
    const input = users().getByLabelText<HTMLInputElement>('User friendly name')
    fireEvent.change(input, { target: { value: 'Ann S.' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    const alert = await users().findByRole('alert')
    expect(alert.textContent).toContain('The change could not be queued.')
    expect(alert.textContent).toContain('worker restarted')
    expect(input.value).toBe('Ann S.')
    expect(screen.queryByTestId('card-reminder')).toBeNull()
  })

  it('an answer for an older keystroke that comes late never replaces the newer one', async () => {
    const answers = new Map<string, (users: UserSummary[]) => void>()
    renderCard(cardFixture({ device: { userPrincipalName: '', addressableUserName: '' } }), {
      'users:search-users': ({ query }) =>
        new Promise((resolve) => answers.set(query, (found) => resolve(ok({ users: found, source: 'online' as const, notice: null })))),
    })
    await screen.findByTestId('card-users')
    const box = users().getByRole('combobox', { name: 'Find a user' })
    fireEvent.change(box, { target: { value: 'ann' } })
    await waitFor(() => expect(answers.has('ann')).toBe(true))
    fireEvent.change(box, { target: { value: 'anna' } })
    await waitFor(() => expect(answers.has('anna')).toBe(true))
    await act(async () => answers.get('anna')!([user(1, { displayName: 'Anna Newer', userPrincipalName: 'anna@contoso.com' })]))
    await waitFor(() => expect(users().getAllByRole('option')).toHaveLength(1))
    // The slow answer for "ann" arrives last: the list still shows what "anna" found.
    await act(async () => answers.get('ann')!([user(2, { displayName: 'Ann Older' }), user(3, { displayName: 'Annabel Older' })]))
    expect(
      users()
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([expect.stringContaining('Anna Newer')])
  })

  it('while Intune is slow, the users seen before are listed meanwhile; its answer replaces them and keeps the highlighted user', async () => {
    let answerOnline: (found: UserSummary[]) => void = () => undefined
    const { api } = renderCard(cardFixture({ device: { userPrincipalName: '', addressableUserName: '' } }), {
      'users:search-users': ({ cacheOnly }) =>
        cacheOnly
          ? ok({ users: [user(1), user(2)], source: 'cache' as const, notice: null })
          : new Promise((resolve) => (answerOnline = (found) => resolve(ok({ users: found, source: 'online' as const, notice: null })))),
      'changes:queue-change': () => ok({ item: outboxItem(1) }),
    })
    await screen.findByTestId('card-users')
    const box = users().getByRole('combobox', { name: 'Find a user' })
    fireEvent.change(box, { target: { value: 'user' } })
    // Intune hangs: after a moment the cached users are listed, and the list says Intune is still asked.
    await waitFor(() => expect(users().getAllByRole('option')).toHaveLength(2), { timeout: 2_000 })
    expect(users().getByText(/Users this app has seen before, while Intune is asked/)).toBeTruthy()
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    expect(users().getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true')
    // Intune answers with more users, in another order: the highlight stays on user 2.
    await act(async () => answerOnline([user(3), user(2), user(1)]))
    await waitFor(() => expect(users().getAllByRole('option')).toHaveLength(3))
    expect(users().getByText(/From Intune/)).toBeTruthy()
    const highlighted = users()
      .getAllByRole('option')
      .filter((o) => o.getAttribute('aria-selected') === 'true')
    expect(highlighted.map((o) => o.textContent)).toEqual([expect.stringContaining('user2@contoso.com')])
    fireEvent.keyDown(box, { key: 'Enter' })
    await waitFor(() => expect(api.callsTo('changes:queue-change')).toHaveLength(1))
    expect(api.callsTo('changes:queue-change')[0]).toMatchObject({ change: { userPrincipalName: 'user2@contoso.com' } })
  })

  it('answered from the cache because Intune could not be asked, the list says so', async () => {
    renderCard(cardFixture({ device: { userPrincipalName: '', addressableUserName: '' } }), {
      'users:search-users': () =>
        ok({
          users: [user(1)],
          source: 'cache',
          notice: { code: 'offline', message: "Intune can't be reached now, so only the users this app has seen before (the cache) are searched." },
        }),
    })
    await screen.findByTestId('card-users')
    fireEvent.change(users().getByRole('combobox'), { target: { value: 'user' } })
    expect(await users().findByText(/From the cache: only users this app has seen before, because Intune could not be asked/)).toBeTruthy()
    expect(users().getByText(/only the users this app has seen before \(the cache\)/)).toBeTruthy()
  })

  it('after Unassign user (its button goes away), the keyboard is on the user search, not on <body>', async () => {
    const harness = renderCard(cardFixture(), {
      'changes:queue-change': () => {
        harness.setCard(cardFixture({ device: { pending: [{ field: 'userPrincipalName', value: '', state: 'pending' }] } }))
        return ok({ item: outboxItem(1) })
      },
    })
    await screen.findByTestId('card-users')
    const unassign = users().getByRole('button', { name: 'Unassign user' })
    unassign.focus()
    fireEvent.click(unassign)
    await waitFor(() => expect(users().queryByRole('button', { name: 'Unassign user' })).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(users().getByRole('combobox', { name: 'Find a user' })))
  })

  it("after the manifest's user is assigned (its button goes away), the keyboard is on the user search", async () => {
    const manifest = { userPrincipalName: 'bob@contoso.com', addressableUserName: 'Bob B.', displayName: '' }
    const harness = renderCard(cardFixture({ manifest }), {
      'changes:queue-change': () => {
        harness.setCard(cardFixture({ manifest, device: { pending: [{ field: 'userPrincipalName', value: 'bob@contoso.com', state: 'pending' }] } }))
        return ok({ item: outboxItem(1) })
      },
    })
    await screen.findByTestId('card-users')
    const button = users().getByRole('button', { name: 'Use manifest user (bob@contoso.com)' })
    button.focus()
    fireEvent.click(button)
    await waitFor(() => expect(users().queryByRole('button', { name: 'Use manifest user (bob@contoso.com)' })).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(users().getByRole('combobox', { name: 'Find a user' })))
  })
})

describe('a user change whose write got no answer', () => {
  it('says one thing: not in Intune yet, why, and when it is tried again (not "last try" beside "waiting to send")', async () => {
    renderCard(
      cardFixture({
        device: {
          userPrincipalName: '',
          pending: [
            {
              field: 'userPrincipalName',
              value: 'ben.brown@contoso.com',
              state: 'sending',
              error: 'Intune did not answer this change in time.',
              nextAttemptAt: '2026-12-08T00:02:00.000Z',
            },
          ],
        },
      }),
    )
    await screen.findByTestId('card-users')
    const line = await users().findByText(
      /^Assigning ben\.brown@contoso\.com: not in Intune yet — Intune did not answer this change in time\. Trying again at /,
    )
    expect(line.getAttribute('role')).toBe('status')
    expect(users().queryByText(/waiting to send to Intune/)).toBeNull()
    // The marker keeps its word, not the reason a second time.
    expect(users().getByText('Pending')).toBeTruthy()
    expect(users().queryByText(/last try:/)).toBeNull()
  })
})
