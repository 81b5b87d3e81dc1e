import { describe, expect, it } from 'vitest'
import { dayAt, dayWindow, isTimeZone } from '@shared/domain/day-window'
import { exportScopeSchema } from '@shared/diagnostics-schemas'

const at = (iso: string) => Date.parse(iso)
const hours = (w: { start: number; end: number } | null) => (w ? (w.end - w.start) / 3600_000 : null)

describe('dayWindow', () => {
  it('is the UTC day when no zone is given', () => {
    expect(dayWindow('2026-12-07')).toEqual({ start: at('2026-12-07T00:00:00Z'), end: at('2026-12-08T00:00:00Z') })
    expect(dayWindow('2026-12-07', 'UTC')).toEqual(dayWindow('2026-12-07'))
  })

  it('runs from midnight to midnight on the bench’s own clock', () => {
    expect(dayWindow('2026-12-07', 'America/Los_Angeles')).toEqual({ start: at('2026-12-07T08:00:00Z'), end: at('2026-12-08T08:00:00Z') })
    expect(dayWindow('2026-07-01', 'America/Los_Angeles')).toEqual({ start: at('2026-07-01T07:00:00Z'), end: at('2026-07-02T07:00:00Z') })
    expect(dayWindow('2026-12-07', 'Asia/Kolkata')).toEqual({ start: at('2026-12-06T18:30:00Z'), end: at('2026-12-07T18:30:00Z') })
    expect(dayWindow('2026-12-07', 'Pacific/Kiritimati')).toEqual({ start: at('2026-12-06T10:00:00Z'), end: at('2026-12-07T10:00:00Z') })
    expect(dayWindow('2026-12-07', 'Pacific/Pago_Pago')).toEqual({ start: at('2026-12-07T11:00:00Z'), end: at('2026-12-08T11:00:00Z') })
  })

  it('is 23 or 25 hours on the days the clocks change', () => {
    expect(dayWindow('2026-03-08', 'America/Los_Angeles')).toEqual({ start: at('2026-03-08T08:00:00Z'), end: at('2026-03-09T07:00:00Z') })
    expect(hours(dayWindow('2026-03-08', 'America/Los_Angeles'))).toBe(23)
    expect(hours(dayWindow('2026-11-01', 'America/Los_Angeles'))).toBe(25)
    expect(hours(dayWindow('2026-03-29', 'Europe/Berlin'))).toBe(23)
  })

  it('begins at the first instant of its date where midnight is skipped', () => {
    // Chile springs forward at midnight, from Saturday 23:59:59 to Sunday 01:00 (the first Sunday of September).
    const day = dayWindow('2026-09-06', 'America/Santiago')
    expect(day?.start).toBe(at('2026-09-06T04:00:00Z'))
    expect(hours(day)).toBe(23)
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago', dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' })
    expect(format.format(day!.start)).toMatch(/^2026-09-06,? 01:00:00$/)
    expect(format.format(day!.start - 1000)).toMatch(/^2026-09-05,? 23:59:59$/)
  })

  it('names the day the zone’s clocks show at an instant', () => {
    expect(dayAt(at('2026-12-08T01:30:00Z'), 'America/Los_Angeles')).toBe('2026-12-07')
    expect(dayAt(at('2026-12-08T01:30:00Z'), 'UTC')).toBe('2026-12-08')
    expect(dayAt(at('2026-12-07T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-12-08')
  })

  it('refuses what is not a day, or a zone this runtime does not know', () => {
    expect(dayWindow('2026-02-30')).toBeNull()
    expect(dayWindow('2026-13-01')).toBeNull()
    expect(dayWindow('7.12.2026')).toBeNull()
    expect(dayWindow('2026-12-07', 'Mars/Olympus_Mons')).toBeNull()
    expect(isTimeZone('Europe/London')).toBe(true)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
  })
})

describe('the export’s day scope', () => {
  it('takes a zone this computer knows, or none, and says what it wants otherwise', () => {
    expect(exportScopeSchema.safeParse({ kind: 'day', id: '2026-12-07', timeZone: 'Europe/Berlin' }).success).toBe(true)
    expect(exportScopeSchema.safeParse({ kind: 'day', id: '2026-12-07' }).success).toBe(true)
    const refused = exportScopeSchema.safeParse({ kind: 'day', id: '2026-12-07', timeZone: 'Mars/Olympus_Mons' })
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]?.message).toMatch(/time zone this computer knows/)
  })
})
