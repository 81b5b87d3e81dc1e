import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RegisterScreen } from '@renderer/screens/register-screen'
import { registrationStrings } from '@renderer/strings/registration'
import type { CheckFilesResponse, RegistrationImport } from '@shared/registration-schemas'
import { readIntuneAnswer } from '@shared/domain/intune-answer'
import { createFakeApi, idleStatus, ok } from '@support/renderer/fake-api'
import { renderWithStores } from '@support/renderer/render-with-stores'

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))
afterEach(() => vi.restoreAllMocks())

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
  intune: null,
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

/** The one job the Pre-stage tests pick ("Order PS"), with its group tag and manifest size. */
const prestageJob = (groupTag: string, manifestRows: number) => ({
  id: 'j1',
  name: 'Order PS',
  purchaseOrder: '',
  tenantId: 't',
  expectedProfileId: null,
  expectedProfileName: null,
  groupTag,
  deviceNameTemplate: '',
  createdAt: '2026-12-04T10:00:00Z',
  closedAt: null,
  manifestRows,
})

describe('Register screen', () => {
  it('after a restart, shows the check not uploaded yet as it was, says when it was made, uploads it on Upload; Discard forgets it in the core too', async () => {
    let current: RegistrationImport | null = null
    const api = createFakeApi({
      'registration:get-draft': () => ok({ draft: { ...checked, checkedAt: '2026-12-04T09:30:00Z' } }),
      'registration:discard-draft': () => ok({ discarded: true }),
      'registration:confirm-upload': () => {
        current = uploading
        return ok(uploading)
      },
      'registration:get-status': () => ok({ current, recent: [] }),
    })
    renderRegister(api)
    // No file dropped in this window: the check kept from before the restart is there, with its Upload.
    expect((await screen.findByTestId('register-summary')).textContent).toBe('2 of 3 devices can be uploaded.')
    expect(screen.getByTestId('register-kept').textContent).toMatch(/^Checked .*10:30.* and not uploaded yet: kept from before this window opened/)
    expect(screen.getByTestId('register-confirm').textContent).toBe('Upload 2 devices')
    expect(api.callsTo('registration:confirm-upload')).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Check other files' }))
    await flush()
    expect(api.callsTo('registration:discard-draft')).toEqual([{ checkId: 'c1' }])
    expect(screen.queryByTestId('register-check')).toBeNull()
  })

  it('a kept check goes up with Upload like a fresh one', async () => {
    let current: RegistrationImport | null = null
    const api = createFakeApi({
      'registration:get-draft': () => ok({ draft: { ...checked, checkedAt: '2026-12-04T09:30:00Z' } }),
      'registration:confirm-upload': () => {
        current = uploading
        return ok(uploading)
      },
      'registration:get-status': () => ok({ current, recent: [] }),
    })
    renderRegister(api)
    fireEvent.click(await screen.findByTestId('register-confirm'))
    await flush()
    await flush()
    expect(api.callsTo('registration:confirm-upload')).toEqual([{ checkId: 'c1' }])
    expect(screen.queryByTestId('register-kept')).toBeNull()
  })

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
    // The bar measures what its label says: while waiting, the registered devices that appeared with a profile.
    expect(screen.getByTestId('register-progress-label').textContent).toBe('Appeared with a profile: 1 of 1 registered')
    expect(screen.getByTestId<HTMLProgressElement>('register-progress').max).toBe(1)
    expect(screen.getByTestId<HTMLProgressElement>('register-progress').value).toBe(1)
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
        /^Confirmed .*10:30.*: 2 devices, for the job "Order 4711" — waiting for its devices to appear with a profile \(0 of 2 so far\)\. Show$/,
      ),
      expect.stringMatching(/^Confirmed .*10:40.*: 2 devices, for the job "Order 4711" — finished: 3 registered, 0 failed\. Show$/),
      expect.stringMatching(/^Confirmed .*11:05.*: 2 devices — waits its turn\. Show$/),
      expect.stringMatching(/^Confirmed .*11:06.*: 1 device — waits its turn\. Show$/),
    ])
  })
})

