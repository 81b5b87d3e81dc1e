import { describe, expect, it, vi } from 'vitest'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { errorText } from '@shared/error-codes'
import { cardFixture } from '@support/renderer/card-fixture'
import { deferred, device, idleStatus, ok, outboxItem } from '@support/renderer/fake-api'
import { renderCard } from '@support/renderer/render-card'
import type { DeviceCard } from '@shared/card-schemas'
import type { Result } from '@shared/result'

const field = (label: string) => {
  const term = within(screen.getByTestId('card-details')).getByText(label, { selector: 'dt' })
  const value = term.nextElementSibling
  if (!value) throw new Error(`no value for ${label}`)
  return value as HTMLElement
}

describe('device card screen', () => {
  it('shows the device in admin-center words, with pending values marked', async () => {
    renderCard(
      cardFixture({
        device: {
          profileStatus: 'fixPending',
          pending: [
            { field: 'groupTag', value: 'BENCH-B', state: 'pending' },
            { field: 'displayName', value: 'CTS-NEW', state: 'failed' },
          ],
        },
      }),
    )
    expect(await screen.findByRole('heading', { level: 1, name: /5CG1/ })).toBeTruthy()
    expect(screen.getByText('Microsoft Corporation Surface Laptop 5')).toBeTruthy()
    expect(screen.getByTestId('card-cache-age').textContent).toMatch(/^Read from Intune: .*2025/)
    expect(field('Purchase order').textContent).toBe('PO-77')
    expect(field('Profile status').textContent).toBe('Fix pending')
    expect(field('Assigned profile').textContent).toBe('Contoso pre-provisioning')
    expect(field('Date assigned').textContent).toMatch(/2025/)
    expect(field('Last contacted').textContent).toBe('Never')
    // The linked objects by name, as the admin center shows them; the id on hover and by Copy ID.
    expect(field('Microsoft Entra device').querySelector('.linked-object__name')?.textContent).toBe('CTS-5CG1')
    expect(field('Intune device').querySelector('.linked-object__name')?.textContent).toBe('CTS-5CG1')
    expect(field('User friendly name').textContent).toBe('Ann')
    // Graph's enum values (notContacted, unknown) in the admin center's words.
    expect(field('Enrollment state').textContent).toBe('Not contacted')
    expect(field('Userless enrollment status').textContent).toBe('Unknown')
    // Pending: the new value, a word, and what Intune still shows.
    const tag = field('Group tag')
    expect(tag.textContent).toContain('BENCH-B')
    expect(tag.querySelector('[data-pending-state="pending"]')?.textContent).toContain('Pending')
    expect(tag.textContent).toContain('Intune shows: BENCH-A')
    expect(field('Device name').querySelector('[data-pending-state="failed"]')?.textContent).toContain('Not sent')
    expect(field('User').querySelector('[data-pending-state]')).toBeNull()
  })

  it('shows the Intune device and the Microsoft Entra device by name, the id only on hover and by Copy ID', async () => {
    const intuneId = '4f2d9c1e-7a3b-4c8d-9e0f-1a2b3c4d5e6f'
    const entraId = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
    renderCard(
      cardFixture({
        device: {
          managedDeviceId: intuneId,
          entraDeviceId: entraId,
          intuneDevice: { found: true, name: 'DESKTOP-7QK2M4', checkedAt: '2025-03-05T13:05:00.000Z' },
          entraDevice: { found: true, name: 'CTS-5CG1', checkedAt: '2025-03-05T13:05:00.000Z' },
        },
      }),
    )
    await screen.findByTestId('card-details')
    const guid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
    const intune = field('Intune device')
    expect(intune.textContent).toContain('DESKTOP-7QK2M4')
    expect(intune.textContent).not.toMatch(guid)
    expect(intune.querySelector('.linked-object__name')?.getAttribute('title')).toBe(`Intune device ID: ${intuneId}`)
    const entra = field('Microsoft Entra device')
    expect(entra.textContent).toContain('CTS-5CG1')
    expect(entra.textContent).not.toMatch(guid)
    expect(entra.querySelector('.linked-object__name')?.getAttribute('title')).toBe(`Microsoft Entra device ID: ${entraId}`)
    // Copy ID puts the id on the clipboard and says so.
    const writeText = vi.fn(async (_text: string) => undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    fireEvent.click(within(intune).getByRole('button', { name: `Copy ID: Intune device ID: ${intuneId}` }))
    await waitFor(() => expect(within(intune).getByRole('status').textContent).toBe('Copied'))
    expect(writeText).toHaveBeenCalledWith(intuneId)
  })

  it('says why a linked object has no name, never showing its GUID as the value: no record, deleted, not read, offline', async () => {
    const name = (label: string) => field(label).querySelector('.linked-object__name')?.textContent ?? field(label).textContent
    const first = renderCard(
      cardFixture({
        device: {
          managedDeviceId: '00000000-0000-0000-0000-000000000000',
          entraDeviceId: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          intuneDevice: null,
          entraDevice: { found: false, name: null, checkedAt: '2025-03-05T13:05:00.000Z' },
        },
      }),
    )
    await screen.findByTestId('card-details')
    expect(name('Intune device')).toBe('No Intune device record')
    expect(within(field('Intune device')).queryByRole('button')).toBeNull()
    expect(name('Microsoft Entra device')).toBe('Not found in Microsoft Entra ID (deleted there)')
    first.view.unmount()

    const notRead = cardFixture({
      device: { managedDeviceId: '4f2d9c1e-7a3b-4c8d-9e0f-1a2b3c4d5e6f', entraDeviceId: '', intuneDevice: null, entraDevice: null },
    })
    const second = renderCard(notRead)
    await screen.findByTestId('card-details')
    expect(name('Intune device')).toBe('Name not read yet: Refresh from Intune')
    expect(name('Microsoft Entra device')).toBe('No Microsoft Entra device')
    second.view.unmount()

    renderCard(notRead, { 'sync:get-status': () => ok({ ...idleStatus, online: false }) })
    await screen.findByTestId('card-details')
    await waitFor(() => expect(name('Intune device')).toBe('Name not read: Intune can’t be reached'))
  })

  it('a name Graph refused to read (403) says the account cannot read them and which permission is needed, not "Refresh from Intune"; the id stays on hover and Copy ID', async () => {
    const intuneId = '4f2d9c1e-7a3b-4c8d-9e0f-1a2b3c4d5e6f'
    const entraId = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
    const checkedAt = '2025-03-05T13:05:00.000Z'
    renderCard(
      cardFixture({
        device: {
          managedDeviceId: intuneId,
          entraDeviceId: entraId,
          intuneDevice: {
            found: false,
            name: null,
            refused: { problem: 'missing-permission', permission: 'DeviceManagementManagedDevices.Read.All' },
            checkedAt,
          },
          entraDevice: { found: false, name: null, refused: { problem: 'missing-permission', permission: 'Device.Read.All' }, checkedAt },
        },
      }),
    )
    await screen.findByTestId('card-details')
    const intune = field('Intune device')
    expect(intune.querySelector('.linked-object__name')?.textContent).toBe(
      "Name not read. This account can't read Intune's managed devices: the app registration needs the Microsoft Graph permission DeviceManagementManagedDevices.Read.All (or DeviceManagementManagedDevices.ReadWrite.All), with admin consent.",
    )
    expect(intune.textContent).not.toContain('Refresh from Intune')
    expect(intune.textContent).not.toContain('deleted there')
    expect(intune.querySelector('.linked-object__name')?.getAttribute('title')).toBe(`Intune device ID: ${intuneId}`)
    expect(within(intune).getByRole('button', { name: `Copy ID: Intune device ID: ${intuneId}` })).toBeTruthy()
    expect(field('Microsoft Entra device').querySelector('.linked-object__name')?.textContent).toBe(
      "Name not read. This account can't read Microsoft Entra device objects: the app registration needs the Microsoft Graph permission Device.Read.All (or Directory.Read.All, Directory.ReadWrite.All), with admin consent.",
    )
  })

  it('says why the assigned profile has no name and what brings it, never showing its id', async () => {
    renderCard(cardFixture({ device: { profileStatus: 'assigned', profileId: null, profileName: null } }))
    expect((await screen.findAllByTestId('card-details')).length).toBe(1)
    expect(field('Assigned profile').textContent).toBe('Not read yet: refresh from Intune')
  })

  it('a profile id the cached profiles do not hold reads as not in the cache, not as a GUID', async () => {
    renderCard(cardFixture({ device: { profileStatus: 'assigned', profileId: '7f3c0b1e-0000-4000-8000-000000000001', profileName: null } }))
    await screen.findByTestId('card-details')
    expect(field('Assigned profile').textContent).toBe('Not in the cache: sync to read its name')
  })

  it('readiness reasons give times as Properties does (the tenant zone), not the UTC the core writes', async () => {
    const fixture = cardFixture()
    const assigned = {
      ...fixture.readiness.items[0]!,
      id: 'profile-assigned' as const,
      reason: 'Assigned on 2025-03-05 12:00 UTC: profile "UD", as the job expects.',
    }
    renderCard({ ...fixture, readiness: { ...fixture.readiness, items: [assigned] } })
    await screen.findByTestId('card-details')
    // Europe/Berlin (the fake's zone): 12:00 UTC is 13:00, as "Date assigned" shows it.
    const shown = field('Date assigned').textContent
    expect(shown).toMatch(/1:00\sPM|13:00/)
    const reason = screen.getByTestId('card-readiness').querySelector('[data-item="profile-assigned"] .readiness-item__reason')!
    expect(reason.textContent).toBe(`Assigned on ${shown}: profile "UD", as the job expects.`)
  })

  it('renders readiness items with an icon and a status word, the reason, the fix and the citation', async () => {
    renderCard(
      cardFixture({
        readiness: {
          verdict: 'not-ready',
          summary: '1 problem, 1 warning.',
          badge: { level: 'not-ready', next: 'Set the group tag.', ruleId: 'group-tag', title: "Group tag is the job's" },
          counts: { ok: 1, warn: 1, fail: 1, unknown: 0 },
          items: [
            {
              id: 'group-tag',
              status: 'fail',
              title: 'Group tag matches the job',
              reason: 'The device has BENCH-A; the job expects BENCH-B.',
              fix: 'Set the group tag to BENCH-B.',
              citation: { section: '§1.3', pages: ['ud-profile-verify', 'profiles'] },
            },
            {
              id: 'esp',
              status: 'warn',
              title: 'ESP shows progress',
              reason: 'The default ESP hides progress.',
              fix: null,
              citation: { section: '§5', pages: ['no-such-page'] },
            },
            {
              id: 'vm',
              status: 'ok',
              title: 'Not a virtual machine',
              reason: 'Surface Laptop 5.',
              fix: null,
              citation: { section: '§3.1', pages: ['pre-provision-requirements'] },
            },
          ],
        },
      }),
    )
    const panel = await screen.findByTestId('card-readiness')
    expect(panel.querySelector('[data-verdict]')?.textContent).toBe('✕ Not ready — 1 problem, 1 warning.')
    const fail = panel.querySelector<HTMLElement>('[data-item="group-tag"]')!
    expect(fail.dataset.status).toBe('fail')
    expect(within(fail).getByText('✕')).toBeTruthy()
    expect(within(fail).getByText('Problem:')).toBeTruthy()
    expect(fail.textContent).toContain('The device has BENCH-A; the job expects BENCH-B.')
    expect(fail.textContent).toContain('Fix: Set the group tag to BENCH-B.')
    // The citation names Microsoft Learn pages, as links that open outside the app; never a file of the repo.
    const links = [...fail.querySelectorAll<HTMLAnchorElement>('cite a')]
    expect(links.map((a) => a.textContent)).toEqual([
      'User-driven Microsoft Entra join: Create and assign user-driven Microsoft Entra join Autopilot profile — Verify device has an Autopilot profile assigned to it',
      'Configure Autopilot profiles',
    ])
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://learn.microsoft.com/autopilot/tutorial/user-driven/azure-ad-join-autopilot-profile#verify-device-has-an-autopilot-profile-assigned-to-it',
      'https://learn.microsoft.com/autopilot/profiles',
    ])
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank')
      expect(a.getAttribute('rel')).toBe('noreferrer noopener')
    }
    expect(panel.textContent).not.toMatch(/\.md\b|docs\/reference|§/)
    const warn = panel.querySelector<HTMLElement>('[data-item="esp"]')!
    expect(within(warn).getByText('Warning:')).toBeTruthy()
    expect(warn.textContent).not.toContain('Fix:')
    expect(warn.querySelector('cite'), 'an id not in the Learn table is not shown').toBeNull()
    expect(within(panel.querySelector<HTMLElement>('[data-item="vm"]')!).getByText('OK:')).toBeTruthy()
  })

  it('explains why the device gets its profile', async () => {
    renderCard()
    const panel = await screen.findByTestId('card-explanation')
    expect(panel.textContent).toContain('BENCH-A → Bench A devices → Contoso pre-provisioning')
    expect(
      within(panel)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Group tag BENCH-A', 'Dynamic group Bench A devices', 'Profile Contoso pre-provisioning', 'Membership evaluated from the cached rule.'])
    expect(panel.querySelector('cite a')?.textContent).toBe('Configure Autopilot profiles')
    expect(panel.querySelector('cite a')?.getAttribute('href')).toBe('https://learn.microsoft.com/autopilot/profiles')
  })

  it('shows a loading state, then guidance when the device is not in the cache', async () => {
    const answer = deferred<Result<DeviceCard | null>>()
    renderCard(null, { 'devices:get-device-card': () => answer.promise })
    expect(await screen.findByText('Loading the device card…')).toBeTruthy()
    answer.resolve(ok(null))
    expect(await screen.findByText('This device is not in the cache.')).toBeTruthy()
    expect(screen.getByText(/Press Sync to download the Autopilot devices/)).toBeTruthy()
  })

  it('names the open device by its serial, not its id, when Intune deletes it and it leaves the cache', async () => {
    const { api, setCard } = renderCard()
    await screen.findByTestId('card-details')
    // Another admin deleted it in Intune: the technician's change got 404, or the next sync no longer listed it.
    setCard(null)
    api.emit('data:changed', { topics: ['devices'] })
    const gone = await screen.findByTestId('card-gone')
    expect(gone.textContent).toBe(
      "5CG1 (Microsoft Corporation Surface Laptop 5) is no longer among Intune's Autopilot devices: it was deleted in Intune, perhaps by another admin.",
    )
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Device 5CG1')
    expect(screen.getByText(/stays in Changes with Intune’s answer/)).toBeTruthy()
    expect(screen.queryByText('id-5cg1')).toBeNull()
    expect(screen.queryByText(/Press Sync to download/)).toBeNull()
  })

  it('after a switch to another tenant, whose cache never held the device, says only that it is not in the cache', async () => {
    let tenant = { id: 't1', displayName: 'Contoso Bench', kind: 'embedded-mock' as const }
    const { api, setCard } = renderCard(cardFixture(), {
      'app:get-info': () => ok({ version: '0.1.0', tenant, transport: 'http' as const, timeZone: 'Europe/Berlin' }),
    })
    await screen.findByTestId('card-details')
    tenant = { id: 't2', displayName: 'Fabrikam', kind: 'embedded-mock' as const }
    setCard(null)
    api.emit('data:changed', { topics: ['identity', 'devices'] })
    expect(await screen.findByText('This device is not in the cache.')).toBeTruthy()
    expect(screen.queryByTestId('card-gone')).toBeNull()
  })

  it('shows the catalogued error when the card cannot be read, and tries again', async () => {
    let fail = true
    renderCard(cardFixture(), {
      'devices:get-device-card': () => (fail ? { ok: false, error: { code: 'db-unavailable', message: 'worker exited' } } : ok(cardFixture())),
    })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(errorText['db-unavailable'])
    fail = false
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByTestId('card-details')).toBeTruthy()
  })

  it('refreshes from Intune and says whether the values are online or cached, and why', async () => {
    let source: 'online' | 'cache' = 'online'
    const { api } = renderCard(cardFixture(), {
      'devices:refresh-device': () =>
        ok({ device: device('5CG1'), source, notice: source === 'cache' ? { code: 'offline', message: 'Intune could not be reached.' } : null }),
    })
    const button = await screen.findByRole('button', { name: 'Refresh from Intune' })
    fireEvent.click(button)
    await waitFor(() => expect(screen.getByTestId('card-refresh-source').textContent).toBe('Refreshed from Intune just now.'))
    expect(api.callsTo('devices:refresh-device')).toEqual([{ id: 'id-5cg1' }])
    source = 'cache'
    fireEvent.click(button)
    await waitFor(() => expect(screen.getByTestId('card-refresh-source').textContent).toBe('Showing the cached values, because Intune could not be reached.'))
    // The card is read again after each refresh.
    expect(api.callsTo('devices:get-device-card').length).toBeGreaterThanOrEqual(3)
  })

  it('an online check under way reads "Checking…", and the answer replaces it when the core says the check ended', async () => {
    const entra = (status: 'unknown' | 'ok', checking: boolean) => ({
      id: 'entra-object',
      status,
      title: 'Entra device object exists',
      reason: checking ? 'Checking now whether the Microsoft Entra device object still exists.' : 'The Microsoft Entra device object exists.',
      fix: null,
      citation: { section: '§1.1', pages: ['registration-overview'] },
      ...(checking ? { checking: true as const } : {}),
    })
    const readiness = (item: ReturnType<typeof entra>): DeviceCard['readiness'] => ({
      verdict: item.status === 'ok' ? 'ready' : 'unconfirmed',
      summary: '',
      badge: { level: item.status === 'ok' ? 'ready' : 'unknown', next: item.reason, ruleId: null, title: null },
      counts: { ok: item.status === 'ok' ? 1 : 0, warn: 0, fail: 0, unknown: item.status === 'ok' ? 0 : 1 },
      items: [item],
    })
    const { api, setCard } = renderCard(cardFixture({ readiness: readiness(entra('unknown', true)) }))
    const panel = await screen.findByTestId('card-readiness')
    const row = panel.querySelector<HTMLElement>('[data-item="entra-object"]')!
    expect(row.dataset.checking).toBe('true')
    expect(row.getAttribute('aria-busy')).toBe('true')
    expect(within(row).getByText('Checking…')).toBeTruthy()
    expect(row.textContent).not.toMatch(/Unknown:|Problem:|OK:/)
    // The core ends the check with data:changed (bench topic); the card re-reads by itself.
    setCard(cardFixture({ readiness: readiness(entra('ok', false)) }))
    api.emit('data:changed', { topics: ['bench'] })
    await waitFor(() =>
      expect(within(screen.getByTestId('card-readiness').querySelector<HTMLElement>('[data-item="entra-object"]')!).getByText('OK:')).toBeTruthy(),
    )
    expect(screen.getByTestId('card-readiness').querySelector<HTMLElement>('[data-item="entra-object"]')!.dataset.checking).toBeUndefined()
  })

  it('re-reads the card once per burst of cache or outbox changes', async () => {
    const { api, setCard } = renderCard()
    await screen.findByTestId('card-details')
    const before = api.callsTo('devices:get-device-card').length
    setCard(cardFixture({ device: { groupTag: 'BENCH-Z' } }))
    // A burst (a sync writing pages) is one re-read; unrelated topics are none.
    for (let i = 0; i < 5; i++) api.emit('data:changed', { topics: ['devices'] })
    api.emit('data:changed', { topics: ['sync'] })
    await waitFor(() => expect(field('Group tag').textContent).toBe('BENCH-Z'))
    expect(api.callsTo('devices:get-device-card').length).toBe(before + 1)
  })

  it("lists this device's changes not in Intune yet, with their state in words, and opens Changes", async () => {
    const { api, stores } = renderCard(cardFixture(), {
      'changes:list-changes': () =>
        ok([
          outboxItem(1, { deviceId: 'id-5cg1', state: 'pending' }),
          outboxItem(2, {
            deviceId: 'id-5cg1',
            change: { kind: 'device-name', displayName: 'CTS-9' },
            state: 'failed',
            lastError: { code: 'upstream', message: 'Graph said 400' },
          }),
        ]),
    })
    const panel = await screen.findByTestId('card-pending')
    expect(within(panel).getByRole('heading').textContent).toBe('2 changes not in Intune yet')
    const items = within(panel)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(items).toEqual(['◌ Group tag → BENCH-B · Waiting to send', '✕ Device name → CTS-9 · Failed · Graph said 400'])
    expect(api.callsTo('changes:list-changes')[0]).toEqual({ deviceId: 'id-5cg1', includeFinished: false })
    fireEvent.click(within(panel).getByRole('button', { name: /Open Changes/ }))
    expect(stores.ui.getState().screen).toBe('changes')
  })

  it('says a change Intune refused as the Changes screen does: the sentence, Intune’s own text only under Details for support', async () => {
    const raw =
      'Intune answered 500 InternalServerError: An error has occurred - Operation ID (for customer support): 0 - Activity ID: act-9 - Url: https://fef.example/x (request-id act-9)'
    renderCard(cardFixture(), {
      'changes:list-changes': () => ok([outboxItem(3, { deviceId: 'id-5cg1', state: 'sending', lastError: { code: 'upstream', message: raw } })]),
    })
    const item = within(await screen.findByTestId('card-pending')).getByRole('listitem')
    const details = item.querySelector<HTMLDetailsElement>('details')!
    expect(details.open).toBe(false)
    expect(details.textContent).toContain('act-9')
    const outside = item.cloneNode(true) as HTMLElement
    outside.querySelector('details')!.remove()
    // A try running again after the failed one (no next time set): the last reason stays beside it.
    expect(outside.textContent).toBe('⟳ Group tag → BENCH-B · Trying again · Trying again now — last time: Intune had an internal error (HTTP 500).')
  })

  it('shows no pending-changes panel when the outbox has nothing for the device', async () => {
    renderCard()
    await screen.findByTestId('card-details')
    expect(screen.queryByTestId('card-pending')).toBeNull()
  })
})
