import { z } from 'zod'

/** The diagnostics bundle's manifest. Bump `formatVersion` on any incompatible change. */
export const bundleFormatVersion = 1

export const manifestSchema = z.object({
  formatVersion: z.number().int().positive(),
  app: z.literal('autopilot-bench'),
  appVersion: z.string(),
  createdAt: z.string(),
  tenant: z.object({ id: z.string(), displayName: z.string() }),
  scope: z.object({ kind: z.enum(['devices', 'all']), deviceCount: z.number().int().nonnegative(), since: z.string().nullable() }),
  redaction: z.object({ serials: z.boolean(), users: z.boolean() }),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
})
export type BundleManifest = z.infer<typeof manifestSchema>

/** Files a bundle may contain, in the order they are written. */
export const bundleFiles = ['devices.json', 'profiles.json', 'attempts.json', 'outbox.json', 'audit.json', 'errors.json', 'app-log.jsonl', 'summary.csv', 'summary.html'] as const