describe('Register screen › what each import came to, and every row of a big one', () => {
  it('shows a finished import’s warning in Other imports, and Show opens it above with its rows', async () => {
    const big = { ...uploading, id: 'big', state: 'waiting' as const, confirmedAt: '2026-12-04T09:00:00Z' }
    const small: RegistrationImport = {
      ...uploading,
      id: 'small',
      state: 'done',
      confirmedAt: '2026-12-04T10:40:00Z',
      finishedAt: '2026-12-04T10:45:00Z',
      message: "4 registered devices not waited for: their group tags lead to no deployment profile (group tag 'NOTAG' …).",
      counts: { ...uploading.counts, total: 4, registered: 4, failed: 0 },
      rows: ['N1', 'N2', 'N3', 'N4'].map((serial, i) => row(i, serial, {})),
    }
    const { rows: _r, ...smallSummary } = small
    const { rows: _b, ...bigSummary } = big
    const api = createFakeApi({
      'registration:get-status': ({ importId }) => ok({ current: importId === 'small' ? small : big, recent: [smallSummary, bigSummary] }),
    })
    renderRegister(api)
    const queued = await screen.findByTestId('register-queued')
    expect(within(queued).getByRole('listitem').textContent).toMatch(/finished: 4 registered, 0 failed\./)
    expect(within(queued).getByTestId('register-queued-message').textContent).toBe(
      "4 registered devices not waited for: their group tags lead to no deployment profile (group tag 'NOTAG' …).",
    )
    fireEvent.click(within(queued).getByRole('button', { name: /^Show the import confirmed/ }))
    await waitFor(() => expect(screen.getByTestId('register-rows').querySelectorAll('tbody tr')).toHaveLength(4))
    expect(screen.getByTestId('register-message').textContent).toMatch(/^4 registered devices not waited for/)
    // The big one is listed below now, to come back to.
    expect(within(screen.getByTestId('register-queued')).getByRole('listitem').textContent).toMatch(/waiting for its devices/)
  })

  it('says how many of a 5,000-row upload are shown, shows the next 500 on request, and filters to the rows not registered or failed', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) =>
      row(
        i,
        `BIG${String(i).padStart(5, '0')}`,
        i < 4_500 ? {} : i === 4_999 ? { status: 'error', importStatus: 'error', errorCode: 806 } : { status: 'submitting', importStatus: '' },
      ),
    )
    const big: RegistrationImport = {
      ...uploading,
      state: 'uploading',
      counts: { total: 5_000, queued: 0, inProgress: 499, registered: 4_500, failed: 1, appeared: 0, withProfile: 0, joined: 0 },
      rows,
    }
    const api = createFakeApi({ 'registration:get-status': () => ok({ current: big, recent: [] }) })
    renderRegister(api)
    const shown = await screen.findByTestId('register-rows-shown')
    const bodyRows = () => screen.getByTestId('register-rows').querySelectorAll('tbody tr')
    expect(bodyRows()).toHaveLength(500)
    expect(shown.textContent).toBe('500 of 5,000 shown. Show 500 more')
    // While sending, the bar measures rows with a result, as its label says (not under half at 4,500 of 5,000).
    expect(screen.getByTestId('register-progress-label').textContent).toBe('Sent with a result: 4,501 of 5,000')
    expect(screen.getByTestId<HTMLProgressElement>('register-progress').value).toBe(4_501)
    fireEvent.click(screen.getByTestId('register-rows-more'))
    expect(bodyRows()).toHaveLength(1_000)
    expect(screen.getByTestId('register-rows-shown').textContent).toBe('1,000 of 5,000 shown. Show 500 more')
    const filter = screen.getByLabelText('Show:')
    expect([...(filter as HTMLSelectElement).options].map((option) => option.textContent)).toEqual([
      'All devices (5,000)',
      'Not registered yet (500)',
      'Failed (1)',
    ])
    fireEvent.change(filter, { target: { value: 'notRegistered' } })
    expect(bodyRows()).toHaveLength(500)
    expect(screen.getByTestId('register-rows-shown').textContent).toBe('500 of 500 shown.')
    expect(bodyRows()[0]!.getAttribute('data-serial')).toBe('BIG04500')
    fireEvent.change(filter, { target: { value: 'failed' } })
    expect([...bodyRows()].map((tr) => tr.getAttribute('data-serial'))).toEqual(['BIG04999'])
  })

  it('between batches, says the finished batch’s import records are being removed and how many are left (the screen sat still)', async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) =>
      i < 500 ? row(i, `B${i}`, { recordDeleted: i < 120 }) : row(i, `B${i}`, { batch: 0, status: 'queued', importStatus: '', recordDeleted: false }),
    )
    const big: RegistrationImport = {
      ...uploading,
      state: 'uploading',
      counts: { total: 1_000, queued: 500, inProgress: 0, registered: 500, failed: 0, appeared: 0, withProfile: 0, joined: 0 },
      rows,
    }
    const api = createFakeApi({ 'registration:get-status': () => ok({ current: big, recent: [] }) })
    renderRegister(api)
    expect((await screen.findByTestId('register-cleanup')).textContent).toBe(
      "Removing batch 1's import records from Intune: 380 of 500 left. The next batch is sent once they are removed; when Intune throttles (HTTP 429) this takes a minute or two.",
    )
  })

  it('after Upload of a small file while a big import is listed, shows and focuses the new upload, not the big one', async () => {
    const big = { ...uploading, id: 'big', state: 'waiting' as const, confirmedAt: '2026-12-04T09:00:00Z' }
    const mine: RegistrationImport = {
      ...uploading,
      id: 'c1',
      state: 'uploading',
      confirmedAt: '2026-12-04T10:40:00Z',
      rows: [row(0, 'MINE1', { status: 'queued' })],
    }
    const { rows: _b, ...bigSummary } = big
    const { rows: _m, ...mineSummary } = mine
    let confirmed = false
    const api = createFakeApi({
      'registration:check-files': () => ok(checked),
      'registration:confirm-upload': () => {
        confirmed = true
        return ok(mine)
      },
      // The core's own choice stays the big one (the oldest unfinished); the screen asks for the one just confirmed.
      'registration:get-status': ({ importId }) =>
        ok({ current: importId === 'c1' ? mine : big, recent: confirmed ? [mineSummary, bigSummary] : [bigSummary] }),
    })
    renderRegister(api)
    await flush()
    fireEvent.change(screen.getByTestId('register-input'), { target: { files: [new File(['x'], 'a.csv', { type: 'text/csv' })] } })
    press(await screen.findByTestId('register-confirm'))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Upload' })))
    await flush()
    await flush()
    expect(screen.getByTestId('register-rows').querySelector('tr[data-serial="MINE1"]')).toBeTruthy()
    expect(screen.getByTestId('register-state').textContent).toBe('Uploading to Intune')
    expect(api.callsTo('registration:get-status').at(-1)).toEqual({ importId: 'c1' })
    expect(within(screen.getByTestId('register-queued')).getByRole('listitem').textContent).toMatch(/waiting for its devices/)
  })
})

