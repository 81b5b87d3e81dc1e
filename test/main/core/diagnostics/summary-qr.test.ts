import { describe, expect, it } from 'vitest'
import { buildSummaryQr } from '@core/diagnostics/summary-qr'
import { formatElapsed } from '@shared/domain/attempt'

describe('summary QR: elapsed time', () => {
  it('counts whole seconds as the bench does: 66.7 s reads 1:06 on the bench and in the QR', () => {
    const state = { provisionPressedAt: '2026-12-07T11:10:44.000Z', outcome: { at: '2026-12-07T11:11:50.700Z' } }
    const qr = buildSummaryQr(
      [{ deviceId: 'dev-1', serialNumber: 'PF1', phase: 'failed', startedAt: state.provisionPressedAt, errorCode: '0x800705B4', state }],
      new Date('2026-12-07T12:00:00Z'),
    )
    expect(qr?.elapsedSeconds).toBe(66)
    expect(JSON.parse(qr!.text)).toMatchObject({ ElapsedSeconds: 66 })
    // What the bench row shows for the same attempt (66,700 ms since Provision).
    expect(formatElapsed(66_700)).toBe('1:06')
    expect(formatElapsed(qr!.elapsedSeconds! * 1000)).toBe('1:06')
  })
})
