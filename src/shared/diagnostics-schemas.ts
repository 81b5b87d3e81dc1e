import { z } from 'zod'
import { isTimeZone } from './domain/day-window'

/**
 * Diagnostics: export a bench bundle, and review one — or Windows' own MDMDiagnostics
 * archive — offline. Review models are plain data for the read-only screen and `diag:inspect`;
 * nothing of an opened archive is ever written to the live cache.
 */

/**
 * What an export covers: one device (its id or serial number), one attempt (its id), one bench job,
 * or one calendar day (`YYYY-MM-DD`): midnight to midnight in the bench's time zone when it is given
 * (an IANA name: the renderer sends its own), in UTC otherwise.
 */
export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('device'), id: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('attempt'), id: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('job'), id: z.string().min(1).max(100) }),
  z.object({
    kind: z.literal('day'),
    id: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD'),
    timeZone: z.string().max(64).refine(isTimeZone, 'a time zone this computer knows (an IANA name such as Europe/Berlin)').optional(),
  }),
])
export type ExportScope = z.infer<typeof exportScopeSchema>

export const redactionFlagsSchema = z
  .object({
    serials: z.boolean().default(false),
    /** UPNs and user display names. */
    users: z.boolean().default(false),
  })
  .strict()

export const exportBundleResponseSchema = z.object({
  fileName: z.string(),
  /** The ZIP itself; small enough to travel in one answer (the log slice is capped at 5 MiB). */
  bytesBase64: z.string(),
  bytes: z.number().int(),
  deviceCount: z.number().int(),
  attemptCount: z.number().int(),
})

export const diagnosticsProgressSchema = z.object({
  step: z.enum(['reading', 'redacting', 'compressing', 'done']),
  done: z.number().int(),
  total: z.number().int(),
})

/** 200 MB archive → about 267 MB of base64. */
export const maxArchiveBytes = 200 * 1024 * 1024
export const maxArchiveBase64Chars = Math.ceil(maxArchiveBytes / 3) * 4

export const openArchiveRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(260),
    bytesBase64: z.string().min(1).max(maxArchiveBase64Chars, 'The archive is larger than 200 MB.'),
  })
  .strict()

const row = z.record(z.string(), z.unknown())

export const reviewErrorSchema = z.object({
  code: z.string(),
  status: z.enum(['known', 'undocumented', 'unknown']),
  title: z.string(),
  meaning: z.string(),
  action: z.string().nullable(),
  steps: z.array(z.string()),
  /** Plain text naming the Microsoft Learn page(s), e.g. `Microsoft Learn: Windows Autopilot - known issues`. */
  citation: z.string().nullable(),
  /** The same pages as links (title + https://learn.microsoft.com URL); empty for archives written before links existed. */
  links: z.array(z.object({ title: z.string(), url: z.string() })).default([]),
})
export type ReviewError = z.infer<typeof reviewErrorSchema>

export const reviewAttemptSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  serialNumber: z.string(),
  jobId: z.string().nullable(),
  phase: z.string(),
  startedAt: z.string(),
  errorCode: z.string().nullable(),
  /** How it ended: 'success', 'failure', 'cancelled' or null; and the next step chosen after a failure (bundles before this have neither). */
  outcome: z.string().nullable().optional(),
  nextAction: z.string().nullable().optional(),
  /** Voided by the technician with a reason: still shown, marked, and left out of the summary QR (bundles before this have none). */
  voided: z.object({ at: z.string(), reason: z.string() }).nullable().optional(),
  /** The technician's declarations in order, as the timeline shows them. */
  timeline: z.array(z.object({ at: z.string(), type: z.string(), label: z.string() })),
})
export type ReviewAttempt = z.infer<typeof reviewAttemptSchema>

export const summaryQrSchema = z.object({
  /** The QR's text: short keys so it stays a small symbol (see summary-qr.ts). */
  text: z.string(),
  serialNumber: z.string(),
  ztdId: z.string(),
  lastError: z.string().nullable(),
  stage: z.string(),
  elapsedSeconds: z.number().nullable(),
})
export type SummaryQr = z.infer<typeof summaryQrSchema>

export const logLineSchema = z.object({ time: z.string(), level: z.string(), msg: z.string(), raw: z.string() })
export type LogLine = z.infer<typeof logLineSchema>

/** One event's System fields, as `diag:inspect` lists them (time: ISO 8601 UTC). */
export const eventRowSchema = z.object({
  recordId: z.number(),
  eventId: z.number().nullable(),
  time: z.string().nullable(),
  provider: z.string().nullable(),
  level: z.number().nullable(),
  channel: z.string().nullable(),
})
export type EventRow = z.infer<typeof eventRowSchema>

