import { describe, expect, it } from 'vitest'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { strToU8 } from 'fflate'
import { DiagnosticsScreen } from '@renderer/screens/diagnostics-screen'
import { openArchive } from '@core/diagnostics/open-archive'
import { createFakeApi, ok } from '@support/renderer/fake-api'
import { writeCab, type CabWriterCompression } from '@support/cab-writer'
import {
  EVTX_AUTOPILOT,
  EVTX_DEVICE_MANAGEMENT,
  TENANT_DOMAIN,
  WIN32_FAILED,
  ZTD_CORRELATION_ID,
  fakeEvtx,
  sampleRegUtf16,
  sampleZtdJson,
} from '@support/windows-diagnostics-samples'
import { renderWithStores } from '@support/renderer/render-with-stores'

/**
 * Done-when of issue #17 item 3: the review screen explains a pre-provisioning failure from a CAB made
 * the documented way (`MDMDiagnosticsTool.exe -area "Autopilot;TPM" -cab …`). The CAB (modelled on
 * Get-AutopilotDiagnostics, see test/support/windows-diagnostics-samples.ts) is read by the real core;
 * the screen gets that review through the api, as it does from the archive worker.
 */
describe('diagnostics screen: a CAB from MDMDiagnosticsTool', () => {
  it.each<CabWriterCompression>(['mszip', 'lzx'])('shows the failed ESP app, the tenant and the profile from a %s CAB', async (compression) => {
    const cab = writeCab(
      [
        { name: 'MdmDiagReport_RegistryDump.reg', data: sampleRegUtf16({ regedit: false }) },
        { name: 'AutopilotDDSZTDFile.json', data: strToU8(sampleZtdJson()) },
        { name: EVTX_AUTOPILOT, data: fakeEvtx() },
      ],
      { compression, windowBits: 21 },
    )
    const review = openArchive(cab, 'diag.cab')
    const api = createFakeApi({ 'diagnostics:open-archive': () => ok(review) })
    renderWithStores(<DiagnosticsScreen />, api)
    expect(screen.getByText(/Choose a \.cab, \.zip or \.evtx/).textContent).toContain('-area "Autopilot;TPM" -cab')
    await act(async () => {
      fireEvent.change(screen.getByTestId('diag-open-input'), { target: { files: [new File([cab as BlobPart], 'diag.cab')] } })
    })
    expect(api.callsTo('diagnostics:open-archive')[0]!.name).toBe('diag.cab')
    await waitFor(() => expect(screen.getByTestId('diag-found')).toBeTruthy())
    const found = within(screen.getByTestId('diag-found'))
    // The failure: the Win32 app the ESP tracked during device setup failed.
    const failedRow = found.getByText(WIN32_FAILED).closest('tr')!
    expect(failedRow.textContent).toMatch(/failed/)
    expect(failedRow.textContent).toMatch(/Error \/ Failed/)
    expect(found.getAllByText(ZTD_CORRELATION_ID).length).toBeGreaterThan(0)
    expect(screen.getByText(new RegExp(`Tenant: ${TENANT_DOMAIN.replace(/\./g, '\\.')}`))).toBeTruthy()
    // The event log inside the CAB is read (listed with its records), not left as "not read".
    expect(within(screen.getByTestId('diag-events')).getAllByText(EVTX_AUTOPILOT).length).toBeGreaterThan(0)
    // Its size as people read it; cells say which column they are in (the wrapping rules key on it).
    const sizeCell = within(screen.getByTestId('diag-events')).getByText('4 KB')
    expect(sizeCell.getAttribute('data-col')).toBe('size')
  })

  it('a truncated CAB: its event logs are said to be unread, at the top and beside each, not listed as read with 0 events', async () => {
    const cab = writeCab(
      [
        { name: 'MdmDiagReport_RegistryDump.reg', data: sampleRegUtf16({ regedit: false }) },
        { name: EVTX_AUTOPILOT, data: fakeEvtx() },
        { name: EVTX_DEVICE_MANAGEMENT, data: fakeEvtx() },
      ],
      { compression: 'mszip' },
    )
    // Cut short (a copy that did not finish): the files' bytes are missing.
    const review = openArchive(cab.subarray(0, cab.length - 2000), 'diag.cab')
    renderWithStores(<DiagnosticsScreen />, createFakeApi({ 'diagnostics:open-archive': () => ok(review) }))
    await act(async () => {
      fireEvent.change(screen.getByTestId('diag-open-input'), { target: { files: [new File([cab as BlobPart], 'diag.cab')] } })
    })
    await waitFor(() => expect(screen.getByTestId('diag-events')).toBeTruthy())
    expect(within(screen.getByTestId('diag-warnings')).getByText(/^2 event logs could not be read — /)).toBeTruthy()
    const events = within(screen.getByTestId('diag-events'))
    expect(events.queryByRole('heading', { name: 'Event logs read' })).toBeNull()
    const row = events.getByText(EVTX_AUTOPILOT).closest('tr')!
    expect(row.querySelector('[data-col="records"]')!.textContent).toMatch(/^not read — .*truncated/)
    expect(row.querySelector('[data-col="damaged"]')!.textContent).toBe('—')
    expect(screen.getByTestId('diag-events').textContent).not.toMatch(/No Autopilot, error or warning events/)
    expect(events.getByText(/None of the event logs could be read/)).toBeTruthy()
  })
})
