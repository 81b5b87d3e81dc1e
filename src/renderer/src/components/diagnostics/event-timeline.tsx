import type { ReviewAttempt, ReviewEvent } from '@shared/diagnostics-schemas'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { diagnosticsStrings } from '../../strings/diagnostics'
import { voidedWords } from '@shared/domain/attempt'

const text = diagnosticsStrings.events

type Entry = { at: string; kind: 'event'; event: ReviewEvent } | { at: string; kind: 'attempt'; label: string; serial: string; voided: string | null }

/** Events from the logs and, when given, the attempts' own declarations, in one time order. */
export function mergeTimeline(events: readonly ReviewEvent[], attempts: readonly ReviewAttempt[] = []): Entry[] {
  const entries: Entry[] = [
    ...events.map((event): Entry => ({ at: event.time ?? '', kind: 'event', event })),
    ...attempts.flatMap((a) =>
      a.timeline.map((t): Entry => ({
        at: t.at,
        kind: 'attempt',
        label: t.label,
        serial: a.serialNumber,
        voided: a.voided ? voidedWords(a.voided.reason) : null,
      })),
    ),
  ]
  return entries.sort((x, y) => Date.parse(x.at || '0') - Date.parse(y.at || '0'))
}

/** The review's timeline: each event with what it means (when the docs say), its source, and the raw XML on demand. */
export function EventTimeline({
  events,
  attempts,
  empty = text.empty,
}: {
  events: readonly ReviewEvent[]
  attempts?: readonly ReviewAttempt[]
  /** What to say when there is nothing to show (when no log could be read, "no events" would be a guess). */
  empty?: string
}) {
  const dates = useDateFormatter()
  const entries = mergeTimeline(events, attempts)
  if (entries.length === 0) return <p>{empty}</p>
  return (
    <ol className="diag-event-timeline" data-testid="diag-event-timeline">
      {entries.slice(0, 2000).map((entry, i) =>
        entry.kind === 'attempt' ? (
          <li key={i} data-kind="attempt" data-voided={entry.voided ? 'true' : undefined}>
            <span className="mono">{dates.dateTime(entry.at)}</span> —{' '}
            {entry.voided ? text.voidedAttempt(entry.serial, entry.voided) : text.attempt(entry.serial)}: {entry.label}
          </li>
        ) : (
          <li key={i} data-kind="event" data-severity={entry.event.severity ?? text.levelSeverity(entry.event.level)}>
            <span className="mono">{entry.event.time ? dates.dateTime(entry.event.time) : text.noTime}</span> — <strong>{text.level(entry.event.level)}</strong>{' '}
            {text.eventId(entry.event.eventId)}
            {entry.event.title ? <> — {entry.event.title}</> : null}
            <div className="muted">{entry.event.channel ?? entry.event.provider ?? entry.event.file}</div>
            {entry.event.meaning ? <p>{entry.event.meaning}</p> : <p className="muted">{text.noExplanation}</p>}
            {entry.event.codes.map((c) => (
              <p key={c.code}>
                <span className="mono">{c.code}</span> — {c.title}: {c.meaning}
              </p>
            ))}
            {entry.event.sourceLabel ? (
              <p className="muted">
                {text.source}:{' '}
                {entry.event.links.length
                  ? entry.event.links.map((l) => (
                      <a key={l.url} href={l.url} target="_blank" rel="noreferrer">
                        {l.title}
                      </a>
                    ))
                  : entry.event.sourceLabel}
              </p>
            ) : null}
            <details>
              <summary>{text.showRaw}</summary>
              <pre className="diag-raw-event" tabIndex={0}>
                {entry.event.raw}
              </pre>
            </details>
          </li>
        ),
      )}
    </ol>
  )
}
