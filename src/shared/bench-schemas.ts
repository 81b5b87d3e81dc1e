import { z } from 'zod'
import { attemptEventSchema, attemptStateSchema } from './domain/attempt'
import { readinessBadgeSchema } from './card-schemas'

/**
 * Bench jobs (docs/bench-jobs.md), the bench (§8) and pre-provisioning attempts (§7). A job is one customer
 * or purchase order: what every device of it should end up with. Attempts are recorded by the
 * technician (Intune has no live progress signal) and replayed through the pure attemptReducer.
 */
export const benchJobInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the job a name (e.g. the customer order).').max(100),
  purchaseOrder: z.string().trim().max(100).default(''),
  expectedProfileId: z.string().max(100).nullable().default(null),
  groupTag: z.string().trim().max(512).default(''),
  deviceNameTemplate: z.string().trim().max(64).default(''),
})
export type BenchJobInput = z.input<typeof benchJobInputSchema>

export const benchJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  purchaseOrder: z.string(),
  tenantId: z.string(),
  expectedProfileId: z.string().nullable(),
  expectedProfileName: z.string().nullable(),
  groupTag: z.string(),
  deviceNameTemplate: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  manifestRows: z.number().int(),
})
export type BenchJob = z.infer<typeof benchJobSchema>

/** One row of a job manifest CSV: serial → user (UPN), user friendly name, device name. */
/** A manifest CSV's largest text (characters): an order of tens of thousands of rows, or an Intune hash CSV used as one. */
export const MAX_MANIFEST_CSV_CHARS = 5_000_000
export const manifestCsvSchema = z.string().max(MAX_MANIFEST_CSV_CHARS, 'A manifest CSV may be at most 5 MB.')
/**
 * The request body that carries one, for the loopback transport's size cap (1 MiB by default): UTF-8
 * takes up to 3 bytes a character, and JSON's escapes stay within that for CSV text.
 */
export const MAX_MANIFEST_REQUEST_BYTES = MAX_MANIFEST_CSV_CHARS * 3 + 64 * 1024

export const manifestRowSchema = z.object({
  serialNumber: z.string(),
  userPrincipalName: z.string(),
  addressableUserName: z.string(),
  displayName: z.string(),
})
export type ManifestRow = z.infer<typeof manifestRowSchema>

/** One manifest row as the technician edits it (the same checks as a CSV row). */
export const manifestRowInputSchema = z.object({
  serialNumber: z.string().trim().min(1, 'Enter the serial number.').max(100),
  userPrincipalName: z.string().trim().max(320).default(''),
  addressableUserName: z.string().trim().max(256).default(''),
  displayName: z.string().trim().max(64).default(''),
})

/** What a re-import would do to the job's manifest; nothing is written until the technician confirms. */
export const manifestDiffSchema = z.object({
  added: z.array(manifestRowSchema),
  changed: z.array(z.object({ before: manifestRowSchema, after: manifestRowSchema })),
  /** On the manifest now, not in the new file: removed when the import replaces the manifest. */
  removed: z.array(manifestRowSchema),
  unchanged: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  /** Header names of the file's columns the manifest does not read (shown so no column is dropped unseen). */
  unusedColumns: z.array(z.string()),
  /** Numeric serials not in the cache as written but with zeros in front: Excel's doing (shown before the import). */
  leadingZerosLost: z.array(z.object({ serialNumber: z.string(), inIntune: z.string() })),
  /** With restoreLeadingZeros: how many serials were given Intune's form (zeros in front). */
  leadingZerosRestored: z.number().int(),
  /**
   * Users the rows to import name that are not known to exist: 'not-found' when Intune says there is no such user,
   * 'not-checked' when they are not in the users cache and Intune could not be asked (offline, not signed in).
   */
  usersUnknown: z
    .array(z.object({ userPrincipalName: z.string(), serialNumbers: z.array(z.string()), state: z.enum(['not-found', 'not-checked']) }))
    .optional(),
})
export type ManifestDiff = z.infer<typeof manifestDiffSchema>

export const manifestImportResultSchema = z.object({
  imported: z.number().int(),
  /** Problems by CSV line (1 = header); rows with errors are not imported, the rest are. */
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
})

/** Where a device at the bench stands. */
export const benchStageSchema = z.enum(['scanned', 'ready', 'provisioning', 'succeeded', 'resealed', 'failed'])
export type BenchStage = z.infer<typeof benchStageSchema>

/** An attempt set aside by the technician (a stray key, a test press): kept for the audit, left out of the bench and the report. */
export const attemptVoidSchema = z.object({ at: z.string(), reason: z.string() })

export const attemptRecordSchema = z.object({
  attemptNumber: z.number().int(),
  deviceId: z.string(),
  jobId: z.string().nullable(),
  state: attemptStateSchema,
  voided: attemptVoidSchema.nullable().optional(),
})
export type AttemptRecord = z.infer<typeof attemptRecordSchema>

