import type { ArchiveReview } from '@shared/diagnostics-schemas'

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
      filesNotParsed: [],
      warnings: review.warnings,
    }
  }
  return {
    kind: review.archiveKind === 'unknown' ? 'unknown-zip' : review.archiveKind,
    file: review.fileName,
    tenant: review.tenant,
    devices: [],
    attempts: [],
    errors: [],
    registryFindings: { found: review.found, notFound: review.notFound, esp: review.esp },
    ztdFile: review.ztd,
    eventLogs: review.eventLogs,
    filesNotParsed: review.notParsed,
    warnings: review.warnings,
  }
}
