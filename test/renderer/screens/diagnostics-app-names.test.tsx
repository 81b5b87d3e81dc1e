import { describe, expect, it } from 'vitest'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { zipSync } from 'fflate'
import { DiagnosticsScreen } from '@renderer/screens/diagnostics-screen'
import { openArchive } from '@core/diagnostics/open-archive'
import { createFakeApi, ok } from '@support/renderer/fake-api'
import { WIN32_FAILED, WIN32_INSTALLED, sampleRegUtf16 } from '@support/windows-diagnostics-samples'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { renderWithStores } from '@support/renderer/render-with-stores'

const guidOf = (item: string) => /[0-9a-f]{8}-[0-9a-f-]{27}/i.exec(item)![0].toLowerCase()

async function openWith(review: ArchiveReview, bytes: Uint8Array) {
  const api = createFakeApi({ 'diagnostics:open-archive': () => ok(review) })
  renderWithStores(<DiagnosticsScreen />, api)
  await act(async () => {
    fireEvent.change(screen.getByTestId('diag-open-input'), { target: { files: [new File([bytes as BlobPart], 'MDMDiagReport.zip')] } })
  })
  await waitFor(() => expect(screen.getByTestId('diag-found')).toBeTruthy())
  return within(screen.getByTestId('diag-found'))
}

/** Issue #17 item 5: ESP app GUIDs read as app names, with the GUID kept beside them. */
describe('diagnostics screen: app names beside GUIDs', () => {
  const zip = zipSync({ 'MdmDiagReport_RegistryDump.reg': sampleRegUtf16({ regedit: false }) })

  it('shows the app name with the ESP item id beside it; unknown ids stay as they are', async () => {
    const review = { ...openArchive(zip, 'MDMDiagReport.zip'), names: { [guidOf(WIN32_FAILED)]: 'Line-of-business Printer Drivers' } }
    const found = await openWith(review, zip)
    const failedRow = found.getByText(WIN32_FAILED).closest('tr')!
    expect(failedRow.textContent).toContain(`Line-of-business Printer Drivers (${WIN32_FAILED})`)
    expect(within(failedRow).getByText('Line-of-business Printer Drivers').tagName).toBe('STRONG')
    const installedCell = found.getByText(WIN32_INSTALLED)
    expect(installedCell.tagName).toBe('TD')
    expect(screen.queryByTestId('diag-names-note')).toBeNull()
  })

  it('says why there are no names when the permission is missing', async () => {
    const note = 'App names unavailable: needs DeviceManagementApps.Read.All (Intune answered 403).'
    const review = { ...openArchive(zip, 'MDMDiagReport.zip'), names: {}, namesNote: note }
    const found = await openWith(review, zip)
    expect(screen.getByTestId('diag-names-note').textContent).toBe(note)
    expect(found.getByText(WIN32_FAILED).tagName).toBe('TD')
  })
})