describe('Register screen › the check result says what it holds', () => {
  const checkWith = async (response: CheckFilesResponse) => {
    const api = createFakeApi({ 'registration:check-files': () => ok(response), 'registration:get-status': () => ok({ current: null, recent: [] }) })
    renderRegister(api)
    await flush()
    fireEvent.change(screen.getByTestId('register-input'), { target: { files: [new File(['x'], 'a.csv', { type: 'text/csv' })] } })
    return screen.findByTestId('register-summary')
  }

  it('"Will upload" says how many rows are not listed, as the Refused list does', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      file: 'huge.csv',
      line: i + 2,
      serialNumber: `H${i}`,
      productKey: '',
      groupTag: '',
      assignedUser: '',
    }))
    await checkWith({ ...checked, report: { rows: 5_000, valid: 5_000, errors: [], repaired: [], warnings: [] }, rows })
    fireEvent.click(screen.getByText('Will upload (5,000)'))
    await flush()
    expect(screen.getByTestId('register-upload-more').textContent).toBe('…and 4,700 more.')
  })

  it('a file that is not a hash CSV says so and what one looks like, with no "Upload 0 devices"', async () => {
    const summary = await checkWith({
      ...checked,
      report: {
        rows: 0,
        valid: 0,
        errors: [
          { file: 'photo.png', line: 1, code: 'not-text', message: 'This is not a CSV text file: it holds binary data.', fix: 'Drop the hash CSV itself.' },
        ],
        repaired: [],
        warnings: [],
      },
      files: [{ file: 'photo.png', encoding: '', rows: 0, valid: 0, readable: false }],
      rows: [],
    })
    expect(summary.textContent).toBe('This file is not a hardware-hash CSV: nothing in it can be uploaded.')
    expect(screen.getByTestId('register-not-csv').textContent).toMatch(/header line naming at least Device Serial Number and Hardware Hash/)
    expect(screen.queryByTestId('register-confirm')).toBeNull()
    // Nothing will join a job either: that line is not said.
    expect(screen.queryByText(/bench job/)).toBeNull()
    expect(screen.getByRole('button', { name: 'Check other files' })).toBeTruthy()
  })

  it('a re-check of devices already registered or uploaded here says there is nothing to upload or fix, with no "Upload 0 devices"', async () => {
    const already = (line: number, serial: string) => ({
      file: 'batch.csv',
      line,
      code: 'already-registered',
      message: `Serial number ${serial} was uploaded from this PC at 12:07 AM and Intune registered it.`,
      fix: 'Nothing to do.',
    })
    await checkWith({
      ...checked,
      report: { rows: 2, valid: 0, errors: [already(2, 'A1'), already(3, 'A2')], repaired: [], warnings: [] },
      files: [{ file: 'batch.csv', encoding: 'utf-8', rows: 2, valid: 0, readable: true }],
      rows: [],
    })
    expect(screen.getByText(/^Every device in this file is already registered in Intune or was uploaded from this PC/)).toBeTruthy()
    expect(screen.queryByText(/Fix the refused lines/)).toBeNull()
    expect(screen.queryByTestId('register-confirm')).toBeNull()
    expect(screen.queryByText(/bench job/)).toBeNull()
  })

  it('a check with other refusals besides already-registered rows still asks to fix them', async () => {
    await checkWith({
      ...checked,
      report: {
        rows: 2,
        valid: 0,
        errors: [
          { file: 'batch.csv', line: 2, code: 'already-registered', message: 'Serial number A1 is already registered.', fix: 'Nothing to do.' },
          { file: 'batch.csv', line: 3, code: 'hash-empty', message: 'The hardware hash is empty.', fix: 'Export the hash again.' },
        ],
        repaired: [],
        warnings: [],
      },
      files: [{ file: 'batch.csv', encoding: 'utf-8', rows: 2, valid: 0, readable: true }],
      rows: [],
    })
    expect(screen.getByText('No row can be uploaded. Fix the refused lines and check the files again.')).toBeTruthy()
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
  it('says before Apply when the group tag leads to no profile, with the devices that would lose theirs, and a hybrid row’s ignored name', async () => {
    const warning =
      "Group tag 'BENCH' leads to no deployment profile (group tag BENCH → no profile: no group with a profile matches and there is no default (All Devices) profile). Devices given this tag lose the profile they have now."
    const hybridNote = "Microsoft Entra hybrid join: Intune ignores the device name set here; the domain join profile's computer name prefix names the device."
    const plan = {
      jobId: 'j1',
      rows: [
        {
          serialNumber: 'S1',
          deviceId: 'd1',
          groupTag: 'BENCH',
          userPrincipalName: '',
          displayName: 'PS-1',
          state: 'to-apply' as const,
          changes: [],
          userCheck: null,
          notes: [hybridNote],
        },
      ],
      groupTag: { tag: 'BENCH', kind: 'no-profile' as const, warning, losing: 4 },
      counts: { rows: 1, notRegistered: 0, toApply: 1, inProgress: 0, done: 0, failed: 0, nothing: 0, userNotFound: 0 },
    }
    const api = createFakeApi({
      'registration:get-status': () => ok({ current: null, recent: [] }),
      'jobs:list-jobs': () => ok({ jobs: [prestageJob('BENCH', 1)] }),
      'bench:list-devices': () => ok({ devices: [] }),
      'prestage:get-plan': () => ok(plan),
    })
    renderRegister(api)
    await flush()
    fireEvent.change(screen.getByTestId('prestage-job'), { target: { value: 'j1' } })
    await flush()
    const shown = screen.getByTestId('prestage-tag-warning')
    expect(shown.textContent).toContain(warning)
    expect(shown.textContent).toContain('4 devices of this job would lose their current profile.')
    expect(screen.getByTestId('prestage-apply').getAttribute('aria-describedby')).toBe(shown.id)
    expect(screen.getByTestId('prestage-row-note').textContent).toContain(hybridNote)
  })

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
          userCheck: null,
          notes: [],
        },
        {
          serialNumber: 'S9',
          deviceId: null,
          groupTag: 'TAG',
          userPrincipalName: '',
          displayName: '',
          state: 'not-registered' as const,
          changes: [],
          userCheck: null,
          notes: [],
        },
      ],
      groupTag: null,
      counts: { rows: 2, notRegistered: 1, toApply: toApply ? 1 : 0, inProgress: toApply ? 0 : 1, done: 0, failed: 0, nothing: 0, userNotFound: 0 },
    })
    const api = createFakeApi({
      'registration:get-status': () => ok({ current: null, recent: [] }),
      'jobs:list-jobs': () => ok({ jobs: [prestageJob('TAG', 2)] }),
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
    press(screen.getByTestId('prestage-apply'))
    await flush()
    focusFixup()
    expect(api.callsTo('prestage:apply')).toEqual([{ jobId: 'j1' }])
    expect(within(screen.getByTestId('prestage-rows')).getByText('In the outbox')).toBeTruthy()
    // Nothing left to apply, the button is disabled: the keyboard is on the result, not on <body>.
    expect(document.activeElement).toBe(screen.getByTestId('prestage-counts'))
  })
})

