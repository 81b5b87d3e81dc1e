import { z } from 'zod'
import { intuneAnswerSchema } from './intune-answer-schemas'

/**
 * Registration by hardware hash (docs/registration.md): the check of one or more hash CSVs before
 * anything is uploaded. `line` is the 1-based physical line of the file (the header is line 1 when
 * nothing precedes it). The same shape is printed by `npm run csv:check`.
 */
export const csvIssueSchema = z.object({ file: z.string(), line: z.number().int(), code: z.string(), message: z.string(), fix: z.string() })
export type CsvIssue = z.infer<typeof csvIssueSchema>

export const csvRepairSchema = z.object({ file: z.string(), line: z.number().int(), code: z.string() })
export type CsvRepair = z.infer<typeof csvRepairSchema>

export const csvWarningSchema = z.object({ file: z.string(), line: z.number().int(), code: z.string(), message: z.string() })
export type CsvWarning = z.infer<typeof csvWarningSchema>

/** A row the app would upload, its values already repaired. */
export const hashCsvRowSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  serialNumber: z.string(),
  productKey: z.string(),
  hardwareHash: z.string(),
  groupTag: z.string(),
  assignedUser: z.string(),
})
export type HashCsvRow = z.infer<typeof hashCsvRowSchema>

export const csvFileSummarySchema = z.object({
  file: z.string(),
  /** utf-8, utf-8 with BOM, utf-16le, utf-16be, ansi (Windows-1252), or '' when it was not text. */
  encoding: z.string(),
  rows: z.number().int(),
  valid: z.number().int(),
  /** False when the file could not be read at all (binary, a workbook, a CAB…): nothing of it is uploaded. */
  readable: z.boolean(),
})
export type CsvFileSummary = z.infer<typeof csvFileSummarySchema>

export const csvCheckReportSchema = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  errors: z.array(csvIssueSchema),
  repaired: z.array(csvRepairSchema),
  warnings: z.array(csvWarningSchema),
})
export type CsvCheckReport = z.infer<typeof csvCheckReportSchema>

/** Dropped files travel as Base64; 20 files and 150 MB of Base64 in one check. */
export const MAX_CHECK_FILES = 20
export const MAX_CHECK_BASE64_CHARS = 150 * 1024 * 1024

export const registrationFileInputSchema = z
  .object({ name: z.string().min(1).max(300), dataBase64: z.string().max(MAX_CHECK_BASE64_CHARS, 'These files are too large to check at once (150 MB).') })
  .strict()

/** A row the check accepted, as the screen lists it (the hash stays in the core). */
export const checkedRowSchema = hashCsvRowSchema.omit({ hardwareHash: true })

export const checkFilesResponseSchema = z.object({
  checkId: z.string(),
  report: csvCheckReportSchema,
  files: z.array(csvFileSummarySchema),
  /** The first rows that would be uploaded (at most 2,000; `report.valid` has the count). */
  rows: z.array(checkedRowSchema),
  /** The bench job the new devices will join (the active job), if any. */
  jobId: z.string().nullable(),
  jobName: z.string().nullable(),
})
export type CheckFilesResponse = z.infer<typeof checkFilesResponseSchema>

/** A check of dropped files not uploaded yet, kept across a restart of the app (registration_imports, state 'draft'). */
export const checkDraftSchema = checkFilesResponseSchema.extend({
  /** When the files were checked: the rows were checked against the cache of that moment. */
  checkedAt: z.string(),
})
export type CheckDraft = z.infer<typeof checkDraftSchema>

export const cleanCsvExportSchema = z.object({
  files: z.array(z.object({ name: z.string(), dataBase64: z.string(), rows: z.number().int() })),
  skipped: z.array(z.object({ file: z.string(), line: z.number().int(), serialNumber: z.string(), reason: z.string() })),
})

export const registrationRowStatusSchema = z.enum(['queued', 'submitting', 'submitted', 'complete', 'error', 'timeout'])
export type RegistrationRowStatus = z.infer<typeof registrationRowStatusSchema>

/** failed: stopped trying after Intune answered with an error 8 times in a row; it waits for Retry or Discard. cancelled: discarded. */
export const registrationStateSchema = z.enum(['draft', 'uploading', 'syncing', 'waiting', 'done', 'failed', 'cancelled'])
export type RegistrationState = z.infer<typeof registrationStateSchema>

export const registrationRowSchema = z.object({
  seq: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  serialNumber: z.string(),
  groupTag: z.string(),
  assignedUser: z.string(),
  batch: z.number().int(),
  status: registrationRowStatusSchema,
  /** Intune's import state as last read (unknown, pending, partial, complete, error). */
  importStatus: z.string(),
  deviceId: z.string().nullable(),
  errorCode: z.number().int().nullable(),
  errorName: z.string().nullable(),
  /** The imported record was deleted after its result was saved. */
  recordDeleted: z.boolean(),
  appearedAt: z.string().nullable(),
  profileStatus: z.string().nullable(),
  joinedJob: z.boolean(),
})
export type RegistrationRow = z.infer<typeof registrationRowSchema>

