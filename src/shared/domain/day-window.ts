/**
 * A calendar day as the bench lives it: from one midnight to the next in the bench's own time zone
 * (an IANA name such as `America/Los_Angeles`, the one the renderer runs in), or in UTC when none is
 * given. A day is not always 24 hours: where the clocks change it is 23 or 25.
 */

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether this runtime knows the zone (Intl throws a RangeError for one it does not). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** The zone's calendar date, to the day (formatToParts gives numbers whatever the locale's order). */
const dateFormat = (timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })

/** The wall-clock date the zone's clocks show at an instant, as `Date.UTC` of that date's midnight. */
function wallDateAt(ms: number, format: Intl.DateTimeFormat): number {
  const parts = format.formatToParts(ms)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? NaN)
  return Date.UTC(part('year'), part('month') - 1, part('day'))
}

/**
 * The first instant at which the zone's clocks show this date (`Date.UTC` of it) or a later one. A
 * search, not offset arithmetic: where the clocks change at midnight (Chile, Cuba, Lebanon) midnight is
 * skipped or shown twice, and the day begins at the first instant of its date either way. Every zone's
 * offset lies within ±15 hours of UTC, and its changes fall on whole seconds.
 */
function startOfWallDate(wallMs: number, format: Intl.DateTimeFormat): number {
  let before = wallMs - 15 * 3600_000 // shows an earlier date
  let after = wallMs + 15 * 3600_000 // shows this date or a later one
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000
    if (wallDateAt(middle, format) >= wallMs) after = middle
    else before = middle
  }
  return after
}

/** `YYYY-MM-DD` → [start, end) in ms; null when it is not a real date or the zone is unknown. */
export function dayWindow(day: string, timeZone?: string | null): { start: number; end: number } | null {
  const match = dayPattern.exec(day)
  if (!match) return null
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const wall = Date.UTC(year, month - 1, date)
  const check = new Date(wall)
  // Date.UTC rolls 2026-02-30 over to March 2nd: not a day anyone picked.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null
  const next = Date.UTC(year, month - 1, date + 1)
  if (!timeZone || timeZone === 'UTC') return { start: wall, end: next }
  if (!isTimeZone(timeZone)) return null
  const format = dateFormat(timeZone)
  return { start: startOfWallDate(wall, format), end: startOfWallDate(next, format) }
}

/** The calendar day (`YYYY-MM-DD`) the zone's clocks show at an instant: "today" on the bench. */
export function dayAt(ms: number, timeZone: string): string {
  return new Date(wallDateAt(ms, dateFormat(timeZone))).toISOString().slice(0, 10)
}
