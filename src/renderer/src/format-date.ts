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
  /**
   * A sentence written by the core with its times as "2024-06-25 14:07 UTC" (the same for every reader
   * of an export), with those times in this formatter's zone, as the rest of the window shows them.
   */
  inText(text: string): string
  /** The time alone for an instant of today (in this zone), the date and time otherwise: where space is short (the status bar). */
  sinceToday(iso: string | Date, now?: Date): string
}

/** How shared/domain writes a time into a sentence (readiness reasons): minutes, in UTC. */
const utcMinuteInText = /\b(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC\b/g

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
  const day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone })
  const format = (formatter: Intl.DateTimeFormat, value: string | Date) => {
    const date = value instanceof Date ? value : new Date(value)
    return Number.isNaN(date.getTime()) ? String(value) : formatter.format(date)
  }
  return {
    timeZone: zone,
    dateTime: (value) => format(dateTime, value),
    time: (value) => format(time, value),
    dateTimeSeconds: (value) => format(dateTimeSeconds, value),
    sinceToday: (value, now = new Date()) => {
      const date = value instanceof Date ? value : new Date(value)
      if (Number.isNaN(date.getTime())) return String(value)
      return day.format(date) === day.format(now) ? time.format(date) : dateTime.format(date)
    },
    inText: (text) =>
      text.replace(utcMinuteInText, (written, day: string, minute: string) => {
        const date = new Date(`${day}T${minute}:00Z`)
        return Number.isNaN(date.getTime()) ? written : dateTime.format(date)
      }),
  }
}
