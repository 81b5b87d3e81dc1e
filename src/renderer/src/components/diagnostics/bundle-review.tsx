import type { BundleReviewModel, ReviewAttempt } from '@shared/diagnostics-schemas'
import { diagnosticsStrings } from '../../strings/diagnostics'
import { EventTimeline } from './event-timeline'
import { LogViewer } from './log-viewer'
import { LearnLinks } from '../learn-citation'
import { SummaryQrCard } from './summary-qr-card'
import { RowsTable, Warnings, yesNo } from './review-parts'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { bundleScopeLabel } from '@shared/domain/bundle-scope'
import { attemptStageWords, formatElapsed, voidedWords } from '@shared/domain/attempt'
import { auditActionWords } from '@shared/domain/audit-words'
import { inWords } from '@shared/domain/words'
import { joinTypeWords, profileStatusWords } from '@shared/domain/enrollment-words'
import type { ChangeKind } from '@shared/change-schemas'
import { describeValues } from '../../change-values'
import { strings } from '../../strings'
import { ordersStrings } from '../../strings/orders'
import type { DateFormatter } from '../../format-date'

const text = diagnosticsStrings.review
const changeWords = strings.changes
const statusMark: Record<string, string> = { known: 'ℹ', undocumented: '?', unknown: '?' }

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null

/** A JSON column of the bundle's SQLite rows (payload, base_value, details), or null when it is not a JSON object. */
function jsonColumn(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null
  try {
    return asRecord(JSON.parse(value))
  } catch {
    return null
  }
}

const changeKindWords = inWords(changeWords.kind)
const changeStateWords = inWords(changeWords.state)
const isChangeKind = (kind: unknown): kind is ChangeKind => typeof kind === 'string' && Object.hasOwn(changeWords.kind, kind)
const asValues = (record: Record<string, unknown> | null) =>
  record ? (Object.fromEntries(Object.entries(record).filter(([key, value]) => key !== 'kind' && typeof value === 'string')) as Record<string, string>) : null
/**
 * "BENCH-LDN → WALK-TAG" for a change's values; the raw text when the kind is not one this version
 * knows, or the new value is not readable (a damaged file reads as what it holds, not "(none)").
 */
const fromTo = (kind: unknown, from: Record<string, unknown> | null, to: Record<string, unknown> | null, raw: unknown) =>
  isChangeKind(kind) && to !== null ? `${describeValues(kind, asValues(from))} → ${describeValues(kind, asValues(to))}` : String(raw ?? '')
/**
 * An audit entry's details: a change as from → to, an attempt step (an undone one) as "Provision pressed
 * at 11:10:44 AM", anything else as "name: value" pairs.
 */
function auditDetails(action: unknown, details: unknown, dates: DateFormatter): string {
  const record = jsonColumn(details)
  if (!record) return String(details ?? '')
  if (isChangeKind(action)) return fromTo(action, asRecord(record.base), asRecord(record.intended), details)
  const inWords = (value: unknown) => {
    const step = asRecord(value)
    if (step && typeof step['type'] === 'string' && typeof step['at'] === 'string') {
      return text.auditStep(ordersStrings.undo.event[step['type']] ?? step['type'], dates.dateTimeSeconds(step['at']))
    }
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
  }
  return Object.entries(record)
    .map(([key, value]) => `${key}: ${inWords(value)}`)
    .join('; ')
}

/** Provision press to the outcome (success or failure) as the Bench counts it, from the timeline; null while none. */
function elapsedOf(timeline: ReviewAttempt['timeline']): string | null {
  const start = timeline.find((step) => step.type === 'provision-pressed')
  const end = timeline.find((step) => step.type === 'succeeded' || step.type === 'failed')
  if (!start || !end) return null
  const ms = Date.parse(end.at) - Date.parse(start.at)
  return Number.isNaN(ms) || ms < 0 ? null : formatElapsed(ms)
}