/** An event on the review's timeline: its System fields, what it means (when the docs say), its data and raw XML. */
export const reviewEventSchema = eventRowSchema.extend({
  file: z.string(),
  title: z.string().nullable(),
  meaning: z.string().nullable(),
  severity: z.enum(['info', 'warning', 'error']).nullable(),
  /** Whose words the meaning is in: a Microsoft Learn page, or the community script (labelled). */
  sourceLabel: z.string().nullable(),
  links: z.array(z.object({ title: z.string(), url: z.string() })),
  data: z.array(z.object({ name: z.string(), value: z.string() })),
  /** Error codes in the event's data that the knowledge base explains (e.g. the HRESULT of event 171). */
  codes: z.array(z.object({ code: z.string(), title: z.string(), meaning: z.string() })).default([]),
  /** The event as XML text, for "Show raw event". */
  raw: z.string(),
})
export type ReviewEvent = z.infer<typeof reviewEventSchema>

export const eventLogReviewSchema = z.object({
  name: z.string(),
  size: z.number(),
  channel: z.string().nullable(),
  hint: z.string().nullable(),
  parsed: z.boolean().default(false),
  records: z.number().int().default(0),
  /** Chunks skipped or read only in part (bad checksum, cut short, unreadable records). */
  damaged: z.number().int().default(0),
  problems: z.array(z.string()).default([]),
  /** Explained events and critical/error/warning events, in time order (capped; see eventsOmitted). */
  events: z.array(reviewEventSchema).default([]),
  eventsOmitted: z.number().int().default(0),
  /** Every event's System fields: only for `diag:inspect`, never sent to the renderer. */
  rows: z.array(eventRowSchema).optional(),
})
export type EventLogReview = z.infer<typeof eventLogReviewSchema>

export const bundleReviewSchema = z.object({
  kind: z.literal('bundle'),
  fileName: z.string(),
  manifest: z.object({
    formatVersion: z.number(),
    appVersion: z.string(),
    createdAt: z.string(),
    tenant: z.object({ id: z.string(), displayName: z.string() }),
    scope: z.object({
      kind: z.string(),
      id: z.string().nullable(),
      name: z.string().nullable().optional(),
      /** A day's time zone (IANA); a day scope without one is a UTC day. */
      timeZone: z.string().nullable().optional(),
      deviceCount: z.number(),
      since: z.string().nullable(),
    }),
    redaction: z.object({ serials: z.boolean(), users: z.boolean() }),
    files: z.array(z.object({ name: z.string(), bytes: z.number(), sha256: z.string() })),
  }),
  devices: z.array(row),
  profiles: row,
  attempts: z.array(reviewAttemptSchema),
  errors: z.array(reviewErrorSchema),
  outbox: z.array(row),
  audit: z.array(row),
  logLines: z.array(logLineSchema),
  /** Lines in the bundle; more than `logLines.length` when the review shows only the newest. */
  logLineTotal: z.number().int(),
  summaryQr: summaryQrSchema.nullable(),
  /**
   * Bundle files that are missing, do not match their checksum (changed after export) or could not be
   * parsed, by name: the sections built from them say so. None when every file is as exported.
   */
  fileIssues: z.record(z.string(), z.enum(['missing', 'changed', 'unreadable'])).optional(),
  warnings: z.array(z.string()),
  /** Windows event logs (.evtx) inside the bundle, read like a Windows archive's; their events join the attempts' timeline. */
  eventLogs: z.array(eventLogReviewSchema).default([]),
})
export type BundleReviewModel = z.infer<typeof bundleReviewSchema>

export const windowsFindingSchema = z.object({ label: z.string(), value: z.string(), meaning: z.string().nullable(), source: z.string() })

export const windowsReviewSchema = z.object({
  kind: z.literal('windows'),
  fileName: z.string(),
  archiveKind: z.enum(['mdm-diagnostics', 'intune-diagnostics', 'event-log', 'unknown']),
  /** The file's format, from its first bytes (a CAB without known files is not "a ZIP"); absent in reviews from before it. */
  container: z.enum(['zip', 'cab', 'evtx']).optional(),
  tenant: z.object({ id: z.string().nullable(), domain: z.string().nullable(), source: z.string() }).nullable(),
  found: z.array(windowsFindingSchema),
  notFound: z.array(z.string()),
  esp: z.array(z.object({ scope: z.string(), category: z.string(), id: z.string(), state: z.string(), meaning: z.string().nullable() })),
  ztd: z
    .object({ name: z.string(), fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), missing: z.array(z.string()) })
    .nullable(),
  eventLogs: z.array(eventLogReviewSchema),
  /** Files present but not read (event logs, CABs, CSVs…), and files that could not be read, with why. */
  notParsed: z.array(z.object({ name: z.string(), size: z.number(), reason: z.string() })),
  summaryQr: summaryQrSchema.nullable(),
  warnings: z.array(z.string()),
})
export type WindowsReviewModel = z.infer<typeof windowsReviewSchema>

/**
 * Names beside ids, added after the archive is read (core/diagnostics/review-names.ts): lower-case
 * GUID → name from the tenant's app catalogue, and why names are missing when they are.
 */
export const reviewNamesSchema = { names: z.record(z.string(), z.string()).optional(), namesNote: z.string().optional() }

export const archiveReviewSchema = z.discriminatedUnion('kind', [bundleReviewSchema.extend(reviewNamesSchema), windowsReviewSchema.extend(reviewNamesSchema)])
export type ArchiveReview = z.infer<typeof archiveReviewSchema>
