import { describe, expect, it } from 'vitest'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { errorText } from '@shared/error-codes'
import { cardFixture } from '@support/renderer/card-fixture'
import { idleStatus, ok } from '@support/renderer/fake-api'
import { renderCard } from '@support/renderer/render-card'

const actions = async () => within(await screen.findByTestId('card-actions'))
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()

describe('device card online actions', () => {
  it('disables every online action while offline and says why', async () => {
    const { api } = renderCard(cardFixture(), { 'sync:get-status': () => ok({ ...idleStatus, online: false }) })
    const panel = await actions()
    await waitFor(() => expect(panel.getByRole('button', { name: 'Autopilot sync' }).hasAttribute('disabled')).toBe(true))
    expect(panel.getByRole('button', { name: 'Unblock device' }).hasAttribute('disabled')).toBe(true)
    expect(panel.getByRole('button', { name: 'Delete Intune device record' }).hasAttribute('disabled')).toBe(true)
    const note = panel.getByRole('note')
    expect(note.textContent).toContain('Offline: these actions need Intune and are not queued.')
    expect(panel.getByRole('button', { name: 'Unblock device' }).getAttribute('aria-describedby')).toContain(note.id)
    expect(api.callsTo('devices:run-online-action')).toEqual([])
  })

  it('counts down the 10-minute Autopilot sync rule and enables the button when it runs out', async () => {
    renderCard(cardFixture(), {
      'autopilot:get-sync-state': () =>
        ok({ lastManualSyncTriggerAt: new Date().toISOString(), nextAllowedAt: new Date(Date.now() + 1_500).toISOString(), syncStatus: 'completed' }),
    })
    const panel = await actions()
    await waitFor(() => expect(panel.getByTestId('card-sync-state').textContent).toMatch(/next sync possible in 0:0[12]/))
    expect(panel.getByRole('button', { name: 'Autopilot sync' }).hasAttribute('disabled')).toBe(true)
    expect(panel.getByTestId('card-sync-state').textContent).toContain('Last manual sync:')
    await waitFor(() => expect(panel.getByTestId('card-sync-state').textContent).toContain('Autopilot sync available.'), { timeout: 4_000 })
    expect(panel.getByRole('button', { name: 'Autopilot sync' }).hasAttribute('disabled')).toBe(false)
  })

  it('runs Autopilot sync and restarts the countdown from the answer', async () => {
    const { api } = renderCard(cardFixture(), {
      'devices:run-online-action': ({ action }) =>
        ok({
          action,
          done: true,
          message: 'Autopilot sync started.',
          autopilotSync: { lastManualSyncTriggerAt: new Date().toISOString(), nextAllowedAt: inMinutes(10), syncStatus: 'inProgress' },
        }),
    })
    const panel = await actions()
    const sync = panel.getByRole('button', { name: 'Autopilot sync' })
    // Chromium drops the focus of a button as it becomes disabled; jsdom keeps it (and will not blur a
    // disabled one), so the click is made with the focus already on <body>, where Chromium leaves it.
    ;(document.activeElement as HTMLElement | null)?.blur()
    fireEvent.click(sync)
    expect(document.activeElement).toBe(document.body)
    expect(await panel.findByText('Autopilot sync started.')).toBeTruthy()
    expect(api.callsTo('devices:run-online-action')).toEqual([{ action: 'autopilot-sync', deviceId: null }])
    // The keyboard is put on the outcome, which is read out, rather than left on <body>.
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Autopilot sync started.'))
    await waitFor(() => expect(panel.getByTestId('card-sync-state').textContent).toMatch(/next sync possible in (10:00|9:5\d)/))
    expect(panel.getByRole('button', { name: 'Autopilot sync' }).hasAttribute('disabled')).toBe(true)
  })

  it("shows Intune's refusal (429 within 10 minutes) with the catalogued text", async () => {
    renderCard(cardFixture(), {
      'devices:run-online-action': () => ({ ok: false, error: { code: 'throttled', message: 'A sync can run only once every 10 minutes.' } }),
    })
    const panel = await actions()
    fireEvent.click(panel.getByRole('button', { name: 'Autopilot sync' }))
    const alert = await panel.findByRole('alert')
    expect(alert.textContent).toContain('Autopilot sync failed.')
    expect(alert.textContent).toContain(errorText.throttled)
    expect(alert.textContent).toContain('A sync can run only once every 10 minutes.')
  })

  it('asks before deleting the Intune device record; Cancel (focused first) deletes nothing', async () => {
    const { api } = renderCard(cardFixture(), {
      'devices:run-online-action': ({ action }) => ok({ action, done: true, message: 'Intune device record deleted.', autopilotSync: null }),
    })
    const panel = await actions()
    fireEvent.click(panel.getByRole('button', { name: 'Delete Intune device record' }))
    const dialog = panel.getByRole('alertdialog')
    expect(dialog.textContent).toContain('0x80180014')
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(panel.queryByRole('alertdialog')).toBeNull()
    // Back on Delete, once it is enabled again (it was focused while still disabled, which did nothing).
    await waitFor(() => expect(document.activeElement).toBe(panel.getByRole('button', { name: 'Delete Intune device record' })))
    expect(api.callsTo('devices:run-online-action')).toEqual([])
    fireEvent.click(panel.getByRole('button', { name: 'Delete Intune device record' }))
    fireEvent.click(within(panel.getByRole('alertdialog')).getByRole('button', { name: 'Delete record' }))
    expect(await panel.findByText('Intune device record deleted.')).toBeTruthy()
    expect(api.callsTo('devices:run-online-action')).toEqual([{ action: 'delete-intune-record', deviceId: 'id-5cg1' }])
  })

  it('cannot delete an Intune record the device does not have', async () => {
    renderCard(cardFixture({ device: { managedDeviceId: '' } }))
    const panel = await actions()
    expect(panel.getByRole('button', { name: 'Delete Intune device record' }).hasAttribute('disabled')).toBe(true)
    expect(panel.getByText('There is no Intune device record (managed device) for this device.')).toBeTruthy()
  })

  it('does not offer Unblock device for a device in Fix pending, and says why', async () => {
    renderCard(cardFixture({ device: { profileStatus: 'fixPending' } }))
    const panel = await actions()
    const unblock = panel.getByRole('button', { name: 'Unblock device' })
    expect(unblock.hasAttribute('disabled')).toBe(true)
    expect(panel.getByText(/Unblock device does not apply while the device is in Fix pending/)).toBeTruthy()
    expect(unblock.getAttribute('aria-describedby')).toContain('card-unblock-note')
    expect(panel.getByRole('button', { name: 'Autopilot sync' }).hasAttribute('disabled')).toBe(false)
  })

  it('does not offer Unblock device for a device Intune never blocked, and says why', async () => {
    const { api } = renderCard(
      cardFixture({
        device: {
          manufacturer: 'FUJITSU CLIENT COMPUTING LIMITED',
          model: 'LIFEBOOK U7413',
          enrollmentState: 'notContacted',
          managedDeviceId: '',
          userlessEnrollmentStatus: 'allowed',
        },
      }),
    )
    const panel = await actions()
    const unblock = panel.getByRole('button', { name: 'Unblock device' })
    expect(unblock.hasAttribute('disabled')).toBe(true)
    const note = panel.getByTestId('card-unblock-note')
    expect(note.textContent).toMatch(
      /^Nothing to unblock: Intune does not report this device as blocked \(userless enrollment status Allowed\), and it never enrolled/,
    )
    expect(unblock.getAttribute('aria-describedby')).toContain(note.id)
    fireEvent.click(unblock)
    expect(api.callsTo('devices:run-online-action')).toEqual([])
  })

  it('offers Unblock device for a device Intune blocks, and shows what Intune answered', async () => {
    const { api } = renderCard(
      cardFixture({
        device: { manufacturer: 'FUJITSU CLIENT COMPUTING LIMITED', model: 'LIFEBOOK U7413', enrollmentState: 'blocked', userlessEnrollmentStatus: 'blocked' },
      }),
      {
        'devices:run-online-action': ({ action }) =>
          ok({ action, done: true, message: 'Unblocked: Intune accepted Unblock device for a device it blocked.', autopilotSync: null }),
      },
    )
    const panel = await actions()
    expect(panel.getByTestId('card-unblock-note').textContent).toContain('userless enrollment status Blocked')
    const unblock = panel.getByRole('button', { name: 'Unblock device' })
    expect(unblock.hasAttribute('disabled')).toBe(false)
    ;(document.activeElement as HTMLElement | null)?.blur()
    fireEvent.click(unblock)
    expect(await panel.findByText('Unblocked: Intune accepted Unblock device for a device it blocked.')).toBeTruthy()
    expect(api.callsTo('devices:run-online-action')).toEqual([{ action: 'unblock-device', deviceId: 'id-5cg1' }])
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Unblocked: Intune accepted'))
  })
})