/** Our bundle, read-only: what was exported, exactly — timeline, errors explained, snapshots, log. */
export function BundleReview({ review }: { review: BundleReviewModel }) {
  const m = review.manifest
  // Times in the technician's locale and the tenant's zone; the raw ISO stays in the bundle's files.
  const dates = useDateFormatter()
  // Devices by serial number where the bundle has their snapshot (a pseudonym when serials are redacted).
  const serialOf = new Map(review.devices.map((device) => [String(device['id']), String(device['serialNumber'] ?? '')]))
  const device = (id: unknown) => serialOf.get(String(id)) || String(id ?? '')
  const when = (at: unknown) => (typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? dates.dateTime(at) : String(at ?? ''))
  const outbox = review.outbox.map((row) => ({
    ...row,
    values: fromTo(row['kind'], jsonColumn(row['base_value']), jsonColumn(row['payload']), row['payload']),
    error: jsonColumn(row['last_error'])?.['message'] ?? row['last_error'],
  }))
  const audit = review.audit.map((row) => ({ ...row, summary: auditDetails(row['action'], row['details'], dates) }))
  // A section built from a missing, damaged or changed file says so where it is read, not only in the warnings at the top.
  const issues = review.fileIssues ?? {}
  const unread = (file: string, what: string) => {
    const issue = issues[file]
    return issue === 'missing' || issue === 'unreadable' ? (
      <p className="diag-file-note" data-file-issue={issue}>
        {text.fileUnread(what, file, issue)}
      </p>
    ) : null
  }
  const changed = (file: string) =>
    issues[file] === 'changed' ? (
      <p className="diag-file-note" data-file-issue="changed">
        {text.fileChanged(file)}
      </p>
    ) : null
  return (
    <div className="diag-review" data-testid="diag-review" data-kind="bundle">
      <p>{text.bundleFrom(m.tenant.displayName, dates.dateTime(m.createdAt), m.appVersion)}</p>
      <p className="muted">
        {m.scope.name
          ? text.jobScope(m.scope.name, m.scope.deviceCount)
          : text.scope(
              m.scope.kind,
              m.scope.kind === 'day' && m.scope.id
                ? text.dayScope(m.scope.id, m.scope.timeZone ?? 'UTC')
                : bundleScopeLabel(
                    m.scope,
                    review.devices.map((device) => device['serialNumber']),
                  ),
              m.scope.deviceCount,
            )}
      </p>
      {/* Words, not a lock emoji: machines without an emoji font showed an empty box. */}
      {m.redaction.serials || m.redaction.users ? (
        <p>
          <strong>{text.redactedLabel}</strong> {text.redacted(m.redaction.serials, m.redaction.users)}
        </p>
      ) : null}
      <Warnings warnings={review.warnings} />
      {review.summaryQr ? <SummaryQrCard qr={review.summaryQr} note={changed('attempts.json')} /> : null}

      <section className="diag-section" aria-label={text.timeline} data-testid="diag-timeline">
        <h3>{text.timeline}</h3>
        {changed('attempts.json')}
        {unread('attempts.json', text.attemptsWhat) ??
          (review.attempts.length === 0 ? (
            <p>{text.noAttempts}</p>
          ) : (
            review.attempts.map((a) => (
              <article key={`${a.deviceId}-${a.id}`} className="diag-attempt" data-phase={a.phase} data-voided={a.voided ? 'true' : undefined}>
                <h4>
                  {text.attemptTitle(a.serialNumber || a.deviceId, a.startedAt ? dates.dateTime(a.startedAt) : '')}
                  {a.voided ? ` · ${voidedWords(a.voided.reason)}` : ''} · {attemptStageWords(a)}
                  {/* A failure's words carry its code; anything else with a code (a format-1 row) shows it after. */}
                  {a.errorCode && !attemptStageWords(a).includes(a.errorCode) ? ` · ${a.errorCode}` : ''}
                  {elapsedOf(a.timeline) ? ` · ${text.attemptElapsed(elapsedOf(a.timeline)!)}` : ''}
                </h4>
                {/* Kept as evidence, but not a real attempt: the bench, the hand-over report and the summary QR leave it out. */}
                {a.voided ? (
                  <p className="muted">{text.voidedNote(a.voided.at && !Number.isNaN(Date.parse(a.voided.at)) ? dates.dateTime(a.voided.at) : '')}</p>
                ) : null}
                <ol>
                  {a.timeline.map((t, i) => (
                    <li key={i}>
                      <time dateTime={t.at}>{dates.dateTimeSeconds(t.at)}</time> {t.label}
                    </li>
                  ))}
                </ol>
              </article>
            ))
          ))}
      </section>

      {review.eventLogs.some((log) => log.events.length > 0) ? (
        <section className="diag-section" aria-label={text.mergedTimeline} data-testid="diag-events">
          <h3>{text.mergedTimeline}</h3>
          <EventTimeline events={review.eventLogs.flatMap((log) => log.events)} attempts={review.attempts} />
        </section>
      ) : null}

      <section className="diag-section" aria-label={text.errors} data-testid="diag-errors">
        <h3>{text.errors}</h3>
        {changed('errors.json')}
        {unread('errors.json', text.errorsWhat) ??
          (review.errors.length === 0 ? (
            <p>{text.noErrors}</p>
          ) : (
            review.errors.map((e) => (
              <article key={e.code} className="diag-error" data-status={e.status}>
                <h4>
                  <span aria-hidden="true">{statusMark[e.status]} </span>
                  <span className="mono">{e.code}</span> — {e.title}
                </h4>
                <p className="muted">{text.status[e.status]}</p>
                <p>{e.meaning}</p>
                {e.steps.length ? (
                  <>
                    <p>
                      <strong>{text.whatToDo}</strong>
                    </p>
                    <ol>
                      {e.steps.map((s, i) => (
                        <li key={i}>{s}</li>
                      ))}
                    </ol>
                  </>
                ) : null}
                {e.links.length ? (
                  <p className="muted">
                    <LearnLinks pages={e.links} />
                  </p>
                ) : e.citation ? (
                  <p className="muted">{e.citation}</p>
                ) : null}
              </article>
            ))
          ))}
      </section>

      <section className="diag-section" aria-label={text.devices}>
        <h3>{text.devices}</h3>
        {changed('devices.json')}
        {unread('devices.json', text.devices) ?? (
          <RowsTable
            rows={review.devices}
            columns={[
              ['serialNumber', text.deviceColumns.serial],
              ['model', text.deviceColumns.model],
              ['groupTag', text.deviceColumns.groupTag],
              ['userPrincipalName', text.deviceColumns.user],
              ['profileStatus', text.deviceColumns.profile, (value) => profileStatusWords(String(value ?? ''))],
            ]}
          />
        )}
      </section>
      <section className="diag-section" aria-label={text.profiles}>
        <h3>{text.profiles}</h3>
        <RowsTable
          rows={Array.isArray(review.profiles.profiles) ? (review.profiles.profiles as Array<Record<string, unknown>>) : []}
          columns={[
            ['display_name', 'Profile'],
            ['join_type', 'Join type', (value) => joinTypeWords(String(value ?? ''))],
            ['pre_provisioning_allowed', 'Allow pre-provisioned deployment', yesNo],
            ['device_name_template', 'Device name template'],
          ]}
        />
      </section>
      <section className="diag-section" aria-label={text.outbox}>
        <h3>{text.outbox}</h3>
        {changed('outbox.json')}
        {unread('outbox.json', text.outbox) ?? (
          <RowsTable
            rows={outbox}
            columns={[
              ['created_at', text.outboxColumns.created, when],
              ['device_id', text.outboxColumns.device, device],
              ['kind', text.outboxColumns.change, (kind) => changeKindWords(String(kind ?? ''))],
              ['values', text.outboxColumns.values],
              ['state', text.outboxColumns.state, (state) => changeStateWords(String(state ?? ''))],
              ['error', text.outboxColumns.lastError],
            ]}
          />
        )}
      </section>
      <section className="diag-section" aria-label={text.audit}>
        <h3>{text.audit}</h3>
        {changed('audit.json')}
        {unread('audit.json', text.audit) ?? (
          <RowsTable
            rows={audit}
            columns={[
              ['at', text.auditColumns.at, when],
              ['action', text.auditColumns.action, (action) => auditActionWords(String(action ?? ''))],
              ['device_id', text.auditColumns.device, (id) => (id === null || id === undefined ? text.none : device(id))],
              ['summary', text.auditColumns.details],
            ]}
          />
        )}
      </section>
      <LogViewer
        dates={dates}
        lines={review.logLines}
        total={review.logLineTotal}
        note={unread('app-log.jsonl', diagnosticsStrings.log.heading) ?? changed('app-log.jsonl')}
      />
      <details className="diag-section">
        <summary>
          {text.files} ({m.files.length})
        </summary>
        <ul>
          {m.files.map((f) => (
            <li key={f.name}>
              <span className="mono">{f.name}</span> — {f.bytes} B
            </li>
          ))}
        </ul>
      </details>
    </div>
  )
}
