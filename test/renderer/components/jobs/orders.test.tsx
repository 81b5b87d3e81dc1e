import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import type { HandoverReport, ManifestRow } from '@shared/bench-schemas'
import { createFakeApi, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { job } from '@support/renderer/bench-fake'
import { createKeyboard } from '@support/renderer/keyboard'

const row = (serialNumber: string, userPrincipalName: string, displayName = ''): ManifestRow => ({
  serialNumber,
  userPrincipalName,
  addressableUserName: '',
  displayName,
})

function renderJobs(extra: FakeHandlers = {}) {
  let manifest = [row('A1', 'anna@contoso.com'), row('B2', 'ben@contoso.com'), row('C3', 'cleo@contoso.com')]
  const api = createFakeApi({
    'jobs:list-jobs': () => ok({ jobs: [job('j1', { manifestRows: manifest.length })] }),
    'bench:list-devices': () => ok({ devices: [] }),
    'jobs:list-manifest': () => ok({ rows: manifest }),
    'jobs:save-manifest-row': ({ originalSerial, row: input }) => {
      const saved = row(input.serialNumber.toUpperCase(), input.userPrincipalName ?? '', input.displayName ?? '')
      manifest = [...manifest.filter((item) => item.serialNumber !== originalSerial), saved]
      return ok(saved)
    },
    'jobs:preview-manifest': () =>
      ok({ added: [], changed: [], removed: manifest.slice(1), unchanged: 1, errors: [], unusedColumns: [], leadingZerosLost: [], leadingZerosRestored: 0 }),
    'jobs:import-manifest': () => ok({ imported: 1, errors: [] }),
    ...extra,
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('jobs')
  render(<AppRoot api={api} stores={stores} />)
  return { api }
}

afterEach(() => vi.restoreAllMocks())

describe('orders: manifest rows, re-import diff, hand-over and box labels', () => {
  // A tester: zed.nobody@contoso.com was only caught when Intune refused the assignment at delivery.
  it('the preview names users Intune does not have, and users that could not be checked, with their serials', async () => {
    renderJobs({
      'jobs:preview-manifest': () =>
        ok({
          added: [row('Z1', 'zed.nobody@contoso.com'), row('Q1', 'quinn@contoso.com')],
          changed: [],
          removed: [],
          unchanged: 0,
          errors: [],
          unusedColumns: [],
          leadingZerosLost: [],
          leadingZerosRestored: 0,
          usersUnknown: [
            { userPrincipalName: 'zed.nobody@contoso.com', serialNumbers: ['Z1'], state: 'not-found' },
            { userPrincipalName: 'quinn@contoso.com', serialNumbers: ['Q1'], state: 'not-checked' },
          ],
        }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial,upn\nZ1,zed.nobody@contoso.com\n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    await screen.findByTestId('manifest-diff')
    const missing = screen.getByTestId('manifest-users-not-found').textContent ?? ''
    expect(missing).toContain('This user does not exist in the tenant')
    expect(missing).toContain('zed.nobody@contoso.com — Z1')
    expect(screen.getByTestId('manifest-users-not-checked').textContent).toContain('could not be checked')
  })

  it('a second import that shrinks the manifest shows what it removes and writes nothing until confirmed', async () => {
    const { api } = renderJobs()
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial,upn\nA1,anna@contoso.com\n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    const diff = await screen.findByTestId('manifest-diff')
    expect(diff.textContent).toContain('0 added · 0 changed · 2 removed · 1 unchanged')
    expect(within(diff).getByRole('alert').textContent).toContain('2 devices are on the manifest now but not in this file')
    expect(diff.textContent).toContain('B2 — ben@contoso.com')
    expect(api.callsTo('jobs:import-manifest')).toEqual([])
    fireEvent.click(within(diff).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.queryByTestId('manifest-diff')).toBeNull())
    expect(api.callsTo('jobs:import-manifest')).toEqual([])
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Import, keep the removed rows' }))
    await waitFor(() =>
      expect(api.callsTo('jobs:import-manifest')).toEqual([
        { jobId: 'j1', csv: 'serial,upn\nA1,anna@contoso.com\n', replace: false, restoreLeadingZeros: false },
      ]),
    )
  })

  it('lists the lines the import will skip, with their reasons, before it is confirmed', async () => {
    renderJobs({
      'jobs:preview-manifest': () =>
        ok({
          added: [row('D4', 'dan@contoso.com')],
          changed: [],
          removed: [],
          unchanged: 3,
          errors: [
            { line: 3, message: "'bob@fabrikam' is not a user principal name (name@domain)." },
            { line: 4, message: 'The serial number is empty.' },
          ],
          unusedColumns: [],
          leadingZerosLost: [],
          leadingZerosRestored: 0,
        }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial,upn\nD4,dan@contoso.com\nX,bob@fabrikam\n,carl@contoso.com\n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    const skipped = await screen.findByTestId('manifest-skipped')
    expect(skipped.textContent).toContain('2 lines are skipped')
    expect(
      within(skipped)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(["✕ Line 3: 'bob@fabrikam' is not a user principal name (name@domain).", '✕ Line 4: The serial number is empty.'])
  })

  it('names the columns the file has but the manifest does not read, and every field a changed row changes, before it is confirmed', async () => {
    const before = { serialNumber: '015093327592', userPrincipalName: 'jane.roe@contoso.com', addressableUserName: '', displayName: 'FABLAP-JROE01' }
    renderJobs({
      'jobs:preview-manifest': () =>
        ok({
          added: [],
          changed: [{ before, after: { ...before, addressableUserName: 'Jane Roe' } }],
          removed: [],
          unchanged: 2,
          errors: [],
          unusedColumns: ['owner'],
          leadingZerosLost: [],
          leadingZerosRestored: 0,
        }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial,upn,friendly name,device name,owner\n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    const diff = await screen.findByTestId('manifest-diff')
    expect(within(diff).getByTestId('manifest-unused-columns').textContent).toContain(
      'Column “owner” is not used: the manifest reads serial number, user (UPN), user friendly name and device name.',
    )
    // Only the friendly name changed: it is named, with both sides (the two sides used to read the same).
    expect(diff.querySelector('[data-change="changed"]')?.textContent).toBe('Changed 015093327592 — User friendly name: — → Jane Roe')
  })

  it('says before the import which numeric serials Excel shortened, with the serial Intune has', async () => {
    const added = { serialNumber: '15093327592', userPrincipalName: '', addressableUserName: '', displayName: '' }
    renderJobs({
      'jobs:preview-manifest': () =>
        ok({
          added: [added],
          changed: [],
          removed: [],
          unchanged: 0,
          errors: [],
          unusedColumns: [],
          leadingZerosLost: [{ serialNumber: '15093327592', inIntune: '015093327592' }],
          leadingZerosRestored: 0,
        }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial\n15093327592\n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    const warning = within(await screen.findByTestId('manifest-diff')).getByTestId('manifest-leading-zeros')
    expect(warning.textContent).toContain('This serial looks shortened by Excel: Intune has it with zeros in front')
    expect(warning.textContent).toContain('in Excel, import the column as Text')
    expect(within(warning).getByRole('listitem').textContent).toBe('15093327592 in the file, 015093327592 in Intune')
  })

  it('on request, checks and imports the file with Intune’s serials, the zeros added back', async () => {
    const restored = { serialNumber: '015093327592', userPrincipalName: '', addressableUserName: '', displayName: '' }
    const { api } = renderJobs({
      'jobs:preview-manifest': ({ restoreLeadingZeros }) =>
        restoreLeadingZeros
          ? ok({ added: [restored], changed: [], removed: [], unchanged: 0, errors: [], unusedColumns: [], leadingZerosLost: [], leadingZerosRestored: 1 })
          : ok({
              added: [{ ...restored, serialNumber: '15093327592' }],
              changed: [],
              removed: [],
              unchanged: 0,
              errors: [],
              unusedColumns: [],
              leadingZerosLost: [{ serialNumber: '15093327592', inIntune: '015093327592' }],
              leadingZerosRestored: 0,
            }),
      'jobs:import-manifest': () => ok({ imported: 1, errors: [] }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    const csv = 'serial\n15093327592\n'
    fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: csv } })
    fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Use Intune’s serials (add the zeros back)' }))
    const diff = await screen.findByTestId('manifest-zeros-restored')
    expect(diff.textContent).toContain('One serial is imported as Intune has it, with the zeros Excel dropped added back.')
    expect(screen.queryByTestId('manifest-leading-zeros')).toBeNull()
    expect(screen.getByTestId('manifest-diff').querySelector('[data-change="added"]')?.textContent).toContain('015093327592')
    fireEvent.click(screen.getByRole('button', { name: 'Import and replace the manifest' }))
    await screen.findByTestId('manifest-result')
    expect(api.callsTo('jobs:import-manifest')).toEqual([{ jobId: 'j1', csv, replace: true, restoreLeadingZeros: true }])
  })

  it('shows the manifest rows and edits one (Enter saves)', async () => {
    const { api } = renderJobs()
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    const rows = await screen.findByTestId('manifest-rows')
    await waitFor(() => expect(within(rows).getAllByRole('row')).toHaveLength(4))
    expect(within(rows).getByRole('heading').textContent).toBe('Manifest (3 devices)')
    fireEvent.click(within(rows).getByRole('button', { name: 'Edit B2' }))
    const form = within(rows).getByRole('form', { name: 'B2' })
    // It opens under its row (in an order of thousands, below the table was out of sight).
    expect(within(rows).getByRole('rowheader', { name: 'B2' }).closest('tr')?.nextElementSibling?.contains(form)).toBe(true)
    fireEvent.change(within(form).getByLabelText('User (UPN)'), { target: { value: 'bea@contoso.com' } })
    within(form).getByLabelText('User (UPN)').focus()
    fireEvent.submit(form)
    await waitFor(() =>
      expect(api.callsTo('jobs:save-manifest-row')).toEqual([
        { jobId: 'j1', originalSerial: 'B2', row: { serialNumber: 'B2', userPrincipalName: 'bea@contoso.com', addressableUserName: '', displayName: '' } },
      ]),
    )
    await waitFor(() => expect(within(rows).getByRole('rowheader', { name: 'B2' }).closest('tr')?.textContent).toContain('bea@contoso.com'))
    // The editor is gone: the keyboard is back on the row's Edit button, not on <body>.
    await waitFor(() => expect(document.activeElement).toBe(within(rows).getByRole('button', { name: 'Edit B2' })))
  })

  it('Remove asks under the row in the page (never window.confirm): a scanner burst cannot confirm it, Esc cancels, Remove row removes', async () => {
    const confirm = vi.fn(() => true)
    Object.defineProperty(window, 'confirm', { value: confirm, configurable: true, writable: true })
    const { api } = renderJobs({ 'jobs:remove-manifest-row': () => ok({}) })
    fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
    const rows = await screen.findByTestId('manifest-rows')
    await waitFor(() => expect(within(rows).getAllByRole('row')).toHaveLength(4))
    const removeB2 = within(rows).getByRole('button', { name: 'Remove B2' })
    removeB2.focus()
    fireEvent.click(removeB2)
    const question = await screen.findByTestId('remove-manifest-row-question')
    expect(confirm).not.toHaveBeenCalled()
    expect(question.textContent).toContain('Remove B2 from the manifest?')
    expect(within(rows).getByRole('rowheader', { name: 'B2' }).closest('tr')?.nextElementSibling?.contains(question)).toBe(true)
    const yes = within(question).getByRole('button', { name: 'Remove row' })
    await waitFor(() => expect(document.activeElement).toBe(yes))
    createKeyboard().scan('PF3XK2LM9')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(api.callsTo('jobs:remove-manifest-row')).toEqual([])
    fireEvent.keyDown(yes, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('remove-manifest-row-question')).toBeNull())
    expect(document.activeElement).toBe(removeB2)
    fireEvent.click(removeB2)
    fireEvent.click(within(await screen.findByTestId('remove-manifest-row-question')).getByRole('button', { name: 'Remove row' }))
    await waitFor(() => expect(api.callsTo('jobs:remove-manifest-row')).toEqual([{ jobId: 'j1', serialNumber: 'B2' }]))
    await waitFor(() => expect(within(rows).queryByRole('rowheader', { name: 'B2' })).toBeNull())
  })

  it('Manifest CSV brings its panel into view and takes the focus to its heading; the preview opens from its heading at the top, not at the window foot', async () => {
    // happy-dom has no scrollIntoView: record what was brought into view, and how.
    const scrolled: Array<{ element: Element; options: unknown }> = []
    const own = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollIntoView')
    Object.defineProperty(Element.prototype, 'scrollIntoView', {
      value: function (this: Element, options: unknown) {
        scrolled.push({ element: this, options })
      },
      configurable: true,
      writable: true,
    })
    try {
      renderJobs()
      fireEvent.click(await screen.findByRole('button', { name: 'Manifest CSV: Order j1' }))
      const heading = await screen.findByRole('heading', { name: 'Manifest CSV', level: 3 })
      await waitFor(() => expect(document.activeElement).toBe(heading))
      expect(scrolled.at(-1)).toEqual({ element: heading.closest('section'), options: { block: 'start' } })
      fireEvent.change(screen.getByLabelText('Or paste the CSV'), { target: { value: 'serial\nA1\n' } })
      fireEvent.click(screen.getByRole('button', { name: 'Import pasted CSV' }))
      const diff = await screen.findByTestId('manifest-diff')
      await waitFor(() => expect(document.activeElement).toBe(within(diff).getAllByRole('heading')[0]))
      expect(scrolled.at(-1)).toEqual({ element: diff, options: { block: 'start' } })
    } finally {
      if (own) Object.defineProperty(Element.prototype, 'scrollIntoView', own)
      else delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView
    }
  })

  it("the hand-over flags a device whose group tag is not the job's, as it flags the user and the name", async () => {
    const row = {
      onManifest: true,
      profileName: null,
      attempts: 0,
      lastErrorCode: null,
      provisionPressedAt: null,
      finishedAt: null,
      resealedAt: null,
      enrollmentConfirmedAt: null,
      elapsedSeconds: null,
      userFlowNotBefore: null,
      userFlowNotAfter: null,
      stage: 'scanned' as const,
      status: 'pending' as const,
      userPrincipalName: '',
      deviceName: '',
    }
    const report: HandoverReport = {
      job: job('j1', { groupTag: 'BENCH-OSL' }),
      generatedAt: '2026-11-23T15:00:00.000Z',
      totals: { resealed: 0, failed: 0, pending: 2, notSeen: 0, notOnManifest: 0 },
      rows: [
        { ...row, serialNumber: 'PF3SEA', deviceId: 'a', groupTag: 'BENCH-SEA', jobGroupTag: 'BENCH-OSL' },
        { ...row, serialNumber: 'PF3OSL', deviceId: 'b', groupTag: 'BENCH-OSL' },
      ],
    }
    renderJobs({ 'jobs:get-handover-report': () => ok(report) })
    fireEvent.click(await screen.findByRole('button', { name: 'Hand-over report: Order j1' }))
    const view = await screen.findByRole('region', { name: 'Hand-over report — Order j1' })
    const other = within(view).getByRole('rowheader', { name: 'PF3SEA' }).closest('tr')!
    expect(within(other).getByTestId('handover-tag-differs').textContent).toBe("⚠ Not the job's tag (BENCH-OSL)")
    expect(within(within(view).getByRole('rowheader', { name: 'PF3OSL' }).closest('tr')!).queryByTestId('handover-tag-differs')).toBeNull()
  })

  it('the hand-over lists not-seen manifest devices with user, name, tag, profile and window; box labels print resealed ones with a QR of the serial', async () => {
    const base = {
      onManifest: true,
      groupTag: 'FAB-01',
      profileName: 'UD-AAD-PreProv',
      attempts: 0,
      lastErrorCode: null,
      provisionPressedAt: null,
      finishedAt: null,
      resealedAt: null,
      enrollmentConfirmedAt: null,
      elapsedSeconds: null,
      userFlowNotBefore: null,
      userFlowNotAfter: null,
    }
    const report: HandoverReport = {
      job: job('j1', { manifestRows: 2 }),
      generatedAt: '2026-11-23T15:00:00.000Z',
      totals: { resealed: 1, failed: 0, pending: 0, notSeen: 1, notOnManifest: 0 },
      rows: [
        {
          ...base,
          serialNumber: 'PF3AAA',
          deviceId: 'a',
          stage: 'resealed',
          status: 'resealed',
          userPrincipalName: 'anna@contoso.com',
          deviceName: 'FAB-001',
          attempts: 1,
          resealedAt: '2026-11-23T09:21:00.000Z',
          userFlowNotBefore: '2026-11-23T10:50:00.000Z',
          userFlowNotAfter: '2027-05-23T09:20:00.000Z',
          movedTo: 'Fabrikam PO 99',
        },
        {
          ...base,
          serialNumber: 'PF3ZZZ',
          deviceId: null,
          stage: null,
          status: 'not-seen',
          userPrincipalName: 'zoe@contoso.com',
          userInIntune: 'dmitri@contoso.com',
          deviceName: 'FAB-002',
          deviceNameInIntune: '',
          atBenchFor: 'Fabrikam PO 99',
        },
        {
          ...base,
          serialNumber: 'PF3BBB',
          deviceId: 'b',
          stage: 'scanned',
          status: 'pending',
          userPrincipalName: 'ben.brown@contoso.com',
          deviceName: 'FAB-003',
          attempts: 0,
          // Resealed for another job, and an attempt that ran while Intune had another user: both stay said.
          resealedFor: 'Contoso PO 4711',
          provisionedWithUser: 'felix.tanaka@contoso.com',
        },
      ],
    }
    renderJobs({ 'jobs:get-handover-report': () => ok(report) })
    const print = vi.fn()
    Object.defineProperty(window, 'print', { value: print, configurable: true, writable: true })
    fireEvent.click(await screen.findByRole('button', { name: 'Hand-over report: Order j1' }))
    const view = await screen.findByRole('region', { name: 'Hand-over report — Order j1' })
    expect(within(view).getByTestId('handover-totals').textContent).toBe('Resealed 1 · Failed 0 · Pending 0 · Not seen 1')
    const unseen = within(view).getByRole('rowheader', { name: 'PF3ZZZ' }).closest('tr')!
    expect(unseen.textContent).toContain('Not seen')
    expect(unseen.textContent).toContain('zoe@contoso.com')
    expect(unseen.textContent).toContain('Not seenat the bench for Fabrikam PO 99')
    // Intune's values under the manifest's where they differ: the order is not handed over as done.
    expect(
      within(unseen)
        .getAllByTestId('handover-differs')
        .map((cell) => cell.textContent),
    ).toEqual(['⚠ Intune has dmitri@contoso.com', '⚠ Intune has no device name'])
    expect(within(within(view).getByRole('rowheader', { name: 'PF3AAA' }).closest('tr')!).queryByTestId('handover-differs')).toBeNull()
    const reused = within(view).getByRole('rowheader', { name: 'PF3BBB' }).closest('tr')!
    expect(reused.textContent).toContain('Pendingalready resealed for Contoso PO 4711: not provisioned for this one')
    expect(within(reused).getByTestId('handover-differs').textContent).toBe('⚠ provisioned while Intune had felix.tanaka@contoso.com')
    const done = within(view).getByRole('rowheader', { name: 'PF3AAA' }).closest('tr')!
    for (const fact of ['anna@contoso.com', 'FAB-001', 'FAB-01', 'UD-AAD-PreProv', 'Resealedmoved to Fabrikam PO 99']) expect(done.textContent).toContain(fact)
    // The window in the technician's locale and the tenant's zone (Europe/Berlin), never raw ISO.
    expect(done.textContent).toMatch(/11:50.*–.*2027/)
    expect(done.textContent).not.toContain('2026-11-23T')
    fireEvent.click(within(view).getByRole('button', { name: 'Box labels' }))
    const labels = await screen.findByRole('region', { name: 'Box labels — Order j1' })
    const printed = labels.querySelectorAll('.box-label')
    expect(printed).toHaveLength(1)
    expect(printed[0]?.textContent).toContain('PF3AAA')
    expect(printed[0]?.textContent).toContain('anna@contoso.com')
    expect(printed[0]?.textContent).toContain('FAB-001')
    expect(within(labels).getByRole('img', { name: 'QR code of serial number PF3AAA' }).getAttribute('data-qr-text')).toBe('PF3AAA')
    fireEvent.click(within(labels).getByRole('button', { name: 'Print labels' }))
    expect(print).toHaveBeenCalledTimes(1)
  })

  it('Box labels takes the focus to Print labels and back to "Box labels"; a UPN may wrap only after its @', async () => {
    const report: HandoverReport = {
      job: job('j1'),
      generatedAt: '2026-11-23T15:00:00.000Z',
      totals: { resealed: 1, failed: 0, pending: 0, notSeen: 0, notOnManifest: 0 },
      rows: [
        {
          onManifest: true,
          groupTag: 'FAB-01',
          profileName: null,
          attempts: 1,
          lastErrorCode: null,
          provisionPressedAt: null,
          finishedAt: null,
          resealedAt: '2026-11-23T09:21:00.000Z',
          enrollmentConfirmedAt: null,
          elapsedSeconds: 60,
          userFlowNotBefore: null,
          userFlowNotAfter: null,
          serialNumber: 'PF3AAA',
          deviceId: 'a',
          stage: 'resealed',
          status: 'resealed',
          userPrincipalName: 'anna.anderson@contoso.com',
          deviceName: 'FAB-LAP-001',
        },
      ],
    }
    renderJobs({ 'jobs:get-handover-report': () => ok(report) })
    fireEvent.click(await screen.findByRole('button', { name: 'Hand-over report: Order j1' }))
    const view = await screen.findByRole('region', { name: 'Hand-over report — Order j1' })
    const open = within(view).getByRole('button', { name: 'Box labels' })
    open.focus()
    fireEvent.click(open)
    const labels = await screen.findByRole('region', { name: 'Box labels — Order j1' })
    await waitFor(() => expect(document.activeElement).toBe(within(labels).getByRole('button', { name: 'Print labels' })))
    const upn = labels.querySelector('.box-label .address-text')!
    expect(upn.textContent).toBe('anna.anderson@contoso.com')
    const whole = '<span class="address-text__part">anna.anderson@</span><wbr><span class="address-text__part">contoso.com</span>'
    expect(upn.innerHTML).toBe(whole)
    // The report's user column wraps the same way.
    fireEvent.click(within(labels).getByRole('button', { name: 'Back to the report' }))
    const again = await screen.findByRole('region', { name: 'Hand-over report — Order j1' })
    await waitFor(() => expect(document.activeElement).toBe(within(again).getByRole('button', { name: 'Box labels' })))
    expect(again.querySelector('tbody .address-text')?.innerHTML).toBe(whole)
  })
})
