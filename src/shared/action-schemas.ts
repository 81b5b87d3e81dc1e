import { z } from 'zod'

/** Intune actions that only make sense online: never queued, refused with the reason when offline. */
export const onlineActionSchema = z.enum(['autopilot-sync', 'unblock-device', 'delete-intune-record'])
export type OnlineAction = z.infer<typeof onlineActionSchema>

export const autopilotSyncStateSchema = z.object({
  lastManualSyncTriggerAt: z.string().nullable(),
  /** Intune allows one manual Autopilot sync every 10 minutes (docs/reference/autopilot.md §9, docs/reference/graph-api.md B4). */
  nextAllowedAt: z.string().nullable(),
  syncStatus: z.string().nullable(),
})
export type AutopilotSyncState = z.infer<typeof autopilotSyncStateSchema>

export const actionResultSchema = z.object({
  action: onlineActionSchema,
  done: z.boolean(),
  message: z.string(),
  autopilotSync: autopilotSyncStateSchema.nullable(),
})
export type ActionResult = z.infer<typeof actionResultSchema>
