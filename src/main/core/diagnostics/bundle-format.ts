import { z } from 'zod'

/**
 * The diagnostics bundle's manifest. Bump `formatVersion` on any incompatible change.
 * 2: scopes device/attempt/job/day with an id; attempts.json holds the v4 attempt (state + events).
 * Version 1 bundles still open (the schema below accepts both).
 */
export const bundleFormatVersion = 2

export const manifestSchema = z.object({
  formatVersion: z.number().int().positive(),
  app: z.literal('autopilot-bench'),
  appVersion: z.string(),
  createdAt: z.string(),
  tenant: z.object({ id: z.string(), displayName: z.string() }),
  scope: z.object({
    kind: z.enum(['devices', 'all', 'device', 'attempt', 'job', 'day']),
    id: z.string().nullable().default(null),
    /** The job's name for a job scope, so a reviewer reads "Contoso PO 4711", not its id (bundles before this have none). */
    name: z.string().nullable().optional(),
    /** A day scope's time zone (IANA), whose midnights bound it; none: UTC (and every bundle before this). */
    timeZone: z.string().nullable().optional(),
    deviceCount: z.number().int().nonnegative(),
    since: z.string().nullable(),
    until: z.string().nullable().default(null),
  }),
  redaction: z.object({ serials: z.boolean(), users: z.boolean() }),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
})
export type BundleManifest = z.infer<typeof manifestSchema>

/** Files a bundle may contain, in the order they are written. */
export const bundleFiles = [
  'devices.json',
  'profiles.json',
  'attempts.json',
  'outbox.json',
  'audit.json',
  'errors.json',
  // Names for the app GUIDs the other files show (lower-case GUID → name), from the tenant's app catalogue.
  'app-names.json',
  'app-log.jsonl',
  'summary.csv',
  'summary.html',
] as const
