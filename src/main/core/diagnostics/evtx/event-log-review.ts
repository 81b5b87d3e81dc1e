import type { EventLogReview, ReviewEvent } from '@shared/diagnostics-schemas'
import { knowledgeFor } from '@shared/domain/explain-error'
import { LEARN_PAGES } from '@shared/domain/learn-pages'
import type { ExplanationSource } from './autopilot-events'
import { eventRowOf, type EventLogSummary, type TimelineEvent } from './summarize-event-log'

const sourceOf = (source: ExplanationSource): { label: string; links: ReviewEvent['links'] } => {
  if (source === 'community') return { label: 'Community script Get-AutopilotDiagnostics (not Microsoft documentation)', links: [] }
  const page = LEARN_PAGES[source]
  return { label: `Microsoft Learn: ${page.title}`, links: [{ title: page.title, url: page.url }] }
}

const HRESULT = /\b0x[0-9a-f]{8}\b/gi

/** HRESULTs in the event's data (and nowhere else: the raw XML also holds keywords and ids) that the knowledge base knows. */
function knownCodes(data: TimelineEvent['data']): ReviewEvent['codes'] {
  const codes = new Map<string, ReviewEvent['codes'][number]>()
  for (const d of data)
    for (const match of d.value.matchAll(HRESULT)) {
      const code = `0x${match[0].slice(2).toUpperCase()}`
      const entry = knowledgeFor(code)
      if (entry && !codes.has(code)) codes.set(code, { code, title: entry.title, meaning: entry.meaning })
    }
  return [...codes.values()].slice(0, 5)
}

export function toReviewEvent(file: string, e: TimelineEvent): ReviewEvent {
  const source = e.explanation ? sourceOf(e.explanation.source) : null
  return {
    file,
    ...eventRowOf(e),
    title: e.explanation?.title ?? null,
    meaning: e.explanation?.meaning ?? null,
    severity: e.explanation?.severity ?? null,
    sourceLabel: source?.label ?? null,
    links: source?.links ?? [],
    data: e.data,
    codes: knownCodes(e.data),
    raw: e.raw,
  }
}

/** An event log as the review model carries it; `rows` only when the summary kept them (the CLI). */
export function toEventLogReview(entry: {
  name: string
  size: number
  channel: string | null
  hint: string | null
  summary: EventLogSummary | null
  /** Why the log could not be read at all (the review says so beside it). */
  error?: string | null
}): EventLogReview {
  const s = entry.summary
  return {
    name: entry.name,
    size: entry.size,
    channel: entry.channel,
    hint: entry.hint,
    parsed: s !== null && s.error === null,
    records: s?.records ?? 0,
    damaged: s?.damaged ?? 0,
    problems: s ? (s.error ? [s.error, ...s.problems] : s.problems) : entry.error ? [entry.error] : [],
    events: s ? s.timeline.map((e) => toReviewEvent(entry.name, e)) : [],
    eventsOmitted: s?.timelineOmitted ?? 0,
    ...(s?.rows ? { rows: s.rows } : {}),
  }
}
