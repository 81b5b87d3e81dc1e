import type { WindowsReviewModel } from '@shared/diagnostics-schemas'
import { diagnosticsStrings } from '../../strings/diagnostics'
import { EventTimeline } from './event-timeline'
import { fileSize, RowsTable, Warnings } from './review-parts'

const text = diagnosticsStrings.windows

/** Windows' own diagnostics in three plain sections: what was found, what was not, what could not be read. */
export function WindowsReview({ review }: { review: WindowsReviewModel }) {
  const c = text.columns
  // A log that could not be read is not listed as read with 0 events: its count says "not read" and why.
  // No event and every chunk damaged is such a log too (the core says so; a model from elsewhere may not).
  const wasRead = (log: (typeof review.eventLogs)[number]) => log.parsed && !(log.records === 0 && log.damaged > 0)
  const logs = review.eventLogs.map((log) =>
    wasRead(log) ? log : { ...log, records: text.logNotRead(log.problems[0] ?? null), damaged: log.damaged > 0 ? log.damaged : text.none },
  )
  const readable = review.eventLogs.filter(wasRead).length
  return (
    <div className="diag-review" data-testid="diag-review" data-kind="windows">
      <p>
        <strong>{review.archiveKind === 'unknown' ? text.unknownKind(review.container) : text.kinds[review.archiveKind]}</strong> —{' '}
        <span className="mono">{review.fileName}</span>
      </p>
      <p>
        {review.tenant
          ? text.tenant(review.tenant.id, review.tenant.domain, review.tenant.source)
          : review.archiveKind === 'event-log'
            ? text.noTenantInEventLog
            : text.noTenant}
      </p>
      <Warnings warnings={review.warnings} />
      {review.eventLogs.length ? (
        <section className="diag-section" aria-label={text.timeline} data-testid="diag-events">
          <h3>{text.eventLogs}</h3>
          <RowsTable
            rows={logs}
            columns={[
              ['name', c.file],
              ['channel', c.channel],
              ['size', c.size, fileSize],
              ['records', c.records],
              ['damaged', c.damaged],
              ['hint', c.meaning],
            ]}
          />
          {/* The logs first, then what they hold: the heading sits right above its events (or their absence). */}
          <h3>{text.timeline}</h3>
          <EventTimeline
            events={review.eventLogs.flatMap((log) => log.events)}
            empty={readable === 0 ? text.noLogRead : readable < review.eventLogs.length ? text.noEventsInReadLogs : undefined}
          />
          {review.eventLogs.some((log) => log.eventsOmitted > 0) ? (
            <p className="muted">{text.timelineOmitted(review.eventLogs.reduce((n, log) => n + log.eventsOmitted, 0))}</p>
          ) : null}
        </section>
      ) : null}
      <section className="diag-section" aria-label={text.found} data-testid="diag-found">
        <h3>
          ✓ {text.found} ({review.found.length})
        </h3>
        <RowsTable
          rows={review.found}
          columns={[
            ['label', c.name],
            ['value', c.value],
            ['meaning', c.meaning],
            ['source', c.source],
          ]}
        />
        {review.esp.length ? (
          <>
            <h4>{text.esp}</h4>
            <RowsTable
              rows={review.esp}
              columns={[
                ['scope', c.scope],
                ['category', c.category],
                ['id', c.item],
                ['state', c.state],
                ['meaning', c.meaning],
              ]}
            />
          </>
        ) : null}
        {review.ztd ? (
          <>
            <h4>{text.ztd}</h4>
            <RowsTable
              rows={Object.entries(review.ztd.fields).map(([label, value]) => ({ label, value }))}
              columns={[
                ['label', c.name],
                ['value', c.value],
              ]}
            />
          </>
        ) : null}
      </section>
      <section className="diag-section" aria-label={text.notFound} data-testid="diag-not-found">
        <h3>
          ✗ {text.notFound} ({review.notFound.length})
        </h3>
        {review.notFound.length ? (
          <ul>
            {review.notFound.map((n) => (
              <li key={n} className="mono">
                {n}
              </li>
            ))}
          </ul>
        ) : (
          <p>{text.nothing}</p>
        )}
      </section>
      <section className="diag-section" aria-label={text.notRead} data-testid="diag-not-read">
        <h3>
          ⚠ {text.notRead} ({review.notParsed.length})
        </h3>
        <RowsTable
          rows={review.notParsed}
          columns={[
            ['name', c.file],
            ['size', c.size, fileSize],
            ['reason', c.reason],
          ]}
        />
      </section>
    </div>
  )
}