/**
 * What Chromium does when the focused button becomes disabled (the HTML focus fixup rule): the focus goes
 * to <body>. jsdom keeps it on the disabled button, so the tests do what the browser would.
 */
const focusFixup = () => {
  const active = document.activeElement as HTMLButtonElement | null
  if (!active?.disabled) return
  // jsdom's blur() ignores an element that cannot take the focus: enabled for the blur only.
  active.disabled = false
  active.blur()
  active.disabled = true
}

/** Clicks a button the way a keyboard user presses it: it has the focus first. */
const press = (button: HTMLElement) => {
  button.focus()
  fireEvent.click(button)
  focusFixup()
}

describe('Register screen › keyboard after check, export and upload', () => {
  it('puts the focus on the check result, the export status and the upload, never on <body>', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const api = createFakeApi({
      'registration:check-files': () => ok(checked),
      'registration:export-clean-csv': () => ok({ files: [{ name: 'a-clean.csv', dataBase64: 'QQ==', rows: 2 }], skipped: [] }),
      'registration:confirm-upload': () => ok(uploading),
      'registration:get-status': () => ok({ current: null, recent: [] }),
    })
    renderRegister(api)
    await flush()
    const input = screen.getByTestId('register-input')
    input.focus()
    fireEvent.change(input, { target: { files: [new File(['x'], 'a.csv', { type: 'text/csv' })] } })
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Check result' })))

    press(screen.getByRole('button', { name: 'Export clean CSV' }))
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Saved a-clean.csv.'))

    press(screen.getByTestId('register-confirm'))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Upload' })))
  })

  it('"Check other files" puts the focus on the file picker\'s heading, not <body>', async () => {
    const api = createFakeApi({ 'registration:check-files': () => ok(checked), 'registration:get-status': () => ok({ current: null, recent: [] }) })
    renderRegister(api)
    await flush()
    fireEvent.change(screen.getByTestId('register-input'), { target: { files: [new File(['x'], 'a.csv', { type: 'text/csv' })] } })
    press(await screen.findByRole('button', { name: 'Check other files' }))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: registrationStrings.drop.heading })))
  })
})

