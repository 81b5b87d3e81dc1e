import type { ArchiveReview, EventRow } from '@shared/diagnostics-schemas'
import { eventRowOf } from '../evtx/summarize-event-log'

/** The CLI's event-log contract: per file, the records read, every event's System fields (ISO 8601 UTC time) and the damaged chunk count. */
export function eventLogsSummary(review: ArchiveReview): Array<{ file: string; records: number; events: EventRow[]; damaged: number }> {
  return review.eventLogs
    .filter((log) => log.parsed)
    .map((log) => ({
      file: log.name,
      records: log.records,
      events: (log.rows ?? []).map(eventRowOf),
      damaged: log.damaged,
    }))
}

/** The JSON support staff get from `diag:inspect`: the same review the app shows, summarised for a ticket. */
export function inspectSummary(review: ArchiveReview) {
  if (review.kind === 'bundle') {
    return {
      kind: 'autopilot-bench-bundle',
      file: review.fileName,
      formatVersion: review.manifest.formatVersion,
      createdAt: review.manifest.createdAt,
      tenant: review.manifest.tenant,
      scope: review.manifest.scope,
      redaction: review.manifest.redaction,
      devices: review.devices.map((d) => ({ id: d.id, serialNumber: d.serialNumber, model: d.model, profileStatus: d.profileStatus })),
      attempts: review.attempts.map(({ timeline: _timeline, ...attempt }) => attempt),
      errors: review.errors,
      summaryQr: review.summaryQr?.text ?? null,
      logLines: review.logLineTotal,
      registryFindings: null,
      eventLogs: eventLogsSummary(review),
      filesNotParsed: [],
      warnings: review.warnings,
    }
  }
  return {
    kind: review.archiveKind === 'unknown' ? `unknown-${review.container ?? 'zip'}` : review.archiveKind,
    file: review.fileName,
    tenant: review.tenant,
    devices: [],
    attempts: [],
    errors: [],
    registryFindings: review.archiveKind === 'event-log' ? null : { found: review.found, notFound: review.notFound, esp: review.esp },
    ztdFile: review.ztd,
    eventLogs: eventLogsSummary(review),
    filesNotParsed: review.notParsed,
    warnings: review.warnings,
  }
}
