import { describe, expect, it } from 'vitest'
import { createDateFormatter } from '@renderer/format-date'

describe('createDateFormatter', () => {
  it('formats in the given time zone, not the machine one', () => {
    const iso = '2025-03-05T23:30:00.000Z'
    expect(createDateFormatter('UTC', 'en-GB').dateTime(iso)).toBe('5 Mar 2025, 23:30')
    expect(createDateFormatter('Europe/Berlin', 'en-GB').dateTime(iso)).toBe('6 Mar 2025, 00:30')
    expect(createDateFormatter('America/New_York', 'en-GB').time(iso)).toBe('18:30')
  })

  it('falls back to UTC for an unknown zone', () => {
    const format = createDateFormatter('Not/AZone', 'en-GB')
    expect(format.timeZone).toBe('UTC')
    expect(format.time('2025-03-05T08:15:00Z')).toBe('08:15')
  })

  it('puts the UTC times the core writes into sentences into the zone the window shows', () => {
    const format = createDateFormatter('Europe/Berlin', 'en-GB')
    expect(format.inText('Assigned on 2024-06-25 14:07 UTC: profile "UD", as the job expects.')).toBe(
      'Assigned on 25 Jun 2024, 16:07: profile "UD", as the job expects.',
    )
    expect(format.inText('From 2024-12-31 23:30 UTC to 2025-01-01 00:10 UTC')).toBe('From 1 Jan 2025, 00:30 to 1 Jan 2025, 01:10')
    expect(format.inText('Serial 2024-06-25 but no time; 2024-13-45 99:99 UTC stays as written')).toBe(
      'Serial 2024-06-25 but no time; 2024-13-45 99:99 UTC stays as written',
    )
  })

  it('gives the time alone for an instant of today in its zone, the date and time otherwise', () => {
    const format = createDateFormatter('Europe/Berlin', 'en-GB')
    const now = new Date('2025-03-05T22:30:00.000Z') // 23:30 in Berlin
    expect(format.sinceToday('2025-03-05T06:00:00.000Z', now)).toBe('07:00')
    // 23:10 UTC on the 4th is already the 5th in Berlin; 22:50 UTC is still the 4th there.
    expect(format.sinceToday('2025-03-04T23:10:00.000Z', now)).toBe('00:10')
    expect(format.sinceToday('2025-03-04T22:50:00.000Z', now)).toBe('4 Mar 2025, 23:50')
    expect(format.sinceToday('not a date', now)).toBe('not a date')
  })

  it('returns unparseable input unchanged', () => {
    expect(createDateFormatter('UTC').dateTime('yesterday-ish')).toBe('yesterday-ish')
  })
})
