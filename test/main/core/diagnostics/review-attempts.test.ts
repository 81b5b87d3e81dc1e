import { describe, expect, it } from 'vitest'
import { toReviewAttempt } from '@core/diagnostics/review-attempts'
import { explainError } from '@shared/domain/explain-error'
import type { FailureStage } from '@shared/domain/error-knowledge'

const titleOf = (code: string, during: FailureStage | null = null) => {
  const result = explainError(code, during)
  if (result.status !== 'known') throw new Error(`${code} is not in the knowledge base`)
  return result.entry.title
}

describe('toReviewAttempt: a failure in the timeline', () => {
  it("explains the code the label shows, not the stored words (a bundle edited after export showed 0x80180005 with 0x80180014's title)", () => {
    const tampered = `Failed: 0x80180005 — ${titleOf('0x80180014')}`
    const attempt = toReviewAttempt({
      id: 'a1',
      deviceId: 'd1',
      phase: 'failed',
      state: {
        timeline: [
          { type: 'provision-pressed', at: '2026-12-07T10:00:00.000Z', label: 'Provision pressed' },
          { type: 'failed', at: '2026-12-07T10:20:00.000Z', label: tampered },
          { type: 'code-entered', at: '2026-12-07T10:21:00.000Z', label: `Code entered: 0x80180014 — ${titleOf('0x80180005')}` },
          { type: 'failed', at: '2026-12-07T10:22:00.000Z', label: 'Failed: 0xDEAD0001 (not in the knowledge base)' },
        ],
      },
    })
    expect(titleOf('0x80180005')).not.toBe(titleOf('0x80180014'))
    expect(attempt.timeline.map((t) => t.label)).toEqual([
      'Provision pressed',
      `Failed: 0x80180005 — ${titleOf('0x80180005')}`,
      `Code entered: 0x80180014 — ${titleOf('0x80180014')}`,
      'Failed: 0xDEAD0001 (not in the knowledge base)',
    ])
  })

  it('keeps the phase the label names and explains the code in it (0x800705B4 in Device setup is the ESP time limit)', () => {
    const label = (title: string) => `Failed: 0x800705B4 during Device setup (Apps) — ${title}`
    expect(titleOf('0x800705B4', 'device-setup')).not.toBe(titleOf('0x800705B4'))
    const attempt = toReviewAttempt({
      id: 'a2',
      deviceId: 'd1',
      phase: 'failed',
      state: { timeline: [{ type: 'failed', at: '2026-12-07T10:20:00.000Z', label: label(titleOf('0x800705B4')) }] },
    })
    expect(attempt.timeline.map((t) => t.label)).toEqual([label(titleOf('0x800705B4', 'device-setup'))])
  })
})
