import { z } from 'zod'
import { profileStatusSchema } from './device-schemas'
import { pendingValueSchema } from './change-schemas'

/**
 * The device card (docs/bench-jobs.md) in Intune admin-center vocabulary, its readiness check (§3) and the
 * explanation of why the device gets its profile (§1). Readiness itself is computed by the pure
 * rules in src/shared/domain/readiness.ts; these schemas only carry the result across the wire.
 */
/**
 * A linked object (the Intune device, the Microsoft Entra device) as the last online look-up of the id the
 * record links to now found it: the card shows its name, as the admin center does, and the id only on hover or copy.
 */
export const linkedObjectSchema = z.object({
  /** False: Intune / Entra answered that no object has that id (deleted there). */
  found: z.boolean(),
  /** deviceName (Intune) / displayName (Entra); null when not found or not given. */
  name: z.string().nullable(),
  /** Graph refused the look-up (403): what is missing (shared/domain/lookup-refusal.ts); `found` says nothing then. */
  refused: z
    .object({ problem: z.enum(['missing-permission', 'missing-role']), permission: z.string() })
    .nullable()
    .optional(),
  checkedAt: z.string(),
})
export type LinkedObject = z.infer<typeof linkedObjectSchema>

export const deviceDetailsSchema = z.object({
  id: z.string(),
  serialNumber: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  groupTag: z.string(),
  purchaseOrder: z.string(),
  profileStatus: profileStatusSchema,
  profileId: z.string().nullable(),
  profileName: z.string().nullable(),
  /** Date assigned; null when Graph says never (0001-01-01). */
  profileAssignedAt: z.string().nullable(),
  userPrincipalName: z.string(),
  /** "User friendly name" in the admin center (Graph addressableUserName). */
  addressableUserName: z.string(),
  /** "Device name" (Graph displayName). */
  displayName: z.string(),
  enrollmentState: z.string(),
  userlessEnrollmentStatus: z.string(),
  remediationState: z.string(),
  /** Intune object (managedDevice id) and Microsoft Entra object (device id); '' or the all-zero GUID when none. */
  managedDeviceId: z.string(),
  entraDeviceId: z.string(),
  /** Those objects by name, from the last look-up of these ids; null when not looked up (offline, or not yet). */
  intuneDevice: linkedObjectSchema.nullable().default(null),
  entraDevice: linkedObjectSchema.nullable().default(null),
  lastContactedAt: z.string().nullable(),
  /** When this row was last read from Intune: the card's "cache age". */
  syncedAt: z.string(),
  pending: z.array(pendingValueSchema).default([]),
})
export type DeviceDetails = z.infer<typeof deviceDetailsSchema>

/** A citation on the wire: docs/reference/autopilot.md section(s) and Microsoft Learn page ids (src/shared/domain/learn-pages.ts). */
const citationSchema = z.object({ section: z.string(), pages: z.array(z.string()) })
const readinessStatusSchema = z.enum(['ok', 'warn', 'fail', 'unknown'])

export const readinessBadgeSchema = z.object({
  level: z.enum(['ready', 'not-ready', 'blocked', 'unknown']),
  next: z.string(),
  ruleId: z.string().nullable(),
  title: z.string().nullable(),
})
export type ReadinessBadgeWire = z.infer<typeof readinessBadgeSchema>

export const readinessItemSchema = z.object({
  id: z.string(),
  status: readinessStatusSchema,
  title: z.string(),
  reason: z.string(),
  fix: z.string().nullable(),
  citation: citationSchema,
  /** The online lookup this item needs is under way (the card opened from the cache first). */
  checking: z.literal(true).optional(),
})

export const readinessResultSchema = z.object({
  verdict: z.enum(['ready', 'unconfirmed', 'not-ready']),
  items: z.array(readinessItemSchema),
  counts: z.record(readinessStatusSchema, z.number().int()),
  summary: z.string(),
  /** The check in one word and one next action (readiness-badge.ts); the bench row shows it too. */
  badge: readinessBadgeSchema,
})

const triSchema = z.union([z.boolean(), z.literal('unknown')]).or(z.string())

export const profileExplanationSchema = z.object({
  groups: z.array(z.object({ groupId: z.string(), groupName: z.string(), membership: z.string(), reason: z.string(), rule: z.string().nullable() })),
  candidates: z.array(z.object({ profileId: z.string(), profileName: z.string(), applies: triSchema }).loose()),
  winner: z
    .object({
      profileId: z.string(),
      profileName: z.string(),
      via: z.enum(['group', 'all-devices']),
      groupId: z.string().nullable(),
      groupName: z.string().nullable(),
    })
    .nullable(),
  certain: z.boolean(),
  steps: z.array(z.object({ kind: z.string(), label: z.string() })),
  chain: z.string(),
  notes: z.array(z.string()),
  citation: citationSchema,
})

/** Everything the card shows for one device, computed in the core from the cache (+ the job). */
export const deviceCardSchema = z.object({
  device: deviceDetailsSchema,
  readiness: readinessResultSchema,
  explanation: profileExplanationSchema,
  /** The bench job the check ran against (the device's job at the bench, or the one asked for). */
  jobId: z.string().nullable(),
  /** Manifest row for this serial in that job, used to pre-fill user, friendly name and device name. */
  manifest: z.object({ userPrincipalName: z.string(), addressableUserName: z.string(), displayName: z.string() }).nullable(),
  /** Device-name template preview for this serial (job's template, else the profile's), or null. */
  namePreview: z.object({ template: z.string(), preview: z.string(), valid: z.boolean(), message: z.string() }).nullable(),
  /**
   * What the explanation was worked out from (cached groups, profile assignments, profiles): the group-tag
   * editor explains a new tag with it before it is saved — which group it joins and the profile that
   * comes with it, not only the one it leaves.
   */
  explanationInput: z
    .object({
      device: z.object({ groupTag: z.string(), purchaseOrderId: z.string().nullable().optional(), isAutopilotDevice: z.boolean().optional() }),
      groups: z.array(z.object({ id: z.string(), displayName: z.string(), membershipRule: z.string().nullable() })),
      assignments: z.array(
        z.object({
          profileId: z.string(),
          target: z.discriminatedUnion('type', [
            z.object({ type: z.literal('group'), groupId: z.string() }),
            z.object({ type: z.literal('exclusion'), groupId: z.string() }),
            z.object({ type: z.literal('allDevices') }),
          ]),
        }),
      ),
      profiles: z.array(z.object({ id: z.string(), displayName: z.string(), createdDateTime: z.string() })),
    })
    .optional(),
})
export type DeviceCard = z.infer<typeof deviceCardSchema>

export const profileListItemSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  joinType: z.string(),
  deploymentMode: z.string(),
  preprovisioningAllowed: z.boolean().nullable(),
  deviceNameTemplate: z.string(),
})
export type ProfileListItem = z.infer<typeof profileListItemSchema>
