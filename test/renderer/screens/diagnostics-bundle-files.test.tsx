import { describe, expect, it } from 'vitest'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { DiagnosticsScreen } from '@renderer/screens/diagnostics-screen'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { openArchive } from '@core/diagnostics/open-archive'
import { createFakeApi, ok } from '@support/renderer/fake-api'
import { setupBench } from '@support/bundle-fixture'
import { renderWithStores } from '@support/renderer/render-with-stores'

/** dev-1's bundle (a failed attempt), its files as exported. */
function exportedFiles(): Record<string, Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'ab-diag-files-'))
  try {
    const { db, options } = setupBench(dir)
    return unzipSync(exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: { serials: false, users: false } }).zip)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function review(files: Record<string, Uint8Array>) {
  const zip = zipSync(files)
  renderWithStores(<DiagnosticsScreen />, createFakeApi({ 'diagnostics:open-archive': () => ok(openArchive(zip, 'bundle.zip')) }))
  await act(async () => {
    fireEvent.change(screen.getByTestId('diag-open-input'), { target: { files: [new File([zip], 'bundle.zip')] } })
  })
  await waitFor(() => expect(screen.getByTestId('diag-timeline')).toBeTruthy())
}

describe('diagnostics screen: a bundle file missing or changed', () => {
  it('attempts.json missing: the timeline says the attempts could not be read, not that there were none', async () => {
    const { 'attempts.json': _attempts, ...files } = exportedFiles()
    await review(files)
    expect(within(screen.getByTestId('diag-warnings')).getByText('attempts.json is listed in the manifest but missing.')).toBeTruthy()
    const timeline = screen.getByTestId('diag-timeline')
    expect(within(timeline).getByText('Attempts could not be read: attempts.json is missing from the bundle.')).toBeTruthy()
    expect(timeline.textContent).not.toContain('No pre-provisioning attempt in this bundle.')
  })

  it('attempts.json changed after export: the summary QR and the timeline say they are read from a file that does not match its checksum', async () => {
    const files = exportedFiles()
    files['attempts.json'] = strToU8(strFromU8(files['attempts.json']!).replace(/0x80180014/g, '0x80070005'))
    await review(files)
    const note = /^Read from attempts\.json, a file that does not match its checksum/
    expect(within(screen.getByTestId('diag-summary-qr')).getByText(note)).toBeTruthy()
    expect(within(screen.getByTestId('diag-timeline')).getByText(note)).toBeTruthy()
    expect(screen.getByTestId('diag-errors').textContent).not.toMatch(note)
  })
})
