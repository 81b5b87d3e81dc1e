import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import type { BenchJob, HandoverReport } from '@shared/bench-schemas'
import { createFakeApi, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { job } from '@support/renderer/bench-fake'
import { createKeyboard } from '@support/renderer/keyboard'

const profiles = [
  { id: 'p1', displayName: 'UD-AAD-PreProv', joinType: 'azureAD', deploymentMode: 'userDriven', preprovisioningAllowed: true, deviceNameTemplate: '' },
  { id: 'p2', displayName: 'Kiosk', joinType: 'azureAD', deploymentMode: 'selfDeploying', preprovisioningAllowed: false, deviceNameTemplate: '' },
]

function renderJobs(jobs: BenchJob[], extra: FakeHandlers = {}) {
  let saved = [...jobs]
  const api = createFakeApi({
    'jobs:list-jobs': ({ includeClosed }) => ok({ jobs: saved.filter((item) => includeClosed || item.closedAt === null) }),
    'bench:list-devices': () => ok({ devices: [] }),
    'profiles:list-profiles': () => ok({ profiles }),
    'jobs:list-manifest': () => ok({ rows: [] }),
    'jobs:preview-manifest': () =>
      ok({
        added: [{ serialNumber: 'A1', userPrincipalName: 'a@contoso.com', addressableUserName: 'A', displayName: 'PC-A1' }],
        changed: [],
        removed: [],
        unchanged: 0,
        errors: [],
        unusedColumns: [],
        leadingZerosLost: [],
        leadingZerosRestored: 0,
      }),
    'jobs:save-job': ({ id, job: input }) => {
      const next = job(id ?? 'new1', {
        name: input.name.trim(),
        purchaseOrder: input.purchaseOrder ?? '',
        expectedProfileId: input.expectedProfileId ?? null,
        groupTag: input.groupTag ?? '',
        deviceNameTemplate: input.deviceNameTemplate ?? '',
      })
      saved = [...saved.filter((item) => item.id !== next.id), next]
      return ok(next)
    },
    ...extra,
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('jobs')
  render(<AppRoot api={api} stores={stores} />)
  return { api, stores }
}

afterEach(() => vi.restoreAllMocks())

const facts = (status: HandoverReport['rows'][number]['status']) => ({
  status,
  onManifest: true,
  userPrincipalName: '',
  deviceName: '',
  groupTag: '',
  profileName: null,
  userFlowNotBefore: null,
  userFlowNotAfter: null,
})

describe('Jobs screen', () => {
  it('a job name, its tag and its profile wrap between words only, never at a hyphen ("BENCH-/NYC-/FLOOR-2")', async () => {
    renderJobs([job('j1', { name: 'Contoso-PO-4711 second floor', groupTag: 'BENCH-NYC-FLOOR-2' })])
    const name = await screen.findByRole('rowheader', { name: 'Contoso-PO-4711 second floor' })
    const words = (cell: Element) => [...cell.querySelectorAll('.words__word')].map((word) => word.textContent)
    expect(words(name)).toEqual(['Contoso-PO-4711', 'second', 'floor'])
    const tag = [...name.closest('tr')!.querySelectorAll('td')].find((cell) => cell.textContent === 'BENCH-NYC-FLOOR-2')!
    expect(words(tag)).toEqual(['BENCH-NYC-FLOOR-2'])
  })

  it('lists open jobs, and closed ones on request, status in words', async () => {
    const { api } = renderJobs([job('j1'), job('j2', { name: 'Old order', closedAt: '2026-11-20T10:00:00.000Z' })])
    expect(await screen.findByRole('rowheader', { name: 'Order j1' })).toBeTruthy()
    expect(screen.queryByText('Old order')).toBeNull()
    fireEvent.click(screen.getByLabelText('Show closed jobs'))
    const closed = await screen.findByRole('rowheader', { name: 'Old order' })
    expect(closed.closest('tr')?.textContent).toMatch(/Closed (Nov 20, 2026|20 Nov 2026)/)
    expect(api.callsTo('jobs:list-jobs').at(-1)).toEqual({ includeClosed: true })
  })

  it('Close job asks in the page what closing means and how many devices are not done; a scanner burst cannot confirm it, Esc cancels, Close job closes', async () => {
    // happy-dom has no window.confirm: stand in for the browser's (a scanner's Enter answers it: yes).
    const confirm = vi.fn(() => true)
    Object.defineProperty(window, 'confirm', { value: confirm, configurable: true, writable: true })
    const totals = { resealed: 18, failed: 1, pending: 8, notSeen: 3, notOnManifest: 0 }
    const { api } = renderJobs([job('j1')], {
      'jobs:get-handover-report': () => ok({ job: job('j1'), generatedAt: '2026-11-23T12:00:00.000Z', rows: [], totals }),
      'jobs:close-job': () => ok(job('j1', { closedAt: '2026-11-23T12:00:00.000Z' })),
    })
    const row = (await screen.findByRole('rowheader', { name: 'Order j1' })).closest('tr')!
    fireEvent.click(within(row).getByRole('button', { name: /Close job/ }))
    const question = await screen.findByTestId('close-job-question')
    expect(confirm).not.toHaveBeenCalled()
    expect(question.textContent).toContain('Close the job “Order j1”?')
    expect(question.textContent).toContain('takes no new devices')
    expect(question.textContent).toContain('12 of its 30 devices are not done (not resealed): 8 pending, 1 failed, 3 not seen at the bench.')
    const yes = within(question).getByRole('button', { name: 'Close job' })
    await waitFor(() => expect(document.activeElement).toBe(yes))
    // A USB scan arriving while it is open: the capture takes the burst and its Enter; nothing is closed.
    createKeyboard().scan('PF3XK2LM9')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(api.callsTo('jobs:close-job')).toEqual([])
    expect(screen.getByTestId('close-job-question')).toBeTruthy()
    // The status bar says why in a question's words (it said "this form is not saved yet").
    await waitFor(() =>
      expect(screen.getByTestId('status-key-notice').textContent).toMatch(/^Scan not used: answer the question first \(Enter or Esc\), then scan again\./),
    )
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('close-job-question')).toBeNull())
    expect(api.callsTo('jobs:close-job')).toEqual([])
    fireEvent.click(within(row).getByRole('button', { name: /Close job/ }))
    fireEvent.click(within(await screen.findByTestId('close-job-question')).getByRole('button', { name: 'Close job' }))
    await waitFor(() => expect(api.callsTo('jobs:close-job')).toEqual([{ id: 'j1' }]))
  })

  it('creates a job: the name is required, the device-name template is validated and previewed, the profile comes from Intune', async () => {
    const { api } = renderJobs([])
    expect(await screen.findByText(/No open job/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'New job' }))
    const form = await screen.findByRole('form', { name: 'New job' })
    fireEvent.submit(form)
    expect((await within(form).findByRole('alert')).textContent).toContain('Give the job a name')
    const template = within(form).getByLabelText('Device name template')
    fireEvent.change(template, { target: { value: 'CONTOSO-LAPTOP-%SERIAL%' } })
    expect(screen.getByTestId('template-check').textContent).toContain('exceeds 15')
    expect(template.getAttribute('aria-invalid')).toBe('true')
    fireEvent.change(template, { target: { value: 'CT-%SERIAL%' } })
    expect(screen.getByTestId('template-check').textContent).toContain('Preview: CT-PF3ABCDE')
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Fabrikam order 42' } })
    fireEvent.change(within(form).getByLabelText('Purchase order'), { target: { value: 'PO-42' } })
    fireEvent.change(within(form).getByLabelText('Group tag'), { target: { value: 'FAB-42' } })
    await within(form).findByRole('option', { name: 'UD-AAD-PreProv' })
    fireEvent.change(within(form).getByLabelText('Expected deployment profile'), { target: { value: 'p1' } })
    within(form).getByLabelText('Name').focus()
    fireEvent.submit(form)
    await waitFor(() =>
      expect(api.callsTo('jobs:save-job')).toEqual([
        {
          id: null,
          job: { name: 'Fabrikam order 42', purchaseOrder: 'PO-42', expectedProfileId: 'p1', groupTag: 'FAB-42', deviceNameTemplate: 'CT-%SERIAL%' },
        },
      ]),
    )
    expect(await screen.findByText('Job “Fabrikam order 42” saved.')).toBeTruthy()
    expect(await screen.findByRole('rowheader', { name: 'Fabrikam order 42' })).toBeTruthy()
    // The form (and the field the Enter came from) is gone: focus goes to the saved job's row, not <body>.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('rowheader', { name: 'Fabrikam order 42' })))
  })

  it('Esc cancels the form; an invalid template is never sent', async () => {
    const { api } = renderJobs([job('j1')])
    fireEvent.click(await screen.findByRole('button', { name: 'Edit: Order j1' }))
    const form = await screen.findByRole('form', { name: 'Edit job Order j1' })
    fireEvent.change(within(form).getByLabelText('Device name template'), { target: { value: '12345' } })
    fireEvent.submit(form)
    expect((await within(form).findByRole('alert')).textContent).toContain("can't be all numbers")
    within(form).getByLabelText('Name').focus()
    fireEvent.keyDown(within(form).getByLabelText('Name'), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('rowheader', { name: 'Order j1' })))
    expect(api.callsTo('jobs:save-job')).toEqual([])
  })

  it('sets the active job for new scans', async () => {
    const { api, stores } = renderJobs([job('j1'), job('j2')])
    const setActive = await screen.findByRole('button', { name: 'Set as active job: Order j2' })
    setActive.focus()
    fireEvent.click(setActive)
    await waitFor(() => expect(stores.bench.getState().activeJobId).toBe('j2'))
    // Its button made way for "Active job": focus goes to the job's row, not <body>.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('rowheader', { name: 'Order j2' })))
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'bench.activeJobId', value: 'j2' }])
    expect(screen.getByRole('rowheader', { name: 'Order j2' }).closest('tr')?.textContent).toContain('Active job')
  })

  it('imports a pasted manifest and lists the lines that were not imported', async () => {
    const { api } = renderJobs([job('j1')], {
      'jobs:import-manifest': () =>
        ok({
          imported: 2,
          errors: [
            { line: 3, message: 'The user "bob@" is not a valid UPN.' },
            { line: 5, message: 'Serial number missing.' },
          ],
        }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Import pasted CSV' }))
    expect((await screen.findByRole('alert')).textContent).toContain('Paste the CSV text first')
    // Over 5 MB is said here, with what to do, before anything travels to the core.
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'x'.repeat(5_000_001) } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('larger than 5 MB. Split the order'))
    expect(api.callsTo('jobs:preview-manifest')).toEqual([])
    const csv = 'serial,upn,name,device\nA1,a@contoso.com,A,PC-A1\nB2,bob@,B,PC-B2\n'
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: csv } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    const confirm = await screen.findByRole('button', { name: 'Import and replace the manifest' })
    // The check opens below the form (off screen on a laptop): the focus goes to it, so it is shown and Tab reaches its buttons.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Check the changes before importing' }))
    fireEvent.click(confirm)
    const result = await screen.findByTestId('manifest-result')
    // The check and its buttons are gone: the outcome takes the focus (and is read out).
    expect(document.activeElement).toBe(result)
    expect(api.callsTo('jobs:import-manifest')).toEqual([{ jobId: 'j1', csv, replace: true, restoreLeadingZeros: false }])
    expect(result.textContent).toContain('2 rows imported.')
    expect(result.textContent).toContain('2 lines were not imported')
    expect(result.textContent).toContain('Line 3: The user "bob@" is not a valid UPN.')
    expect(result.textContent).toContain('Line 5: Serial number missing.')
    // Once the box is edited, the last import's lines no longer describe it: they go.
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: csv + 'C3,c@contoso.com,C,PC-C3\n' } })
    expect(screen.queryByTestId('manifest-result')).toBeNull()
  })

  it('editing the box closes the check of the old text, so its confirm cannot import what the box no longer says', async () => {
    const { api } = renderJobs([job('j1')])
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial,upn\nA1,anna.dubois@contoso.com\n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    await screen.findByRole('button', { name: 'Import and replace the manifest' })
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial,upn\nA1,anna.chen@contoso.com\n' } })
    expect(screen.queryByTestId('manifest-diff')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Import and replace the manifest' })).toBeNull()
    expect(api.callsTo('jobs:import-manifest')).toEqual([])
  })

  it('the lines not imported can be dismissed once fixed by hand; the focus goes back to the paste box', async () => {
    renderJobs([job('j1')], { 'jobs:import-manifest': () => ok({ imported: 1, errors: [{ line: 3, message: 'Serial number missing.' }] }) })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial\nA1\n,\n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Import and replace the manifest' }))
    const result = await screen.findByTestId('manifest-result')
    fireEvent.click(within(result).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByTestId('manifest-result')).toBeNull()
    expect(document.activeElement).toBe(screen.getByLabelText('Or paste the CSV'))
  })

  it('shows the hand-over report for printing and downloads it as CSV', async () => {
    const report: HandoverReport = {
      job: job('j1'),
      generatedAt: '2026-11-23T15:00:00.000Z',
      totals: { resealed: 1, failed: 1, pending: 0, notSeen: 0, notOnManifest: 0 },
      rows: [
        {
          serialNumber: 'PF3AAA',
          deviceId: 'a',
          stage: 'resealed',
          ...facts('resealed'),
          attempts: 2,
          lastErrorCode: null,
          provisionPressedAt: '2026-11-23T09:00:00.000Z',
          finishedAt: '2026-11-23T09:20:00.000Z',
          resealedAt: '2026-11-23T09:21:00.000Z',
          enrollmentConfirmedAt: null,
          elapsedSeconds: 1200,
        },
        {
          serialNumber: 'PF3BBB',
          deviceId: 'b',
          stage: 'failed',
          ...facts('failed'),
          attempts: 1,
          lastErrorCode: '0x80180014',
          provisionPressedAt: '2026-11-23T10:00:00.000Z',
          finishedAt: '2026-11-23T10:04:07.000Z',
          resealedAt: null,
          enrollmentConfirmedAt: null,
          elapsedSeconds: 247,
        },
      ],
    }
    const csv = 'Serial number,Stage\r\nPF3AAA,resealed\r\nPF3BBB,failed\r\n'
    const { api } = renderJobs([job('j1')], {
      'jobs:get-handover-report': () => ok(report),
      'jobs:export-handover-csv': () => ok({ fileName: 'handover-order-j1.csv', csv }),
    })
    // happy-dom has no window.print: stand in for the browser's print dialog.
    const print = vi.fn()
    Object.defineProperty(window, 'print', { value: print, configurable: true, writable: true })
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:handover'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`)
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Hand-over report: Order j1' }))
    const view = await screen.findByRole('region', { name: 'Hand-over report — Order j1' })
    expect(within(view).getByTestId('handover-totals').textContent).toBe('Resealed 1 · Failed 1 · Pending 0 · Not seen 0')
    const failed = within(view).getByRole('rowheader', { name: 'PF3BBB' }).closest('tr')
    expect(failed?.textContent).toContain('✕ Failed')
    expect(failed?.textContent).toContain('0x80180014')
    expect(failed?.textContent).toContain('4:07')
    expect(within(view).getByRole('rowheader', { name: 'PF3AAA' }).closest('tr')?.textContent).toContain('20:00')
    fireEvent.click(within(view).getByRole('button', { name: 'Print' }))
    expect(print).toHaveBeenCalledTimes(1)
    fireEvent.click(within(view).getByRole('button', { name: 'Download CSV' }))
    await waitFor(() => expect(downloads).toEqual(['handover-order-j1.csv blob:handover']))
    expect(api.callsTo('jobs:export-handover-csv')).toEqual([{ jobId: 'j1' }])
    expect(await blobs[0]?.text()).toBe(csv)
  })
})
