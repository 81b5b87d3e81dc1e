import { z } from 'zod'

export const syncPhaseSchema = z.enum(['idle', 'devices', 'finishing', 'done', 'failed'])

/** Progress of a running sync, streamed to the progress bar. `total` is unknown until the end (Graph gives no count). */
export const syncProgressSchema = z.object({
  runId: z.string(),
  phase: syncPhaseSchema,
  pages: z.number().int().nonnegative(),
  devices: z.number().int().nonnegative(),
  /** Devices in the cache before this run: the best estimate of the total while the run goes on. */
  expected: z.number().int().nonnegative(),
  /**
   * Devices per second over the run; null while it waits for Intune (not answering, throttled, retrying):
   * no device comes then, and the rate from before the wait is not what is happening.
   */
  rowsPerSecond: z.number().nonnegative().nullable(),
  /** Estimated seconds left, from the previous pass's size; null when unknown. */
  etaSeconds: z.number().nonnegative().nullable().default(null),
  /** Set while waiting out throttling or a transient fault ("throttled — retrying in 12 s"). */
  waitingSeconds: z.number().nonnegative().nullable().default(null),
  message: z.string(),
})
export type SyncProgress = z.infer<typeof syncProgressSchema>

export const syncStatusSchema = z.object({
  running: z.boolean(),
  progress: syncProgressSchema.nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  deviceCount: z.number().int().nonnegative(),
  /** Whether Intune answered the last time the app asked; null before the first request. */
  online: z.boolean().nullable().default(null),
})
export type SyncStatus = z.infer<typeof syncStatusSchema>
