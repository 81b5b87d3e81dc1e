import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { RegisterScreen } from '@renderer/screens/register-screen'
import { registrationStrings } from '@renderer/strings/registration'
import type { CheckFilesResponse, RegistrationImport } from '@shared/registration-schemas'
import { createFakeApi, ok } from '@support/renderer/fake-api'
import { renderWithStores } from '@support/renderer/render-with-stores'

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))

const checked: CheckFilesResponse = {
  checkId: 'c1',
  report: {
    rows: 3,
    valid: 2,
    errors: [
      { file: 'a.csv', line: 4, code: 'serial-excel-number', message: 'The serial number "1.23457E+11" is a number Excel rounded.', fix: 'Use Notepad.' },
    ],
    repaired: [{ file: 'a.csv', line: 2, code: 'hash-padded' }],
    warnings: [],
  },
  files: [{ file: 'a.csv', encoding: 'utf-16le', rows: 3, valid: 2, readable: true }],
  rows: [
    { file: 'a.csv', line: 2, serialNumber: 'S1', productKey: '', groupTag: '', assignedUser: '' },
    { file: 'a.csv', line: 3, serialNumber: 'S2', productKey: '', groupTag: '', assignedUser: '' },
  ],
  jobId: 'j1',
  jobName: 'Order 4711',
}

const row = (seq: number, serial: string, extra: Partial<RegistrationImport['rows'][number]>): RegistrationImport['rows'][number] => ({
  seq,
  file: 'a.csv',
  line: seq + 2,
  serialNumber: serial,
  groupTag: '',
  assignedUser: '',
  batch: 1,
  status: 'complete',
  importStatus: 'complete',
  deviceId: null,
  errorCode: null,
  errorName: null,
  recordDeleted: true,
  appearedAt: null,
  profileStatus: null,
  joinedJob: false,
  ...extra,
})

/** The Register screen over this fake api, with its own stores. */
function renderRegister(api: ReturnType<typeof createFakeApi>) {
  renderWithStores(<RegisterScreen />, api)
}

const uploading: RegistrationImport = {
  id: 'c1',
  createdAt: '2026-12-04T10:00:00Z',
  confirmedAt: '2026-12-04T10:00:01Z',
  finishedAt: null,
  state: 'waiting',
  jobId: 'j1',
  jobName: 'Order 4711',
  syncMessage: 'Autopilot sync waits for the 10-minute rule; the devices may appear before it.',
  syncDueAt: '2026-12-04T10:10:00Z',
  message: null,
  failedTries: 0,
  errorTries: 0,
  maxErrorTries: 8,
  nextAttemptAt: null,
  canRetry: false,
  counts: { total: 2, queued: 0, inProgress: 0, registered: 1, failed: 1, appeared: 1, withProfile: 1, joined: 1 },
  rows: [
    row(0, 'S1', { deviceId: 'd1', appearedAt: '2026-12-04T10:02:00Z', profileStatus: 'assigned', joinedJob: true }),
    row(1, 'S2', { status: 'error', importStatus: 'error', errorCode: 808, errorName: 'ZtdDeviceAssignedToOtherTenant' }),
  ],
}

