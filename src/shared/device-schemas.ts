import { z } from 'zod'
import { pendingValueSchema } from './change-schemas'

/**
 * Profile status as Intune's admin center words it. Graph's `deploymentProfileAssignmentStatus`
 * enum is mapped onto these in the core (docs/reference/graph-api.md B1); remediation (Fix pending) is
 * layered on top by the technician flow.
 */
export const profileStatusSchema = z.enum(['notAssigned', 'assigning', 'assigned', 'fixPending', 'attentionRequired', 'unknown'])
export type ProfileStatus = z.infer<typeof profileStatusSchema>

/**
 * Characters from which a device search finds text anywhere (serial, user, group tag, name, model):
 * the search index is of trigrams. Shorter searches match the start of serial numbers only, and the
 * list says so.
 */
export const SEARCH_ANYWHERE_FROM_CHARS = 3

/** One row of the device list: only what the list shows and searches. */
export const deviceSummarySchema = z.object({
  id: z.string(),
  serialNumber: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  groupTag: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string(),
  profileStatus: profileStatusSchema,
  enrollmentState: z.string(),
  syncedAt: z.string(),
  /** Values changed here that Intune does not show yet (the outbox); the fields above are Intune's. */
  pending: z.array(pendingValueSchema).default([]),
})
export type DeviceSummary = z.infer<typeof deviceSummarySchema>

/** Keyset cursor: the serial (and id, to break ties) of the last row the caller has. */
export const deviceCursorSchema = z.object({ serialNumber: z.string(), id: z.string() })
export type DeviceCursor = z.infer<typeof deviceCursorSchema>

/** Longest search text the list accepts; the search box stops typing and pasting there. */
export const maxSearchLength = 200

export const listDevicesRequestSchema = z.object({
  search: z.string().max(maxSearchLength).default(''),
  limit: z.number().int().min(1).max(500).default(100),
  after: deviceCursorSchema.nullable().default(null),
  /** Start at this row of the (filtered) serial order instead: the virtualized list jumping anywhere. */
  position: z.number().int().min(0).max(100_000_000).nullable().default(null),
})
export type ListDevicesRequest = z.input<typeof listDevicesRequestSchema>

export const listDevicesResponseSchema = z.object({
  items: z.array(deviceSummarySchema),
  total: z.number().int().nonnegative(),
  /** With a search, matches are counted only up to 10,000: then `total` is 10,000 and this is true ("10,000+"). */
  totalCapped: z.boolean().default(false),
  next: deviceCursorSchema.nullable(),
  /**
   * True when a text search cannot see every cached device yet: a first download builds the search
   * index after its last page, and until then its devices are listed but not found (absent: complete).
   */
  searchBehind: z.boolean().optional(),
})
export type ListDevicesResponse = z.infer<typeof listDevicesResponseSchema>

/** A device refreshed by id from Intune, or the cached row with the reason it could not be refreshed. */
export const refreshDeviceResponseSchema = z.object({
  device: deviceSummarySchema.nullable(),
  source: z.enum(['online', 'cache']),
  notice: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type RefreshDeviceResponse = z.infer<typeof refreshDeviceResponseSchema>
