import { createDateFormatter } from '@renderer/format-date'
import { describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DiagnosticsScreen } from '@renderer/screens/diagnostics-screen'
import { LogViewer, logLineDetails, logPageSize } from '@renderer/components/diagnostics/log-viewer'
import { fileSize } from '@renderer/components/diagnostics/review-parts'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { openArchive } from '@core/diagnostics/open-archive'
import type { ArchiveReview, BundleReviewModel, ExportScope, LogLine, WindowsReviewModel } from '@shared/diagnostics-schemas'
import { createFakeApi, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { setupBench } from '@support/bundle-fixture'
import { unzipSync, zipSync } from 'fflate'
import { writeEvtx } from '@support/evtx-writer'
import { AUTOPILOT_CHANNEL } from '@core/diagnostics/evtx'
import { renderWithStores } from '@support/renderer/render-with-stores'

function renderScreen(overrides: FakeHandlers = {}) {
  const api = createFakeApi(overrides)
  renderWithStores(<DiagnosticsScreen />, api)
  return api
}

/** A bundle really exported from the seeded bench and opened as the review opens it; its folder is removed after `use`. */
async function withExportedBundle(
  scope: ExportScope,
  redact: { serials: boolean; users: boolean },
  use: (zip: Uint8Array, review: BundleReviewModel) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ab-diag-dom-'))
  try {
    const { db, options } = setupBench(dir)
    const zip = exportBundle(db, { ...options, scope, redact }).zip
    const review = openArchive(zip, 'bundle.zip')
    if (review.kind !== 'bundle') throw new Error('expected our bundle')
    await use(zip, review)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function openFile(name: string, bytes: Uint8Array) {
  const input = screen.getByTestId('diag-open-input')
  await act(async () => {
    fireEvent.change(input, { target: { files: [new File([bytes as BlobPart], name, { type: 'application/zip' })] } })
  })
}

describe('diagnostics screen', () => {
  it('says what redaction hides and what it keeps: no promise of pseudonyms for the device ids and purchase orders the bundle keeps', () => {
    renderScreen()
    const group = screen.getByRole('group', { name: 'Redact' })
    const note = screen.getByTestId('diag-redact-note')
    expect(group.getAttribute('aria-describedby')).toBe(note.id)
    expect(note.textContent).toMatch(/pseudonyms that cannot be turned back/)
    expect(note.textContent).toMatch(/Not hidden either way: device ids \(ZtdId, Intune and Entra device ids\), purchase orders/)
    expect(within(group).getByRole('checkbox', { name: 'Serial numbers' })).toBeTruthy()
  })

  it('exports with the chosen scope and redaction, shows progress, and saves the ZIP', async () => {
    const createObjectURL = vi.fn(() => 'blob:x')
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
    let finish: (value: ReturnType<typeof ok>) => void = () => undefined
    const api = renderScreen({
      'diagnostics:export-bundle': () => new Promise((resolve) => (finish = resolve as typeof finish)),
    })
    fireEvent.click(screen.getByRole('radio', { name: 'A bench job' }))
    fireEvent.change(screen.getByLabelText('Bench job id'), { target: { value: 'J1' } })
    fireEvent.click(screen.getByRole('checkbox', { name: 'Serial numbers' }))
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }))
    expect(api.callsTo('diagnostics:export-bundle')).toEqual([{ scope: { kind: 'job', id: 'J1' }, redact: { serials: true, users: false } }])
    act(() => api.emit('diagnostics:progress', { step: 'compressing', done: 9, total: 11 }))
    expect(screen.getByRole('progressbar')).toHaveProperty('value', 9)
    expect(screen.getByText('Compressing')).toBeTruthy()
    await act(async () => finish(ok({ fileName: 'b.zip', bytesBase64: btoa('PK'), bytes: 2048, deviceCount: 3, attemptCount: 2 })))
    expect(screen.getByTestId('diag-export-done').textContent).toMatch(/Saved b\.zip \(2 KB\): 3 devices, 2 attempts\./)
    expect(createObjectURL).toHaveBeenCalledTimes(1)
  })

  it('Export with nothing chosen says what is missing for the scope, and puts the keyboard in that field', async () => {
    const api = renderScreen()
    fireEvent.click(screen.getByRole('radio', { name: 'A whole day' }))
    const day = screen.getByLabelText('Day')
    // The day's field emptied (a technician's Delete in each part): the export asks for the day, not for "what to export".
    fireEvent.change(day, { target: { value: '' } })
    screen.getByRole('button', { name: 'Export bundle' }).focus()
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }))
    // Said by the field, not as a failed export.
    expect(screen.getByTestId('diag-export-missing').textContent).toBe('Choose the day to export first.')
    expect(screen.queryByText('The bundle could not be exported.')).toBeNull()
    expect(document.activeElement).toBe(day)
    fireEvent.click(screen.getByRole('radio', { name: 'One attempt' }))
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }))
    expect(screen.getByText(/press Find attempts and choose the attempt first/)).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByLabelText('Serial number of the device'))
    expect(api.callsTo('diagnostics:export-bundle')).toEqual([])
  })

  it('offers jobs from the list, and finds a device’s attempts by serial number', async () => {
    const job = {
      id: 'J7',
      name: 'Contoso order 7',
      purchaseOrder: 'PO-7',
      tenantId: 't',
      expectedProfileId: null,
      expectedProfileName: null,
      groupTag: '',
      deviceNameTemplate: '',
      createdAt: '2026-11-23T07:00:00Z',
      closedAt: null,
      manifestRows: 0,
    }
    const state = (id: string, phase: 'failed' | 'succeeded') => ({
      id,
      serialNumber: 'PF1',
      manufacturer: null,
      model: null,
      createdAt: '2026-11-23T08:00:00Z',
      phase,
      provisionPressedAt: '2026-11-23T08:00:00Z',
      outcome: null,
      resealedAt: null,
      enrollmentConfirmedAt: null,
      managedDeviceId: null,
      nextAction: null,
      cancelledAt: null,
      timeline: [],
    })
    const api = renderScreen({
      'jobs:list-jobs': () => ok({ jobs: [job] }),
      'devices:find-by-serial': (request) => ok(request.serialNumber === 'PF1' ? [{ id: 'dev-1', serialNumber: 'PF1' } as never] : []),
      'attempts:list-attempts': () =>
        ok({
          attempts: [
            { attemptNumber: 1, deviceId: 'dev-1', jobId: null, state: state('a-1', 'failed') },
            { attemptNumber: 2, deviceId: 'dev-1', jobId: null, state: state('a-2', 'succeeded') },
          ],
        }),
      'diagnostics:export-bundle': () => ({ ok: false, error: { code: 'not-found', message: 'x' } }),
    })
    fireEvent.click(screen.getByRole('radio', { name: 'A bench job' }))
    const jobSelect = await screen.findByRole('combobox', { name: 'Bench job' })
    fireEvent.change(jobSelect, { target: { value: 'J7' } })
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }))
    expect(api.callsTo('diagnostics:export-bundle').at(-1)?.scope).toEqual({ kind: 'job', id: 'J7' })

    fireEvent.click(screen.getByRole('radio', { name: 'One attempt' }))
    fireEvent.change(screen.getByLabelText('Serial number of the device'), { target: { value: 'NOPE' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Find attempts' })))
    expect(screen.getByText(/No device NOPE in the cache/)).toBeTruthy()
    // Enter in the serial field (a scanner sends one) finds the attempts; it does not export the form.
    const exportsBefore = api.callsTo('diagnostics:export-bundle').length
    fireEvent.change(screen.getByLabelText('Serial number of the device'), { target: { value: 'PF1' } })
    await act(async () => fireEvent.keyDown(screen.getByLabelText('Serial number of the device'), { key: 'Enter' }))
    expect(api.callsTo('diagnostics:export-bundle')).toHaveLength(exportsBefore)
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Attempt' }).value).toBe('a-2')
    // Attempts in words and the technician's time, not stored phases and ISO strings.
    const options = within(screen.getByRole('combobox', { name: 'Attempt' })).getAllByRole('option')
    expect(options.map((o) => o.textContent)).toEqual([expect.stringMatching(/^#1 · Failed · /), expect.stringMatching(/^#2 · Succeeded · /)])
    expect(options[0]!.textContent).not.toMatch(/T08:00/)
    const attemptSelect = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Attempt' })
    expect(attemptSelect.value).toBe('a-2')
    fireEvent.change(attemptSelect, { target: { value: 'a-1' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export bundle' })))
    expect(api.callsTo('diagnostics:export-bundle').at(-1)?.scope).toEqual({ kind: 'attempt', id: 'a-1' })
  })

  it('a day is the bench’s own: today on its clock, midnight to midnight in its time zone, named in the review', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      // 5:30 PM in California, already the 8th in UTC. The app's zone is the core's (the computer's).
      vi.setSystemTime(new Date('2026-12-08T01:30:00Z'))
      const api = renderScreen({
        'app:get-info': () =>
          ok({
            version: '0.1.0',
            tenant: { id: 't1', displayName: 'Contoso Bench', kind: 'embedded-mock' as const },
            transport: 'http' as const,
            timeZone: 'America/Los_Angeles',
          }),
        'diagnostics:export-bundle': () => ({ ok: false, error: { code: 'not-found', message: 'x' } }),
      })
      // The app's facts arrive first, as they do before anyone reaches this screen.
      await act(async () => undefined)
      fireEvent.click(screen.getByRole('radio', { name: 'A whole day' }))
      const day = screen.getByLabelText<HTMLInputElement>('Day')
      expect(day.value).toBe('2026-12-07')
      expect(day.getAttribute('aria-describedby')).toBeTruthy()
      expect(document.getElementById(day.getAttribute('aria-describedby')!)?.textContent).toMatch(/Midnight to midnight, America\/Los Angeles time/)
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export bundle' })))
      expect(api.callsTo('diagnostics:export-bundle').at(-1)?.scope).toEqual({ kind: 'day', id: '2026-12-07', timeZone: 'America/Los_Angeles' })
    } finally {
      vi.useRealTimers()
    }
    cleanup()
    await withExportedBundle({ kind: 'day', id: '2026-11-24', timeZone: 'America/Los_Angeles' }, { serials: false, users: false }, async (zip, review) => {
      renderScreen({ 'diagnostics:open-archive': () => ok(review as ArchiveReview) })
      await openFile('bundle.zip', zip)
      const shown = await screen.findByTestId('diag-review')
      expect(shown.textContent).toMatch(/Scope: day 2026-11-24 \(America\/Los Angeles\) · \d+ devices?/)
    })
  })

  it('a job bundle names the job, not its id, and shows times in the technician’s locale, not raw ISO', async () => {
    await withExportedBundle({ kind: 'job', id: 'J1' }, { serials: false, users: false }, async (zip, review) => {
      renderScreen({ 'diagnostics:open-archive': () => ok(review as ArchiveReview) })
      await openFile('bundle.zip', zip)
      const shown = await screen.findByTestId('diag-review')
      expect(shown.textContent).toContain('Scope: bench job “Contoso order 42”')
      expect(shown.textContent).not.toContain('Scope: job J1')
      const timeline = screen.getByTestId('diag-timeline').textContent ?? ''
      expect(timeline).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
      expect(review.attempts.length).toBeGreaterThan(0)
    })
  })

  it('a device bundle exported by id names the device by its serial, or by its pseudonym when redacted', async () => {
    await withExportedBundle({ kind: 'device', id: 'dev-1' }, { serials: true, users: false }, async (zip, review) => {
      const pseudonym = String(review.devices[0]?.['serialNumber'])
      expect(pseudonym).toMatch(/^serial-[0-9a-f]{12}$/)
      renderScreen({ 'diagnostics:open-archive': () => ok(review as ArchiveReview) })
      await openFile('bundle.zip', zip)
      const shown = await screen.findByTestId('diag-review')
      expect(shown.textContent).toContain(`Scope: device ${pseudonym} · 1 device`)
      expect(shown.textContent).not.toContain('Scope: device dev-1')
      expect(shown.textContent).toContain('Redacted: Serial numbers in this bundle are pseudonyms; user names are not redacted.')
    })
  })

  it('reads in words, not stored codes: stages, statuses, join types, changes and audit actions, devices by serial, local times', async () => {
    await withExportedBundle({ kind: 'device', id: 'dev-1' }, { serials: false, users: false }, async (zip, exported) => {
      // An audit entry as the outbox writes one when it delivers a change, and one of an online action.
      const review: BundleReviewModel = {
        ...exported,
        profiles: {
          profiles: [
            { display_name: 'UD-AAD-PreProv', join_type: 'entra', pre_provisioning_allowed: 1, device_name_template: 'AP-%SERIAL%' },
            { display_name: 'UD-Hybrid-PreProv', join_type: 'hybrid', pre_provisioning_allowed: 0, device_name_template: null },
          ],
        },
        outbox: [
          {
            id: 1,
            device_id: 'dev-1',
            kind: 'assign-user',
            payload: JSON.stringify({ kind: 'assign-user', userPrincipalName: 'ben.brown@contoso.com', addressableUserName: 'Ben' }),
            base_value: JSON.stringify({ userPrincipalName: '', addressableUserName: '' }),
            state: 'pending',
            attempts: 0,
            last_error: null,
            created_at: '2026-11-23T08:29:00.000Z',
          },
          // Damaged in the file: shown as it is, not as an empty change.
          {
            id: 2,
            device_id: 'dev-9',
            kind: 'group-tag',
            payload: '{"kind":"group-tag","groupT',
            base_value: null,
            state: 'failed',
            attempts: 1,
            last_error: null,
            created_at: 'not a date',
          },
        ],
        audit: [
          {
            id: 1,
            at: '2026-11-23T08:30:00.000Z',
            action: 'group-tag',
            device_id: 'dev-1',
            correlation_id: 'c',
            details: JSON.stringify({ base: { groupTag: 'BENCH-LDN' }, intended: { groupTag: 'WALK-TAG' } }),
          },
          { id: 2, at: '2026-11-23T08:31:00.000Z', action: 'autopilot-sync', device_id: null, correlation_id: 'c', details: JSON.stringify({ done: true }) },
          {
            id: 3,
            at: '2026-11-23T08:32:00.000Z',
            action: 'attempt.undo',
            device_id: 'dev-1',
            correlation_id: 'c',
            details: JSON.stringify({ attemptNumber: 1, event: { type: 'provision-pressed', at: '2026-11-23T08:10:44.000Z' } }),
          },
        ],
      }
      renderScreen({ 'diagnostics:open-archive': () => ok(review as ArchiveReview) })
      await openFile('bundle.zip', zip)
      await screen.findByTestId('diag-review')
      expect(within(screen.getByTestId('diag-timeline')).getByRole('heading', { level: 4 }).textContent).toMatch(
        /^PF4SER1X — started .* · Failed \(0x80180014\) · \d+:\d\d from Provision to the outcome$/,
      )
      // Steps seconds apart are told apart: the timeline reads to the second.
      expect(within(screen.getByTestId('diag-timeline')).getAllByRole('listitem')[0]!.textContent).toMatch(/\d+:\d\d:\d\d/)
      expect(within(screen.getByTestId('diag-summary-qr')).getByText('Failed')).toBeTruthy()
      const table = (name: string) =>
        within(screen.getByRole('region', { name }))
          .getAllByRole('row')
          .map((row) => row.textContent)
      expect(table('Device snapshots')[1]).toContain('Assigned')
      expect(table('Deployment profiles').slice(1)).toEqual([
        'UD-AAD-PreProvMicrosoft Entra joinedYesAP-%SERIAL%',
        'UD-Hybrid-PreProvMicrosoft Entra hybrid joinedNo—',
      ])
      const outbox = table('Changes (outbox)')
      expect(outbox[0]).toBe('CreatedDeviceChangeFrom → toStateLast error')
      expect(outbox[1]).toMatch(/^.+PF4SER1XAssigned user\(none\) → ben\.brown@contoso\.com \(Ben\)Waiting to send—$/)
      expect(outbox[1]).not.toMatch(/dev-1|assign-user|pending|\d{4}-\d\d-\d\dT/)
      expect(outbox[2]).toBe('not a datedev-9Group tag{"kind":"group-tag","groupTFailed—')
      const audit = table('Audit history')
      expect(audit[1]).toMatch(/Group tag changedPF4SER1XBENCH-LDN → WALK-TAG$/)
      expect(audit[2]).toMatch(/Autopilot sync requested—done: true$/)
      // An undone step in words, to the second; not the stored JSON.
      expect(audit[3]).toMatch(/Attempt step undonePF4SER1XattemptNumber: 1; event: Provision pressed at Nov 23, 2026, \d+:10:44\s?AM$/)
      expect(audit.join(' ')).not.toMatch(/\d{4}-\d\d-\d\dT/)
    })
  }, 30_000)

  it('shows exactly what was exported: devices, timeline, errors with explanations, summary QR, log', async () => {
    await withExportedBundle({ kind: 'device', id: 'dev-1' }, { serials: false, users: false }, async (zip, review) => {
      const api = renderScreen({ 'diagnostics:open-archive': () => ok(review as ArchiveReview) })
      await openFile('bundle.zip', zip)
      const sent = api.callsTo('diagnostics:open-archive')[0]!
      expect(sent.name).toBe('bundle.zip')
      expect(Buffer.from(sent.bytesBase64, 'base64').equals(Buffer.from(zip))).toBe(true)
      await waitFor(() => expect(screen.getByTestId('diag-review')).toBeTruthy())
      expect(document.activeElement?.textContent).toBe('bundle.zip')
      const timeline = within(screen.getByTestId('diag-timeline'))
      for (const attempt of review.attempts) for (const entry of attempt.timeline) expect(timeline.getByText(entry.label, { exact: false })).toBeTruthy()
      const errors = within(screen.getByTestId('diag-errors'))
      for (const error of review.errors) {
        expect(errors.getByText(error.code)).toBeTruthy()
        expect(errors.getByText(error.meaning)).toBeTruthy()
        for (const step of error.steps) expect(errors.getByText(step)).toBeTruthy()
        // The source is the Microsoft Learn page(s), as links that leave the app; never a repository file.
        expect(error.links.length).toBeGreaterThan(0)
        for (const link of error.links) {
          const anchor = errors.getByRole('link', { name: link.title })
          expect(anchor.getAttribute('href')).toBe(link.url)
          expect(anchor.getAttribute('target')).toBe('_blank')
        }
      }
      expect(screen.getByTestId('diag-errors').textContent).not.toMatch(/\.md\b|docs\/reference/)
      for (const device of review.devices) expect(screen.getAllByText(String(device.serialNumber)).length).toBeGreaterThan(0)
      expect(screen.getByRole('img', { name: 'Summary QR code for PF4SER1X' }).getAttribute('data-qr-text')).toBe(review.summaryQr!.text)
      expect(within(screen.getByTestId('diag-log')).getByText(review.logLines[0]!.msg)).toBeTruthy()
      fireEvent.click(screen.getByRole('button', { name: 'Close review' }))
      expect(screen.getByRole('button', { name: 'Export bundle' })).toBeTruthy()
      // Back on the chooser that opened the review, for the next file.
      expect(document.activeElement).toBe(screen.getByTestId('diag-open-input'))
    })
  }, 30_000)

  it('says what went wrong when a file cannot be opened', async () => {
    renderScreen({ 'diagnostics:open-archive': () => ({ ok: false, error: { code: 'invalid', message: 'This is a Microsoft Cabinet (.cab) file.' } }) })
    await openFile('diag.cab', new Uint8Array([0x4d, 0x53, 0x43, 0x46]))
    expect(screen.getByRole('alert').textContent).toMatch(/could not be opened.*Cabinet/)
    // The file was the problem, not the app: its own message says why and what to do (open-panel.test.tsx),
    // never the catalogue's "Correct it and try again", nor "the app sent a request…".
    expect(screen.getByRole('alert').textContent).not.toMatch(/Correct it and try again/)
    expect(screen.getByRole('alert').textContent).not.toMatch(/sent a request/)
  })

  it('an empty file is said to be empty, with what to do, and is never sent to be opened', async () => {
    const api = renderScreen()
    await openFile('MDMDiagReport.cab', new Uint8Array(0))
    expect(screen.getByRole('alert').textContent).toContain('MDMDiagReport.cab is empty (0 bytes)')
    expect(screen.getByRole('alert').textContent).not.toMatch(/bytesBase64|Too small/)
    expect(api.callsTo('diagnostics:open-archive')).toEqual([])
  })

  it('shows a Windows archive as found / not found / could not be read', async () => {
    const review: WindowsReviewModel = {
      kind: 'windows',
      fileName: 'diag.zip',
      archiveKind: 'mdm-diagnostics',
      tenant: { id: 't-id', domain: 'contoso.onmicrosoft.com', source: 'registry' },
      found: [{ label: 'CloudAssignedOobeConfig', value: '1308', meaning: 'SkipEula', source: 'HKLM\\…\\Autopilot (line 4)' }],
      notFound: ['TenantMatched (HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot)'],
      esp: [],
      ztd: null,
      eventLogs: [],
      summaryQr: null,
      warnings: [],
      notParsed: [{ name: 'x.evtx', size: 4096, reason: 'Event log (.evtx): listed, not parsed' }],
    }
    renderScreen({ 'diagnostics:open-archive': () => ok(review) })
    await openFile('diag.zip', new Uint8Array([0x50, 0x4b, 5, 6]))
    await waitFor(() => expect(screen.getByTestId('diag-found')).toBeTruthy())
    expect(within(screen.getByTestId('diag-found')).getByText('1308')).toBeTruthy()
    expect(within(screen.getByTestId('diag-not-found')).getByText(/TenantMatched/)).toBeTruthy()
    expect(within(screen.getByTestId('diag-not-read')).getByText(/listed, not parsed/)).toBeTruthy()
    // Its size as the event logs' table gives sizes (it read a bare "4096").
    expect(within(screen.getByTestId('diag-not-read')).getByText('4 KB')).toBeTruthy()
    expect(screen.getByText(/Tenant: contoso\.onmicrosoft\.com \(t-id\)/)).toBeTruthy()
  })
})

describe('diagnostics screen: the intro', () => {
  it('names every kind of file the review opens: our bundle, the MDMDiagnostics CAB or ZIP, the Intune ZIP, an event log', () => {
    renderScreen()
    const intro = screen.getByText(/^Export what support needs/).textContent
    for (const kind of ['Autopilot Bench bundle', 'MDMDiagnostics CAB or ZIP', 'downloaded from Intune', '.evtx']) expect(intro).toContain(kind)
  })
})

describe('diagnostics screen: focus after opening a review', () => {
  it('lands on the file-name heading once it exists, however soon the next frame comes', async () => {
    const review: WindowsReviewModel = {
      kind: 'windows',
      fileName: 'diag.zip',
      archiveKind: 'mdm-diagnostics',
      tenant: null,
      found: [],
      notFound: [],
      esp: [],
      ztd: null,
      eventLogs: [],
      summaryQr: null,
      warnings: [],
      notParsed: [],
    }
    // A frame that comes before React has drawn the review (as it did in 3 of 8 opens in Chromium).
    const frame = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
      callback(0)
      return 0
    })
    try {
      renderScreen({ 'diagnostics:open-archive': () => ok(review) })
      await openFile('diag.zip', new Uint8Array([0x50, 0x4b, 5, 6]))
      await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'diag.zip' })).toBeTruthy())
      await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'diag.zip' })))
    } finally {
      frame.mockRestore()
    }
  })
})

