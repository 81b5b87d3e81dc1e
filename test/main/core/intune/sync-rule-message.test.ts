import { describe, expect, it } from 'vitest'
import { formatWait, tooSoonMessage } from '@core/intune/sync-rule-message'

describe('Autopilot sync 10-minute rule message', () => {
  const last = '2026-11-23T10:00:00Z'
  const state = { lastManualSyncTriggerAt: last, nextAllowedAt: '2026-11-23T10:10:00.000Z', syncStatus: 'inProgress' }

  it('counts down from lastManualSyncTriggerDateTime to the next allowed sync', () => {
    const message = tooSoonMessage(state, Date.parse('2026-11-23T10:05:30Z'))
    expect(message).toContain('one Autopilot sync every 10 minutes')
    expect(message).toContain('2026-11-23 10:00:00 UTC')
    expect(message).toContain('next is allowed at 2026-11-23 10:10:00 UTC (in 4 min 30 s)')
  })

  it('never tells the technician to try now when Intune has just refused', () => {
    expect(tooSoonMessage(state, Date.parse('2026-11-23T10:11:00Z'))).toMatch(/still refused/)
    expect(tooSoonMessage({ lastManualSyncTriggerAt: null, nextAllowedAt: null, syncStatus: null }, 0)).toMatch(/few minutes/)
  })

  it('formats waits', () => {
    expect(formatWait(45_000)).toBe('45 s')
    expect(formatWait(120_000)).toBe('2 min')
    expect(formatWait(-5)).toBe('0 s')
  })
})
