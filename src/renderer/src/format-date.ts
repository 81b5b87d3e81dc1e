/**
 * Dates and times for the UI. The time zone is always explicit (from `app:get-info`), never the
 * environment's default, so the bench PC, the browser and the tests agree on what "14:05" means.
 */
export interface DateFormatter {
  timeZone: string
  /** Date and time, e.g. "5 Mar 2025, 14:05". Unparseable input is returned as it came. */
  dateTime(iso: string | Date): string
  /** Time only, for today's events in the status bar. */
  time(iso: string | Date): string
  /** Date and time to the second, where steps a few seconds apart are told apart (a bundle's timeline and log). */
  dateTimeSeconds(iso: string | Date): string
}

const fallbackZone = 'UTC'

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return timeZone
  } catch {
    return fallbackZone
  }
}

export function createDateFormatter(timeZone: string, locale?: string): DateFormatter {
  const zone = safeZone(timeZone)
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone })
  const dateTimeSeconds = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: zone })
  const format = (formatter: Intl.DateTimeFormat, value: string | Date) => {
    const date = value instanceof Date ? value : new Date(value)
    return Number.isNaN(date.getTime()) ? String(value) : formatter.format(date)
  }
  return {
    timeZone: zone,
    dateTime: (value) => format(dateTime, value),
    time: (value) => format(time, value),
    dateTimeSeconds: (value) => format(dateTimeSeconds, value),
  }
}
