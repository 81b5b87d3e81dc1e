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
export const manifestRowSchema = z.object({
  serialNumber: z.string(),
  userPrincipalName: z.string(),
  addressableUserName: z.string(),
  displayName: z.string(),
})
export type ManifestRow = z.infer<typeof manifestRowSchema>

export const manifestImportResultSchema = z.object({
  imported: z.number().int(),
  /** Problems by CSV line (1 = header); rows with errors are not imported, the rest are. */
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
})

/** Where a device at the bench stands. */
export const benchStageSchema = z.enum(['scanned', 'ready', 'provisioning', 'succeeded', 'resealed', 'failed'])
export type BenchStage = z.infer<typeof benchStageSchema>

export const attemptRecordSchema = z.object({ attemptNumber: z.number().int(), deviceId: z.string(), jobId: z.string().nullable(), state: attemptStateSchema })
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
  /** The readiness check against the device's job, in one word and one next action; null when the device left the cache. */
  readiness: readinessBadgeSchema.nullable(),
})
export type BenchDevice = z.infer<typeof benchDeviceSchema>

export const handoverRowSchema = z.object({
  serialNumber: z.string(),
  deviceId: z.string(),
  stage: benchStageSchema,
  attempts: z.number().int(),
  lastErrorCode: z.string().nullable(),
  provisionPressedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  resealedAt: z.string().nullable(),
  enrollmentConfirmedAt: z.string().nullable(),
  /** From the first Provision press to success/failure of the latest attempt (or now). */
  elapsedSeconds: z.number().nullable(),
})

export const handoverReportSchema = z.object({
  job: benchJobSchema,
  generatedAt: z.string(),
  rows: z.array(handoverRowSchema),
  totals: z.object({ resealed: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
})
export type HandoverReport = z.infer<typeof handoverReportSchema>

export { attemptEventSchema }
