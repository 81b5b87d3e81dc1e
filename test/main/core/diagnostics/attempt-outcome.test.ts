import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { inspectBundle } from '@core/diagnostics/inspect-bundle'
import { attemptStageWords } from '@shared/domain/attempt'
import { useTempDirs } from '@support/temp-dir'
import { insertAttempt, setupBench } from '@support/bundle-fixture'

describe('diagnostics bundle: a failed attempt closed by Retry or Reset', () => {
  const tempDir = useTempDirs()

  it('reads as the failure it was, with the step chosen — in the review, summary.csv, summary.html and the QR', () => {
    const { db, options } = setupBench(tempDir())
    insertAttempt(db, 'dev-3', 'PF4SER3X', null, [
      { type: 'provision-pressed', at: '2026-11-23T10:00:00.000Z' },
      { type: 'failed', at: '2026-11-23T10:20:00.000Z', code: '0x800705B4' },
      { type: 'next-action', at: '2026-11-23T10:21:00.000Z', action: 'retry' },
    ])
    const { zip } = exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-3' }, redact: { serials: false, users: false } })
    const review = inspectBundle(zip)
    expect(review.attempts[0]).toMatchObject({ phase: 'closed', outcome: 'failure', nextAction: 'retry', errorCode: '0x800705B4' })
    expect(attemptStageWords(review.attempts[0]!)).toBe('Failed (0x800705B4) — retried')
    expect(review.summaryQr).toMatchObject({ stage: 'failed', lastError: '0x800705B4' })
    expect(JSON.parse(review.summaryQr!.text)).toMatchObject({ Stage: 'failed' })
    const files = unzipSync(zip)
    expect(strFromU8(files['summary.csv']!).split('\r\n')[1]).toMatch(/,"1","Failed \(0x800705B4\) — retried","0x800705B4"$/)
    expect(strFromU8(files['summary.html']!)).toContain('<td>Failed (0x800705B4) — retried</td>')
  })

  it('words for each way an attempt ends', () => {
    expect(attemptStageWords({ phase: 'closed', outcome: 'failure', errorCode: null, nextAction: 'reset' })).toBe('Failed — reset')
    expect(attemptStageWords({ phase: 'closed', outcome: 'failure', errorCode: '0x80180014', nextAction: 'delete-record' })).toBe(
      'Failed (0x80180014) — next: Delete the Intune device record',
    )
    expect(attemptStageWords({ phase: 'failed', errorCode: '0x80180014' })).toBe('Failed (0x80180014)')
    expect(attemptStageWords({ phase: 'closed', outcome: 'cancelled' })).toBe('Cancelled')
    expect(attemptStageWords({ phase: 'cancelled' })).toBe('Cancelled')
    expect(attemptStageWords({ phase: 'resealed', outcome: 'success' })).toBe('Resealed')
  })
})