export const benchDeviceSchema = z.object({
  deviceId: z.string(),
  serialNumber: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  jobId: z.string().nullable(),
  stage: benchStageSchema,
  addedAt: z.string(),
  stageSince: z.string(),
  /** The latest attempt, if any. */
  attempt: attemptRecordSchema.nullable(),
  attemptCount: z.number().int(),
  /** Against the job's manifest: 'listed', 'not-listed' (flag it), or null when there is no job or the job has no manifest. */
  manifest: z.enum(['listed', 'not-listed']).nullable().optional(),
  /** The readiness check against the device's job, in one word and one next action; null when the device left the cache. */
  readiness: readinessBadgeSchema.nullable(),
  /**
   * False when the device is no longer in the cache: Intune no longer lists it (deleted there), or the
   * cache is being rebuilt after a repair. The bench row stays (it is the technician's record).
   */
  inCache: z.boolean().optional(),
  /** Out of the cache because this app deleted its Autopilot record (Register devices › Recycle), and when. */
  deletedHereAt: z.string().nullable().optional(),
  /** When the device's cached record was last read from Intune (a sync, a scan's or the bench's refresh); null when unknown. */
  checkedAt: z.string().nullable().optional(),
  /**
   * The device was resealed for another job (its latest attempt) and has not been provisioned for this one: the row
   * shows its stage for this job, not that job's "Resealed", and P asks first (the one-time limit). Absent otherwise.
   */
  resealedBefore: z
    .object({ jobId: z.string(), jobName: z.string().nullable(), attemptNumber: z.number().int(), resealedAt: z.string().nullable() })
    .nullable()
    .optional(),
})
export type BenchDevice = z.infer<typeof benchDeviceSchema>

/**
 * What "Remove from bench" took away, exactly (bench:remove-device): the bench row and the device's visit to the
 * job it was under (which puts it in that job's hand-over report). Its attempts and scans are never removed.
 * Given back to bench:restore-device, it puts the device back as it was (Undo).
 */
export const benchRemovalSchema = z.object({
  deviceId: z.string().min(1).max(100),
  serialNumber: z.string().max(200),
  jobId: z.string().max(100).nullable(),
  addedAt: z.string().max(40),
  stage: benchStageSchema,
  stageSince: z.string().max(40),
  /** When the device was first scanned for that job (bench_job_devices); null when it was under no job. */
  visitFirstScannedAt: z.string().max(40).nullable(),
})
export type BenchRemoval = z.infer<typeof benchRemovalSchema>

/** Hand-over status: pending = seen at the bench but not finished; not-seen = on the manifest, never scanned. */
export const handoverStatusSchema = z.enum(['resealed', 'failed', 'pending', 'not-seen'])
export type HandoverStatus = z.infer<typeof handoverStatusSchema>

export const handoverRowSchema = z.object({
  serialNumber: z.string(),
  /** Null for a manifest serial the cache does not know. */
  deviceId: z.string().nullable(),
  /** Null when the device was never at the bench. */
  stage: benchStageSchema.nullable(),
  status: handoverStatusSchema,
  onManifest: z.boolean(),
  /** Scanned for this job, now at the bench under another job (by name): the device moved on to another order. */
  movedTo: z.string().optional(),
  /** On this job's manifest and never scanned for it, but at the bench under another job (by name). */
  atBenchFor: z.string().optional(),
  /** Resealed for another job (by name) before it was scanned for this one, and not provisioned here since. */
  resealedFor: z.string().optional(),
  /** The manifest's user and device name where the manifest has them, else the cached device's. */
  userPrincipalName: z.string(),
  deviceName: z.string(),
  /**
   * What Intune has (the cache) where it differs from the manifest's user or device name: a failed or
   * still-waiting assignment is not handed over as done. Absent when they agree or the manifest has none.
   */
  userInIntune: z.string().optional(),
  /**
   * The user Intune had when the latest attempt's technician flow ran (P or S), where it was not the manifest's ('' for
   * none): it lasts after the assignment lands, since that flow installed the other user's device-context apps.
   */
  provisionedWithUser: z.string().optional(),
  deviceNameInIntune: z.string().optional(),
  groupTag: z.string(),
  /** The job's group tag, where the device's (cache) is another one; absent when they agree, the job has none or the device is not cached. */
  jobGroupTag: z.string().optional(),
  /** The deployment profile assigned to the device (cache), by name. */
  profileName: z.string().nullable(),
  /** The user-flow window after a success: no earlier than (+90 min), no later than (+6 months). */
  userFlowNotBefore: z.string().nullable(),
  userFlowNotAfter: z.string().nullable(),
  attempts: z.number().int(),
  lastErrorCode: z.string().nullable(),
  provisionPressedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  resealedAt: z.string().nullable(),
  enrollmentConfirmedAt: z.string().nullable(),
  /** The latest attempt: Provision press to its outcome (or now), the same time the Bench shows. */
  elapsedSeconds: z.number().nullable(),
  /** Every attempt: from the first Provision press to the latest outcome (or now). */
  totalElapsedSeconds: z.number().nullable().optional(),
})

export const handoverReportSchema = z.object({
  job: benchJobSchema,
  generatedAt: z.string(),
  rows: z.array(handoverRowSchema),
  totals: z.object({
    resealed: z.number().int(),
    failed: z.number().int(),
    pending: z.number().int(),
    notSeen: z.number().int(),
    /** Devices of the job that the manifest does not list (0 when the job has no manifest). */
    notOnManifest: z.number().int(),
  }),
})
export type HandoverReport = z.infer<typeof handoverReportSchema>

export { attemptEventSchema }