export const registrationImportSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  state: registrationStateSchema,
  jobId: z.string().nullable(),
  jobName: z.string().nullable(),
  /** What the Autopilot sync step did or waits for (the 10-minute rule). */
  syncMessage: z.string().nullable(),
  /** When the 10-minute rule allows the next Autopilot sync, while the import waits for it (the screen shows it in local time). */
  syncDueAt: z.string().nullable().default(null),
  message: z.string().nullable(),
  /** Intune's own answer behind `message`, when a try failed with one (for "Details for support"). */
  intune: intuneAnswerSchema.nullable().default(null),
  /** Tries in a row that failed (any reason) and, of those, the ones Intune answered with an error (Failed at `maxErrorTries`). */
  failedTries: z.number().int().default(0),
  errorTries: z.number().int().default(0),
  maxErrorTries: z.number().int().default(8),
  /** When the next try is due after a failed one (the screen shows it in local time); null when none failed. */
  nextAttemptAt: z.string().nullable().default(null),
  /** Failed, or waiting between tries: Retry and Discard are offered. */
  canRetry: z.boolean().default(false),
  counts: z.object({
    total: z.number().int(),
    queued: z.number().int(),
    inProgress: z.number().int(),
    registered: z.number().int(),
    failed: z.number().int(),
    appeared: z.number().int(),
    withProfile: z.number().int(),
    joined: z.number().int(),
  }),
  /** Up to 5,000 rows, in file order. */
  rows: z.array(registrationRowSchema),
})
export type RegistrationImport = z.infer<typeof registrationImportSchema>

export const discardImportResponseSchema = z.object({
  discarded: z.boolean(),
  /**
   * Why it was not discarded: Intune has some of its devices and is still processing them, or could not
   * be asked whether it received them (then `evenIfUnchecked` discards it anyway).
   */
  notice: z.object({ kind: z.enum(['processing', 'unchecked']), message: z.string() }).nullable(),
  current: registrationImportSchema,
})

export const recycleActionSchema = z.enum(['delete-intune-record', 'unassign-user', 'delete-autopilot-record', 'check-gone'])

export const recycleStepResultSchema = z.object({
  action: recycleActionSchema,
  done: z.boolean(),
  message: z.string(),
  /** For check-gone: the device is no longer in Intune. */
  gone: z.boolean(),
})
export type RecycleStepResult = z.infer<typeof recycleStepResultSchema>

/**
 * What a device that comes back has, for the recycle steps to offer only those that apply: its Autopilot
 * registration, an Intune device record (managed device), a Microsoft Entra device, an assigned user.
 * Read from Intune when it answers (`source` online); else the cache's last word, and null where the
 * cache cannot tell (a missing link on the Autopilot record is not proof that Intune has no record).
 */
export const recyclePlanSchema = z.object({
  deviceId: z.string(),
  autopilotRecord: z.boolean(),
  intuneRecord: z.boolean().nullable(),
  entraDevice: z.boolean().nullable(),
  userPrincipalName: z.string(),
  source: z.enum(['online', 'cache']),
  /** Why Intune could not be asked, when `source` is cache. */
  notice: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type RecyclePlan = z.infer<typeof recyclePlanSchema>

/** Bulk pre-staging (docs/registration.md › Bulk pre-staging): one job manifest row and where its changes stand. */
export const prestageRowSchema = z.object({
  serialNumber: z.string(),
  deviceId: z.string().nullable(),
  groupTag: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string(),
  /**
   * not-registered: no Autopilot device has this serial; nothing: Intune already shows every value; user-not-found:
   * Intune says the row's user does not exist, so Apply skips the row (it would only be refused at delivery).
   */
  state: z.enum(['not-registered', 'to-apply', 'in-progress', 'done', 'failed', 'nothing', 'user-not-found']),
  /**
   * The row's user by the manifest preview's rule (users/resolve-users.worker.ts): not-found, Intune says no such user;
   * not-checked, not in the users cache and Intune could not be asked (applied anyway: Intune says at delivery). Null: known, or no user.
   */
  userCheck: z.enum(['not-found', 'not-checked']).nullable(),
  changes: z.array(z.object({ kind: z.string(), state: z.string(), message: z.string().nullable() })),
  /** What the technician should know before applying (e.g. hybrid join ignores the device name). */
  notes: z.array(z.string()),
})
export type PrestageRow = z.infer<typeof prestageRowSchema>

export const prestagePlanSchema = z.object({
  jobId: z.string(),
  rows: z.array(prestageRowSchema),
  /**
   * Where the job's group tag leads (group-tag-outcome.ts), said before Apply: `warning` when no profile or
   * not the job's; `losing`: registered devices whose profile the new tag takes away. Null: the job sets no tag.
   */
  groupTag: z
    .object({
      tag: z.string(),
      kind: z.enum(['expected', 'other-profile', 'no-profile', 'some-profile']),
      warning: z.string().nullable(),
      losing: z.number().int(),
    })
    .nullable(),
  counts: z.object({
    rows: z.number().int(),
    notRegistered: z.number().int(),
    toApply: z.number().int(),
    inProgress: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    nothing: z.number().int(),
    userNotFound: z.number().int(),
  }),
  /**
   * Set when users not in the cache were not asked because the app already knew Intune is not answering (Offline, or a
   * sync waiting on a request with no answer): their rows say "not checked (Intune did not answer)" at once, rather
   * than the plan waiting for a lookup of its own to time out. Absent: asked, or could not be asked (signed out).
   */
  usersUnanswered: z.boolean().optional(),
})
export type PrestagePlan = z.infer<typeof prestagePlanSchema>