describe('Register screen', () => {
  it('checks dropped files, shows refused lines with their fix, uploads only after confirming, then shows progress and named errors', async () => {
    let current: RegistrationImport | null = null
    const api = createFakeApi({
      'registration:check-files': () => ok(checked),
      'registration:confirm-upload': () => {
        current = uploading
        return ok(uploading)
      },
      'registration:get-status': () => ok({ current, recent: [] }),
    })
    renderRegister(api)
    expect(await screen.findByTestId('register-empty')).toBeTruthy()
    const file = new File(['Device Serial Number,Windows Product ID,Hardware Hash\r\n'], 'a.csv', { type: 'text/csv' })
    fireEvent.change(screen.getByTestId('register-input'), { target: { files: [file] } })
    await flush()
    await flush()
    expect(api.callsTo('registration:check-files')).toHaveLength(1)
    expect(api.callsTo('registration:check-files')[0]!.files[0]!.name).toBe('a.csv')
    expect(screen.getByTestId('register-summary').textContent).toBe('2 of 3 devices can be uploaded.')
    const errors = within(screen.getByTestId('register-errors'))
    expect(errors.getByText('4')).toBeTruthy()
    expect(errors.getByText('Use Notepad.')).toBeTruthy()
    expect(within(screen.getByTestId('register-repaired')).getByText(/padded/)).toBeTruthy()
    expect(screen.getByText(/join the bench job "Order 4711"/)).toBeTruthy()
    expect(api.callsTo('registration:confirm-upload')).toHaveLength(0)
    expect(screen.getByTestId('register-confirm').textContent).toBe('Upload 2 devices')
    expect(registrationStrings.check.confirm('1')).toBe('Upload 1 device')

    fireEvent.click(screen.getByTestId('register-confirm'))
    await flush()
    await flush()
    expect(api.callsTo('registration:confirm-upload')).toEqual([{ checkId: 'c1' }])
    expect(screen.getByTestId('register-state').textContent).toMatch(/Waiting for the devices/)
    // When the next Autopilot sync is allowed, in the technician's time (the app's zone is Berlin here), not ISO.
    expect(screen.getByTestId('register-sync').textContent).toMatch(/10-minute rule; .* The next Autopilot sync is allowed at 11:10\b/)
    expect(screen.getByTestId('register-sync').textContent).not.toMatch(/T10:10/)
    expect(screen.getByTestId('register-counts').textContent).toBe('1 registered, 1 failed of 2; 1 appeared, 1 with a profile, 1 joined the job "Order 4711".')
    // With no bench job active at upload, nothing is said of joining one ("0 joined the job" read as a failure).
    const noJob = { registered: '25', failed: '0', total: '25', appeared: '25', withProfile: '25', joined: '0', job: null }
    expect(registrationStrings.upload.counts(noJob)).toBe('25 registered, 0 failed of 25; 25 appeared, 25 with a profile.')
    // A job whose name is not known (deleted since): no empty quotes.
    expect(registrationStrings.upload.counts({ ...noJob, joined: '25', job: '' })).toBe(
      '25 registered, 0 failed of 25; 25 appeared, 25 with a profile, 25 joined the job.',
    )
    expect(screen.getByTestId<HTMLProgressElement>('register-progress').max).toBe(3)
    expect(screen.getByTestId('register-error-name').textContent).toBe('808 ZtdDeviceAssignedToOtherTenant')
    // The admin center's words for the profile status, not Graph's enum value.
    expect(screen.getByTestId('register-rows').querySelector('tr[data-serial="S1"]')?.textContent).toContain('profile status Assigned')
    expect(screen.getByText(/different tenant/)).toBeTruthy()
    // The drop zone is back for the next files.
    expect(screen.getByTestId('register-drop')).toBeTruthy()
  })
})

describe('Register screen › other imports under way', () => {
  it('lists the imports besides the one shown, oldest first: one still waiting for its devices, the newer ones waiting their turn', async () => {
    const { rows: _rows, ...shown } = uploading
    const sending = { ...uploading, state: 'uploading' as const }
    const older = { ...shown, id: 'c0', confirmedAt: '2026-12-04T09:30:00Z', counts: { ...shown.counts, registered: 2, withProfile: 0 } }
    const next = { ...shown, id: 'c2', state: 'uploading' as const, confirmedAt: '2026-12-04T10:05:00Z', jobName: null, counts: { ...shown.counts, total: 2 } }
    const last = { ...next, id: 'c3', confirmedAt: '2026-12-04T10:06:00Z', counts: { ...shown.counts, total: 1 } }
    const finished = { ...shown, id: 'cx', state: 'done' as const, confirmedAt: '2026-12-04T09:00:00Z', finishedAt: '2026-12-04T09:20:00Z' }
    // Finished while the shown one was under way: its result stays in view.
    const meanwhile = {
      ...finished,
      id: 'cy',
      confirmedAt: '2026-12-04T09:40:00Z',
      finishedAt: '2026-12-04T10:02:00Z',
      counts: { ...shown.counts, registered: 3, failed: 0 },
    }
    const api = createFakeApi({
      'registration:get-status': () => ok({ current: sending, recent: [last, next, meanwhile, shown, older, finished] }),
    })
    renderWithStores(<RegisterScreen />, api)
    const queued = await screen.findByTestId('register-queued')
    expect(within(queued).getByRole('heading').textContent).toBe('Other imports')
    expect(
      within(queued)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      expect.stringMatching(
        /^Confirmed .*10:30.*: 2 devices, for the job "Order 4711" — waiting for its devices to appear with a profile \(0 of 2 so far\)\.$/,
      ),
      expect.stringMatching(/^Confirmed .*10:40.*: 2 devices, for the job "Order 4711" — finished: 3 registered, 0 failed\.$/),
      expect.stringMatching(/^Confirmed .*11:05.*: 2 devices — waits its turn\.$/),
      expect.stringMatching(/^Confirmed .*11:06.*: 1 device — waits its turn\.$/),
    ])
  })
})

