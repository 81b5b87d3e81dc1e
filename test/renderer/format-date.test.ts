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

  it('returns unparseable input unchanged', () => {
    expect(createDateFormatter('UTC').dateTime('yesterday-ish')).toBe('yesterday-ish')
  })
})
