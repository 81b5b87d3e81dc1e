import { z } from 'zod'

export const syncPhaseSchema = z.enum(['idle', 'devices', 'finishing', 'done', 'failed'])

/** What a sync waiting for Intune is doing (times are ISO instants; core and screen run on the same PC). */
export const syncWaitSchema = z.object({
  /** 'no-answer': a try is waiting for Intune's answer; 'pause': waiting before the next try (after no answer, a 429, a 503…). */
  kind: z.enum(['no-answer', 'pause']),
  /** Why, in words: "Intune is not answering", "Throttled by Intune", "Intune is temporarily unavailable"… */
  reason: z.string(),
  /** Since when Intune has answered nothing of this sync (its last answer, or the run's start); null when it did answer (throttled, 503). */
  silentSince: z.string().nullable(),
  /** 1-based: the try waiting for its answer, or the next try a pause leads to. */
  attempt: z.number().int().positive(),
  attempts: z.number().int().positive(),
  /** When this try stops waiting for its answer ('no-answer'), or when the next try starts ('pause'). */
  until: z.string(),
  /**
   * When the sync stops if Intune stays silent (the end of its last try, the pauses between tries estimated
   * at their longest); null when it does not depend on silence (a pause Intune asked for).
   */
  givesUpAt: z.string().nullable(),
  /** 'others-unanswered': the app knows Intune is unreachable (other requests got no answer either), so this is the last try before the budget is spent. */
  lastTryBecause: z.enum(['budget', 'others-unanswered']).nullable(),
})
export type SyncWait = z.infer<typeof syncWaitSchema>

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
  /**
   * While the run waits for Intune: which try, since when Intune has been silent, and when this try or the
   * sync gives up, as times, so the screen counts down by itself between two progress events.
   */
  wait: syncWaitSchema.nullable().optional(),
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
