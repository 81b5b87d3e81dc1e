import { z } from 'zod'
import { storedErrorSchema } from './intune-answer-schemas'

/**
 * Device name rules Windows applies to a computer name set through Autopilot (docs/reference/autopilot.md):
 * at most 15 characters, letters, digits and hyphens, not digits only.
 */
export const deviceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(15, 'A device name has at most 15 characters.')
  .regex(/^[A-Za-z0-9-]+$/, 'A device name may contain only letters, digits and hyphens.')
  .refine((name) => !/^\d+$/.test(name), 'A device name cannot be digits only.')

/** Changes a technician can make to an Autopilot device. All of them queue offline in the outbox. */
export const deviceChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('group-tag'), groupTag: z.string().trim().max(512) }).strict(),
  z.object({ kind: z.literal('device-name'), displayName: deviceNameSchema }).strict(),
  z.object({ kind: z.literal('user-friendly-name'), addressableUserName: z.string().trim().max(256) }).strict(),
  z
    .object({
      kind: z.literal('assign-user'),
      userPrincipalName: z
        .string()
        .trim()
        .min(3)
        .max(256)
        .regex(/^[^@\s]+@[^@\s]+$/, 'Enter the user principal name (name@domain).'),
      addressableUserName: z.string().trim().max(256),
    })
    .strict(),
  z.object({ kind: z.literal('unassign-user') }).strict(),
])
export type DeviceChange = z.infer<typeof deviceChangeSchema>
export type ChangeKind = DeviceChange['kind']

/** Device properties a change touches, in Graph's names (docs/reference/graph-api.md B1). */
export const changeFieldSchema = z.enum(['groupTag', 'displayName', 'addressableUserName', 'userPrincipalName'])
export type ChangeField = z.infer<typeof changeFieldSchema>
export type FieldValues = Partial<Record<ChangeField, string>>

/**
 * Where a change stands. pending: queued; sending: the write is (or may have been) on its way;
 * verifying: Intune accepted it and we are reading it back; done: Intune shows it; failed: refused,
 * kept until retried or discarded; conflict: someone else changed the same value in Intune meanwhile.
 */
export const changeStateSchema = z.enum(['pending', 'sending', 'verifying', 'done', 'failed', 'conflict', 'discarded'])
export type ChangeState = z.infer<typeof changeStateSchema>

export const outboxItemSchema = z.object({
  id: z.number().int(),
  deviceId: z.string(),
  serialNumber: z.string(),
  change: deviceChangeSchema,
  /** The values the change was based on (what the technician saw). */
  base: z.record(z.string(), z.string()),
  /** What the change sets. */
  intended: z.record(z.string(), z.string()),
  /** Intune's values when a conflict was found. */
  server: z.record(z.string(), z.string()).nullable(),
  state: changeStateSchema,
  attempts: z.number().int(),
  /** The last try's error: what happened in words, and Intune's own answer (kept for support) when Intune gave one. */
  lastError: storedErrorSchema.nullable(),
  /** When delivery tries again after that error (Retry-After or backoff); null: at the next run. */
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type OutboxItem = z.infer<typeof outboxItemSchema>

/** A value on a device that Intune does not show yet. */
export const pendingValueSchema = z.object({
  field: changeFieldSchema,
  value: z.string(),
  state: changeStateSchema,
  /** Why the last send did not get through (offline, throttled, refused…), when one failed. */
  error: z.string().optional(),
  /** When the next try is, for a change whose last try did not get through and that waits for it. */
  nextAttemptAt: z.string().optional(),
})
export type PendingValue = z.infer<typeof pendingValueSchema>

export const outboxSummarySchema = z.object({
  pending: z.number().int(),
  failed: z.number().int(),
  conflicts: z.number().int(),
  delivering: z.boolean(),
})
export type OutboxSummary = z.infer<typeof outboxSummarySchema>