describe('Register screen › an upload that keeps failing', () => {
  const failedImport: RegistrationImport = {
    ...uploading,
    id: 'f1',
    state: 'failed',
    message:
      'Batch 1 could not be sent: Intune had an internal error (HTTP 500). Intune answered with an error 8 times in a row, so the upload stopped trying.',
    intune: readIntuneAnswer(
      500,
      JSON.stringify({
        error: {
          code: 'InternalServerError',
          message: JSON.stringify({
            _version: 3,
            Message: 'An error has occurred - Operation ID (for customer support): 0 - Activity ID: r-1 - Url: https://fef.example/x',
          }),
          innerError: { date: '2026-12-04T10:05:00', 'request-id': 'r-1', 'client-request-id': 'c-1' },
        },
      }),
    ),
    failedTries: 8,
    errorTries: 8,
    canRetry: true,
    counts: { total: 2, queued: 0, inProgress: 2, registered: 0, failed: 0, appeared: 0, withProfile: 0, joined: 0 },
    rows: [row(0, 'S1', { status: 'submitting', importStatus: '' }), row(1, 'S2', { status: 'submitting', importStatus: '' })],
  }

  it('says Intune’s last answer and what to do; Retry sends it again, and the focus follows', async () => {
    let current: RegistrationImport = failedImport
    const api = createFakeApi({
      'registration:get-status': () => ok({ current, recent: [] }),
      'registration:retry-import': () => {
        current = { ...failedImport, state: 'uploading', message: null, failedTries: 0, errorTries: 0, canRetry: false }
        return ok(current)
      },
    })
    renderRegister(api)
    expect((await screen.findByTestId('register-state')).textContent).toBe('Failed: stopped trying')
    // Intune's answer in one sentence; its ids, date and raw text only under "Details for support", closed.
    expect(screen.getByTestId('register-message').textContent).toBe(
      'Batch 1 could not be sent: Intune had an internal error (HTTP 500). Intune answered with an error 8 times in a row, so the upload stopped trying.',
    )
    const support = screen.getByTestId<HTMLDetailsElement>('support-details')
    expect(support.open).toBe(false)
    expect(support.textContent).toContain('request-id')
    expect(support.textContent).toContain('r-1')
    expect(support.textContent).toContain('c-1')
    expect(support.textContent).toContain('Activity ID: r-1 - Url: https://fef.example/x')
    const panel = screen.getByTestId('register-upload').textContent ?? ''
    expect(panel.indexOf('fef.example')).toBeGreaterThan(panel.indexOf('stopped trying.'))
    const failure = screen.getByTestId('register-failure')
    expect(failure.textContent).toMatch(/Retry when Intune answers again: the app first looks for what Intune already received/)
    expect(failure.textContent).toMatch(/hardware hashes of 2 devices not registered are kept on this PC until you discard the upload/)
    // The rows and the count say the devices were not registered; they read "Sending" and "0 failed of 2".
    expect(screen.getByTestId('register-counts').textContent).toContain(
      '0 registered, 0 failed of 2; 0 appeared, 0 with a profile, 0 joined the job "Order 4711". 2 not registered: the upload stopped trying.',
    )
    expect([...screen.getByTestId('register-rows').querySelectorAll('tbody tr')].map((tr) => tr.children[2]!.textContent)).toEqual([
      expect.stringMatching(/^Not registered: the upload stopped trying \(Retry first looks for what Intune received\)/),
      expect.stringMatching(/^Not registered: the upload stopped trying/),
    ])
    press(within(failure).getByRole('button', { name: 'Retry now' }))
    await flush()
    expect(api.callsTo('registration:retry-import')).toEqual([{ importId: 'f1' }])
    expect(screen.queryByTestId('register-failure')).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('register-state')))
    expect(screen.getByTestId('register-state').textContent).toBe('Uploading to Intune')
  })

  it('an upload failed before answers were kept: the sentence first, Intune’s raw answer only in the details', async () => {
    const old: RegistrationImport = {
      ...failedImport,
      intune: null,
      message:
        "Batch 1 could not be sent: Intune answered with an error 8 times in a row, so the upload stopped trying. Intune's last answer: Intune answered 500 InternalServerError: An error has occurred - Operation ID (for customer support): 0 - Activity ID: r-1 - Url: https://fef.example/x (request-id r-1)",
    }
    renderRegister(createFakeApi({ 'registration:get-status': () => ok({ current: old, recent: [] }) }))
    expect((await screen.findByTestId('register-message')).textContent).toBe(
      'Batch 1 could not be sent: Intune answered with an error 8 times in a row, so the upload stopped trying. Intune had an internal error (HTTP 500).',
    )
    expect(screen.getByTestId('support-details').textContent).toContain('https://fef.example/x')
  })

  it('rows of a batch Intune refused whole (HTTP 400) point at the reason, not "BadRequest, which the docs do not describe"', async () => {
    const refused: RegistrationImport = {
      ...failedImport,
      state: 'done',
      canRetry: false,
      message: 'Intune refused batch 1 as not valid (HTTP 400) and gave no reason.',
      intune: readIntuneAnswer(400, '{"error":{"code":"BadRequest","message":"An error has occurred"}}'),
      rows: [row(0, 'S1', { status: 'error', importStatus: 'refused', errorName: 'BadRequest' })],
    }
    renderRegister(createFakeApi({ 'registration:get-status': () => ok({ current: refused, recent: [] }) }))
    expect((await screen.findByTestId('register-message')).textContent).toBe('Intune refused batch 1 as not valid (HTTP 400) and gave no reason.')
    expect(screen.getByTestId('register-rows').querySelector('tbody tr')!.children[2]!.textContent).toMatch(
      /^Not registered: Intune refused its batch \(the reason is above\)/,
    )
  })

  it('waiting between tries, says when the next is; Discard asks, then offers "Discard anyway" when Intune cannot be asked', async () => {
    let current: RegistrationImport = {
      ...failedImport,
      state: 'uploading',
      message: 'Batch 1 could not be sent yet: Intune answered 500 InternalServerError',
      failedTries: 3,
      errorTries: 2,
      nextAttemptAt: '2026-12-04T10:42:00Z',
    }
    const api = createFakeApi({
      'registration:get-status': () => ok({ current, recent: [] }),
      'registration:discard-import': ({ evenIfUnchecked }) => {
        if (!evenIfUnchecked)
          return ok({ discarded: false, notice: { kind: 'unchecked' as const, message: 'Intune could not be asked whether it received 2 devices.' }, current })
        current = { ...current, state: 'cancelled', canRetry: false, message: 'Intune could not be asked …; they may still be registered.' }
        return ok({ discarded: true, notice: null, current })
      },
    })
    // Two minutes before the next try.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-04T10:40:00Z'))
    renderRegister(api)
    // In the technician's time (Berlin here).
    expect((await screen.findByTestId('register-next-try')).textContent).toBe(
      '3 tries in a row failed (2 of 8 answered with an error). Trying again at 11:42 AM.',
    )
    // Its rows do not read "Sending" meanwhile: nothing is under way until 11:42.
    expect(screen.getByTestId('register-rows').querySelector('tr[data-serial="S1"]')?.children[2]?.textContent).toBe(
      'Not registered yet: trying again at 11:42 AM',
    )
    now.mockRestore()
    press(screen.getByTestId('register-discard'))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('register-discard-yes')))
    expect(screen.getByText(/Discard this upload\? The app first checks what Intune already received/)).toBeTruthy()
    press(screen.getByTestId('register-discard-yes'))
    await flush()
    expect(api.callsTo('registration:discard-import')).toEqual([{ importId: 'f1', evenIfUnchecked: false }])
    const notice = await screen.findByTestId('register-failure-notice')
    expect(notice.textContent).toMatch(/could not be asked whether it received 2 devices/)
    await waitFor(() => expect(document.activeElement).toBe(notice))
    press(within(notice).getByRole('button', { name: 'Discard anyway' }))
    await flush()
    expect(api.callsTo('registration:discard-import')).toEqual([
      { importId: 'f1', evenIfUnchecked: false },
      { importId: 'f1', evenIfUnchecked: true },
    ])
    await waitFor(() => expect(screen.getByTestId('register-state').textContent).toBe('Discarded'))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('register-state')))
    // Rows that never got a result say so, not "Waiting to be sent".
    expect(screen.getByTestId('register-rows').querySelector('tr[data-serial="S1"]')?.textContent).toContain('Intune could not be asked whether it received it')
  })

  it('a Failed upload behind the one being sent is listed, and Show brings it up', async () => {
    const { rows: _rows, ...failedSummary } = failedImport
    const sending = { ...uploading, id: 'u2', state: 'uploading' as const, confirmedAt: '2026-12-04T10:30:00Z' }
    const api = createFakeApi({
      'registration:get-status': ({ importId }) => ok({ current: importId === 'f1' ? failedImport : sending, recent: [sending, failedSummary] }),
    })
    renderRegister(api)
    const queued = await screen.findByTestId('register-queued')
    expect(within(queued).getByRole('listitem').textContent).toMatch(/— failed: it stopped trying and waits for you to retry or discard it\. Show/)
    // Why it stopped, in the list too.
    expect(within(queued).getByTestId('register-queued-message').textContent).toMatch(/^Batch 1 could not be sent: Intune had an internal error \(HTTP 500\)/)
    fireEvent.click(within(queued).getByRole('button', { name: /^Show the import confirmed/ }))
    await waitFor(() => expect(screen.getByTestId('register-state').textContent).toBe('Failed: stopped trying'))
    expect(api.callsTo('registration:get-status').at(-1)).toEqual({ importId: 'f1' })
  })
})

