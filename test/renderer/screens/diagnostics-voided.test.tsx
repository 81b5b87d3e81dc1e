import { describe, expect, it } from 'vitest'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DiagnosticsScreen } from '@renderer/screens/diagnostics-screen'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { openArchive } from '@core/diagnostics/open-archive'
import { createAttemptsRepo } from '@core/repos/attempts-repo'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { createAttempt, replayAttempt } from '@shared/domain/attempt'
import { createFakeApi, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { setupBench } from '@support/bundle-fixture'
import { renderWithStores } from '@support/renderer/render-with-stores'

function renderScreen(overrides: FakeHandlers = {}) {
  const api = createFakeApi(overrides)
  renderWithStores(<DiagnosticsScreen />, api)
  return api
}

/** dev-1's failed attempt, voided on the bench with a reason, exported and opened as the review opens it. */
function voidedReview(): { zip: Uint8Array; review: ArchiveReview } {
  const dir = mkdtempSync(join(tmpdir(), 'ab-diag-void-'))
  try {
    const { db, options, failedId } = setupBench(dir)
    createAttemptsRepo(db).setVoided(failedId, { at: '2026-11-23T08:40:00.000Z', reason: 'stray key on the wrong device' })
    const zip = exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: { serials: false, users: false } }).zip
    return { zip, review: openArchive(zip, 'bundle.zip') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('diagnostics screen: a voided attempt', () => {
  it('is shown as void with its reason in the timeline, and is not the summary QR’s case', async () => {
    const { zip, review } = voidedReview()
    renderScreen({ 'diagnostics:open-archive': () => ok(review) })
    await act(async () => {
      fireEvent.change(screen.getByTestId('diag-open-input'), { target: { files: [new File([zip as BlobPart], 'bundle.zip')] } })
    })
    await waitFor(() => expect(screen.getByTestId('diag-timeline')).toBeTruthy())
    const attempt = screen.getByTestId('diag-timeline').querySelector('article')!
    expect(attempt.getAttribute('data-voided')).toBe('true')
    expect(within(attempt).getByRole('heading').textContent).toContain('Void: stray key on the wrong device')
    expect(attempt.textContent).toMatch(/not counted as an attempt/)
    expect(screen.queryByTestId('diag-summary-qr')).toBeNull()
  })

  it('is marked void in the export’s attempt picker', async () => {
    const failed = replayAttempt(createAttempt({ id: 'a-1', serialNumber: 'PF1', createdAt: '2026-11-23T08:00:00Z' }), [
      { type: 'provision-pressed', at: '2026-11-23T08:00:00Z' },
      { type: 'failed', at: '2026-11-23T08:10:00Z', code: '0x800705B4' },
    ])
    if (!failed.ok) throw new Error(failed.error.message)
    renderScreen({
      'devices:find-by-serial': () => ok([{ id: 'dev-1', serialNumber: 'PF1' } as never]),
      'attempts:list-attempts': () =>
        ok({
          attempts: [{ attemptNumber: 1, deviceId: 'dev-1', jobId: null, state: failed.state, voided: { at: '2026-11-23T08:20:00Z', reason: 'test press' } }],
        }),
    })
    fireEvent.click(screen.getByRole('radio', { name: 'One attempt' }))
    fireEvent.change(screen.getByLabelText('Serial number of the device'), { target: { value: 'PF1' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Find attempts' })))
    const options = within(screen.getByRole('combobox', { name: 'Attempt' })).getAllByRole('option')
    expect(options.map((o) => o.textContent)).toEqual([expect.stringMatching(/^#1 · Void: test press · Failed \(0x800705B4\) · /)])
  })
})
