/**
 * One event log file as the review and `diag:inspect` show it: how many records were read, how many
 * chunks were damaged, every event's System fields (for the CLI), and a timeline of the events worth
 * a technician's attention — the explained Autopilot events and any critical, error or warning event —
 * each with its XML for "show raw event".
 */
import type { EventRow } from '@shared/diagnostics-schemas'
import { explainEvent, type EventExplanation } from './autopilot-events'
import { EvtxFormatError } from './evtx-error'
import { readEvtx } from './read-evtx'

export type { EventRow }

/** An event's System fields, as the CLI lists them and every timeline entry starts (eventRowSchema). */
export const eventRowOf = (event: EventRow): EventRow => ({
  recordId: event.recordId,
  eventId: event.eventId,
  time: event.time,
  provider: event.provider,
  level: event.level,
  channel: event.channel,
})

export interface TimelineEvent extends EventRow {
  explanation: EventExplanation | null
  data: Array<{ name: string; value: string }>
  /** The event's XML, cut at `maxRawChars`. */
  raw: string
}

export interface EventLogSummary {
  file: string
  records: number
  damaged: number
  /** Channels the events name, most frequent first. */
  channels: string[]
  /** Every event, ordered by record id; only when asked for (the CLI), else null. */
  rows: EventRow[] | null
  /** Explained events and level 1–3 events, in time order, at most `maxTimeline`. */
  timeline: TimelineEvent[]
  /** Timeline candidates left out because of the cap. */
  timelineOmitted: number
  problems: string[]
  /** The file could not be read at all (not EVTX, cut inside its header); null otherwise. */
  error: string | null
}

export interface SummarizeOptions {
  rows?: boolean
  maxTimeline?: number
  maxRawChars?: number
}

const LEVEL_WORTH_SHOWING = (level: number | null) => level !== null && level >= 1 && level <= 3

export function summarizeEventLog(bytes: Uint8Array, file: string, options: SummarizeOptions = {}): EventLogSummary {
  const maxTimeline = options.maxTimeline ?? 500
  const summary: EventLogSummary = {
    file,
    records: 0,
    damaged: 0,
    channels: [],
    rows: options.rows ? [] : null,
    timeline: [],
    timelineOmitted: 0,
    problems: [],
    error: null,
  }
  const channels = new Map<string, number>()
  let explainedKept = 0
  try {
    const result = readEvtx(bytes, {
      onEvent: (event, xml) => {
        const row = eventRowOf(event)
        summary.rows?.push(row)
        if (event.channel) channels.set(event.channel, (channels.get(event.channel) ?? 0) + 1)
        const explanation = explainEvent(event)
        if (!explanation && !LEVEL_WORTH_SHOWING(event.level)) return
        // Explained events take precedence over unexplained warnings when the cap is reached.
        if (summary.timeline.length >= maxTimeline) {
          const drop = explanation && explainedKept < maxTimeline ? summary.timeline.findIndex((t) => t.explanation === null) : -1
          if (drop < 0) {
            summary.timelineOmitted += 1
            return
          }
          summary.timeline.splice(drop, 1)
          summary.timelineOmitted += 1
        }
        if (explanation) explainedKept += 1
        summary.timeline.push({ ...row, explanation, data: event.data, raw: xml().slice(0, options.maxRawChars ?? 32_000) })
      },
    })
    summary.records = result.records
    summary.damaged = result.damaged
    summary.problems =
      result.problemCount > result.problems.length ? [...result.problems, `…and ${result.problemCount - result.problems.length} more.`] : result.problems
    if (result.dirty) summary.problems.unshift('The log was copied while Windows had it open (marked dirty); every chunk present was read.')
    // Every chunk damaged and no event read is a log that could not be read, not a log without problems:
    // the review lists it as not read and the timeline says none could be read (docs/diagnostics.md › Event logs).
    if (result.records === 0 && result.damaged > 0)
      summary.error =
        result.damaged === 1
          ? 'no event could be read: its only chunk is damaged or cut short (the file may have been copied only in part)'
          : `no event could be read: all ${result.damaged} of its chunks are damaged or cut short (the file may have been copied only in part)`
  } catch (error) {
    if (!(error instanceof EvtxFormatError)) throw error
    summary.error = error.message
  }
  summary.rows?.sort((a, b) => a.recordId - b.recordId)
  summary.timeline.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || a.recordId - b.recordId)
  summary.channels = [...channels].sort((a, b) => b[1] - a[1]).map(([c]) => c)
  return summary
}