describe('diagnostics screen: event logs', () => {
  it('opens a standalone .evtx: the timeline explains the Autopilot events, the raw event is one disclosure away', async () => {
    const evtx = writeEvtx([
      {
        recordId: 1,
        eventId: 171,
        provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
        channel: AUTOPILOT_CHANNEL,
        level: 2,
        time: '2026-01-05T10:00:00.000Z',
      },
      {
        recordId: 2,
        eventId: 807,
        provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
        channel: AUTOPILOT_CHANNEL,
        level: 2,
        time: '2026-01-05T10:01:00.000Z',
      },
    ])
    renderScreen({ 'diagnostics:open-archive': (request: { name: string }) => ok(openArchive(evtx, request.name)) })
    await openFile('Microsoft-Windows-ModernDeployment-Diagnostics-Provider%4Autopilot.evtx', evtx)
    await waitFor(() => expect(screen.getByTestId('diag-event-timeline')).toBeTruthy())
    const items = within(screen.getByTestId('diag-event-timeline')).getAllByRole('listitem')
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/Error Event ID 171 — TPM identity not confirmed.*TPM attestation problem.*Windows Autopilot troubleshooting FAQ/),
      expect.stringMatching(/Error Event ID 807 — Device not registered.*hardware hash/),
    ])
    const raw = within(items[0]!).getByText('Show raw event')
    expect(raw.closest('details')?.querySelector('pre')?.textContent).toContain('<EventID>171</EventID>')
    expect(screen.getByText('Windows event log (.evtx)')).toBeTruthy()
  })

  it("merges a bundle's event logs with its attempts in one time order", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-diag-evtx-'))
    try {
      const { db, options } = setupBench(dir)
      const files = unzipSync(exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: { serials: false, users: false } }).zip)
      db.close()
      const log = writeEvtx([
        {
          recordId: 1,
          eventId: 171,
          provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
          channel: AUTOPILOT_CHANNEL,
          level: 2,
          time: '2000-01-01T00:00:00.000Z',
        },
        {
          recordId: 2,
          eventId: 807,
          provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
          channel: AUTOPILOT_CHANNEL,
          level: 2,
          time: '2100-01-01T00:00:00.000Z',
        },
      ])
      const zip = zipSync({ ...files, 'autopilot.evtx': log })
      renderScreen({ 'diagnostics:open-archive': (request: { name: string }) => ok(openArchive(zip, request.name)) })
      await openFile('bundle.zip', zip)
      await waitFor(() => expect(screen.getByTestId('diag-event-timeline')).toBeTruthy())
      const kinds = within(screen.getByTestId('diag-event-timeline'))
        .getAllByRole('listitem')
        .map((li) => li.dataset.kind)
      // 2000 comes before every bench attempt, 2100 after them.
      expect(kinds[0]).toBe('event')
      expect(kinds.at(-1)).toBe('event')
      expect(kinds.filter((k) => k === 'attempt').length).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('log viewer', () => {
  const line = (i: number, level: string): LogLine => ({
    time: `2026-11-23T08:${String(i % 60).padStart(2, '0')}:00Z`,
    level,
    msg: `line ${i} ${level === 'error' ? 'attempt failed' : 'ok'}`,
    raw: '',
  })

  it('filters by level and text, and renders at most a page at a time', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => line(i, i % 100 === 0 ? 'error' : 'info'))
    lines.forEach((l) => (l.raw = JSON.stringify(l)))
    render(<LogViewer lines={lines} total={1200} dates={createDateFormatter('UTC', 'en-US')} />)
    const root = screen.getByTestId('diag-log')
    const log = within(root)
    // Plain selectors: role queries over hundreds of items are slow in happy-dom.
    const items = () => [...root.querySelectorAll('li')]
    expect(items()).toHaveLength(logPageSize)
    expect(log.getByText(`Showing ${logPageSize} of 1000 matching lines (1200 in the bundle).`)).toBeTruthy()
    fireEvent.change(log.getByLabelText('Level'), { target: { value: 'error' } })
    expect(items().map((li) => li.getAttribute('data-level'))).toEqual(Array(10).fill('error'))
    expect(items().every((li) => li.textContent?.includes('✖ error'))).toBe(true)
    fireEvent.change(log.getByLabelText('Filter text'), { target: { value: 'line 500 ' } })
    expect(items().map((li) => li.textContent)).toEqual([expect.stringContaining('line 500 attempt failed')])
    fireEvent.change(log.getByLabelText('Filter text'), { target: { value: 'nothing like this' } })
    expect(log.getByText('No log line matches.')).toBeTruthy()
    fireEvent.change(log.getByLabelText('Level'), { target: { value: '' } })
    fireEvent.change(log.getByLabelText('Filter text'), { target: { value: '' } })
    fireEvent.click(log.getByRole('button', { name: 'Show more' }))
    expect(items()).toHaveLength(2 * logPageSize)
  }, 30_000)

  it('sizes read as people read them', () => {
    expect([0, 1023, 1024, 4096, 10 * 1024 + 300, 1536 * 1024, 3 * 1024 ** 3, 'n/a'].map(fileSize)).toEqual([
      '0 B',
      '1023 B',
      '1 KB',
      '4 KB',
      '10 KB',
      '1.5 MB',
      '3 GB',
      'n/a',
    ])
  })

  it("shows a line's fields after its message: a Graph request's status, path, time and request-id", () => {
    const raw = JSON.stringify({
      level: 20,
      time: '2026-12-06T05:04:03.442Z',
      pid: 11457,
      status: 200,
      requestId: 'a6049273-5f7e',
      ms: 310,
      path: '/beta/deviceManagement/windowsAutopilotDeploymentProfiles',
      extra: null,
      msg: 'graph request',
    })
    render(
      <LogViewer
        lines={[{ time: '2026-12-06T05:04:03.442Z', level: 'debug', msg: 'graph request', raw }]}
        total={1}
        dates={createDateFormatter('UTC', 'en-US')}
      />,
    )
    const item = screen.getByTestId('diag-log').querySelector('li')!
    // Local time to the second (here UTC), the log's own ISO time as the tooltip.
    expect(item.querySelector('time')?.getAttribute('title')).toBe('2026-12-06T05:04:03.442Z')
    expect(item.textContent).toBe(
      'Dec 6, 2026, 5:04:03 AM · debug graph request status 200 · requestId a6049273-5f7e · ms 310 · path /beta/deviceManagement/windowsAutopilotDeploymentProfiles',
    )
    expect(logLineDetails('not json')).toBe('')
    expect(logLineDetails(JSON.stringify({ msg: 'x', db: { schemaVersion: 7 } }))).toBe('db {"schemaVersion":7}')
  })
})