describe('Register screen › Recycle offers only what applies, online', () => {
  const device = {
    id: 'd1',
    serialNumber: 'PF3ABC',
    manufacturer: 'Lenovo',
    model: 'T14',
    groupTag: '',
    userPrincipalName: '',
    displayName: '',
    profileStatus: 'assigned' as const,
    enrollmentState: 'notContacted',
    syncedAt: '2026-12-04T10:00:00Z',
    pending: [],
  }
  const plan = {
    deviceId: 'd1',
    autopilotRecord: true,
    intuneRecord: false,
    entraDevice: false,
    userPrincipalName: '',
    source: 'online' as const,
    notice: null,
  }

  async function findAndPick(api: ReturnType<typeof createFakeApi>) {
    renderRegister(api)
    fireEvent.change(screen.getByTestId('recycle-serial'), { target: { value: 'PF3ABC' } })
    fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    await flush()
    fireEvent.click(screen.getByRole('radio', { name: 'Leave the tenant (deregister)' }))
    await flush()
  }

  it('says "no Intune record" (and no user) instead of offering to delete or unassign it', async () => {
    const api = createFakeApi({
      'registration:get-status': () => ok({ current: null, recent: [] }),
      'devices:find-by-serial': () => ok([device]),
      'recycle:get-plan': () => ok(plan),
    })
    await findAndPick(api)
    expect(api.callsTo('recycle:get-plan')).toEqual([{ deviceId: 'd1' }])
    expect(screen.getByTestId('recycle-records').textContent).toBe('Autopilot registration: yes · Intune device record: none · Microsoft Entra device: none.')
    expect(screen.getByTestId('recycle-skip-delete-intune').textContent).toMatch(
      /^No Intune device record \(managed device\) for this device: nothing to delete/,
    )
    expect(screen.queryByTestId('recycle-run-delete-intune')).toBeNull()
    expect(screen.getByTestId('recycle-skip-unassign-user').textContent).toMatch(/^No user is assigned/)
    expect(screen.queryByTestId('recycle-run-unassign-user')).toBeNull()
    // The steps that apply are still offered.
    expect(screen.getByTestId('recycle-run-delete-autopilot')).toBeTruthy()
    expect(screen.getByTestId('recycle-run-check-gone')).toBeTruthy()
  })

  it('offline, the steps are off with the reason, and come back online; after Run the focus is on the result', async () => {
    let online = false
    const api = createFakeApi({
      'registration:get-status': () => ok({ current: null, recent: [] }),
      'sync:get-status': () => ok({ ...idleStatus, online }),
      'devices:find-by-serial': () => ok([{ ...device, userPrincipalName: 'anna@contoso.com' }]),
      'recycle:get-plan': () => ok({ ...plan, intuneRecord: null, entraDevice: null, userPrincipalName: 'anna@contoso.com', source: 'cache' as const }),
      'recycle:run-step': (request) => ok({ action: request.action, done: true, message: `ran ${request.action}`, gone: false }),
    })
    await findAndPick(api)
    const offlineNote = screen.getByTestId('recycle-offline')
    expect(offlineNote.textContent).toMatch(
      /Intune cannot be reached\. These steps change or read the device in Intune, so they are off until the app is online again/,
    )
    const checkGone = screen.getByTestId<HTMLButtonElement>('recycle-run-check-gone')
    const unassign = screen.getByTestId<HTMLButtonElement>('recycle-run-unassign-user')
    expect([checkGone.disabled, unassign.disabled]).toEqual([true, true])
    expect(unassign.getAttribute('aria-describedby')).toBe(offlineNote.id)
    // Not known from the cache: offered (it says what it finds when run).
    expect(screen.getByTestId('recycle-run-delete-intune')).toBeTruthy()

    online = true
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    await waitFor(() => expect(screen.queryByTestId('recycle-offline')).toBeNull())
    expect(unassign.disabled).toBe(false)
    press(unassign)
    await flush()
    expect(api.callsTo('recycle:run-step')).toEqual([{ deviceId: 'd1', action: 'unassign-user', confirmSerial: '' }])
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('recycle-outcome-unassign-user')))
    expect(document.activeElement?.textContent).toBe('ran unassign-user')
  })
})