describe('Register screen › Recycle a device', () => {
  it('follows the leave-tenant order; a destructive step runs only once the serial is typed again', async () => {
    const device = {
      id: 'd1',
      serialNumber: 'PF3ABC',
      manufacturer: 'Lenovo',
      model: 'T14',
      groupTag: '',
      userPrincipalName: 'anna@contoso.com',
      displayName: '',
      profileStatus: 'assigned' as const,
      enrollmentState: 'enrolled',
      syncedAt: '2026-12-04T10:00:00Z',
      pending: [],
    }
    const api = createFakeApi({
      'registration:get-status': () => ok({ current: null, recent: [] }),
      'devices:find-by-serial': () => ok([device]),
      'recycle:run-step': (request) => ok({ action: request.action, done: true, message: `ran ${request.action}`, gone: false }),
    })
    renderRegister(api)
    fireEvent.change(screen.getByTestId('recycle-serial'), { target: { value: 'pf3abc' } })
    fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    await flush()
    expect(screen.getByTestId('recycle-device').textContent).toMatch(/PF3ABC — Lenovo T14, assigned to anna@contoso.com/)
    // No flow is picked for the technician (one of them deletes the registration), so no step shows yet.
    expect(screen.queryAllByTestId(/^recycle-step-/)).toEqual([])
    expect(screen.getByTestId('recycle-pick-flow')).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: 'Leave the tenant (deregister)' }))
    // The list numbers the steps; the titles don't again ("1. 1. …").
    expect(screen.getByTestId('recycle-step-delete-intune').querySelector('strong')?.textContent).toBe('Delete the Intune device record')
    const steps = screen.getAllByTestId(/^recycle-step-/).map((step) => step.dataset.testid)
    expect(steps).toEqual(['recycle-step-delete-intune', 'recycle-step-unassign-user', 'recycle-step-delete-autopilot', 'recycle-step-check-gone'])
    expect(screen.getByText(/do not delete the Entra device object by hand/)).toBeTruthy()

    const run = screen.getByTestId<HTMLButtonElement>('recycle-run-delete-autopilot')
    expect(run.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('recycle-confirm-delete-autopilot'), { target: { value: 'PF3ABD' } })
    expect(run.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('recycle-confirm-delete-autopilot'), { target: { value: ' pf3abc ' } })
    expect(run.disabled).toBe(false)
    fireEvent.click(run)
    await flush()
    expect(api.callsTo('recycle:run-step')).toEqual([{ deviceId: 'd1', action: 'delete-autopilot-record', confirmSerial: ' pf3abc ' }])
    expect(screen.getByTestId('recycle-result-delete-autopilot').textContent).toBe('ran delete-autopilot-record')
    // Unassigning is not destructive: no serial needed.
    expect(screen.getByTestId<HTMLButtonElement>('recycle-run-unassign-user').disabled).toBe(false)
  })
})

describe('Register screen › Pre-stage a job', () => {
  it("shows the job's plan per row and applies it through the outbox", async () => {
    const plan = (toApply: boolean) => ({
      jobId: 'j1',
      rows: [
        {
          serialNumber: 'S1',
          deviceId: 'd1',
          groupTag: 'TAG',
          userPrincipalName: 'anna@contoso.com',
          displayName: 'PS-1',
          state: toApply ? ('to-apply' as const) : ('in-progress' as const),
          changes: [],
        },
        { serialNumber: 'S9', deviceId: null, groupTag: 'TAG', userPrincipalName: '', displayName: '', state: 'not-registered' as const, changes: [] },
      ],
      counts: { rows: 2, notRegistered: 1, toApply: toApply ? 1 : 0, inProgress: toApply ? 0 : 1, done: 0, failed: 0, nothing: 0 },
    })
    const api = createFakeApi({
      'registration:get-status': () => ok({ current: null, recent: [] }),
      'jobs:list-jobs': () =>
        ok({
          jobs: [
            {
              id: 'j1',
              name: 'Order PS',
              purchaseOrder: '',
              tenantId: 't',
              expectedProfileId: null,
              expectedProfileName: null,
              groupTag: 'TAG',
              deviceNameTemplate: '',
              createdAt: '2026-12-04T10:00:00Z',
              closedAt: null,
              manifestRows: 2,
            },
          ],
        }),
      'bench:list-devices': () => ok({ devices: [] }),
      'prestage:get-plan': () => ok(plan(true)),
      'prestage:apply': () => ok(plan(false)),
    })
    renderRegister(api)
    await flush()
    fireEvent.change(screen.getByTestId('prestage-job'), { target: { value: 'j1' } })
    await flush()
    expect(screen.getByTestId('prestage-counts').textContent).toBe('2 manifest rows: 1 to apply, 0 in progress, 0 done, 0 failed, 1 not registered.')
    expect(within(screen.getByTestId('prestage-rows')).getByText('Not registered in this tenant')).toBeTruthy()
    fireEvent.click(screen.getByTestId('prestage-apply'))
    await flush()
    expect(api.callsTo('prestage:apply')).toEqual([{ jobId: 'j1' }])
    expect(within(screen.getByTestId('prestage-rows')).getByText('In the outbox')).toBeTruthy()
  })
})
