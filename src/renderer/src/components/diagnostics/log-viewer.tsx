import { useId, useMemo, useState, type ReactNode } from 'react'
import type { LogLine } from '@shared/diagnostics-schemas'
import { diagnosticsStrings } from '../../strings/diagnostics'
import type { DateFormatter } from '../../format-date'

const text = diagnosticsStrings.log
/** Rendered at a time: a day's log can hold tens of thousands of lines; the filters narrow it first. */
export const logPageSize = 300

const levelMarks: Record<string, string> = { error: '✖', fatal: '✖', warn: '⚠', info: 'ℹ', debug: '·', trace: '·', unreadable: '?' }
/** Shown on their own (time, level, message) or of no use to support (the process id). */
const shownApart = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v'])

/**
 * The line's other fields — a Graph request's status, path, duration and request-id, a correlation
 * id — as "name value" pairs: support needs them, and "graph request" alone says nothing.
 */
export function logLineDetails(raw: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return ''
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return ''
  return Object.entries(parsed as Record<string, unknown>)
    .filter(([key, value]) => !shownApart.has(key) && value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ')
}

/** Level and text filters over the bundle's log slice; newest last, the level as a word and a mark (not colour alone). */
export function LogViewer({ lines, total, note, dates }: { lines: readonly LogLine[]; total: number; note?: ReactNode; dates: DateFormatter }) {
  const ids = useId()
  const [level, setLevel] = useState('')
  const [query, setQuery] = useState('')
  const [limit, setLimit] = useState(logPageSize)
  const levels = useMemo(() => [...new Set(lines.map((l) => l.level))].sort(), [lines])
  const matching = useMemo(() => {
    const q = query.trim().toLowerCase()
    return lines.filter((l) => (!level || l.level === level) && (!q || l.raw.toLowerCase().includes(q)))
  }, [lines, level, query])
  const shown = matching.slice(0, limit)

  return (
    <section className="diag-section" aria-labelledby={`${ids}-h`} data-testid="diag-log">
      <h3 id={`${ids}-h`}>{text.heading}</h3>
      {note}
      <div className="diag-log__filters">
        <label>
          {text.level}{' '}
          <select
            value={level}
            onChange={(event) => {
              setLevel(event.target.value)
              setLimit(logPageSize)
            }}
          >
            <option value="">{text.allLevels}</option>
            {levels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text.filter}{' '}
          <input
            type="search"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value)
              setLimit(logPageSize)
            }}
          />
        </label>
      </div>
      <p className="muted" role="status">
        {text.shown(shown.length, matching.length, total)}
      </p>
      {shown.length === 0 ? (
        <p>{text.empty}</p>
      ) : (
        <ol className="diag-log__lines" tabIndex={0} aria-label={text.heading}>
          {shown.map((line, i) => (
            <li key={i} className={`diag-log__line diag-log__line--${line.level}`} data-level={line.level}>
              {/* Local time to the second like the rest of the review; the log's own UTC time as its tooltip. */}
              <time className="mono" dateTime={line.time} title={line.time}>
                {line.time && !Number.isNaN(Date.parse(line.time)) ? dates.dateTimeSeconds(line.time) : line.time}
              </time>{' '}
              <span className="diag-log__level">
                {levelMarks[line.level] ?? '·'} {line.level}
              </span>{' '}
              <span>{line.msg || line.raw}</span>
              {line.msg ? <LineDetails raw={line.raw} /> : null}
            </li>
          ))}
        </ol>
      )}
      {matching.length > shown.length ? (
        <button type="button" className="button" onClick={() => setLimit(limit + logPageSize)}>
          {text.showMore}
        </button>
      ) : null}
    </section>
  )
}

function LineDetails({ raw }: { raw: string }) {
  const details = logLineDetails(raw)
  return details ? <span className="diag-log__details mono muted"> {details}</span> : null
}
