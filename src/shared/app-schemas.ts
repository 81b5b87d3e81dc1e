import { z } from 'zod'

export const tenantInfoSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  kind: z.enum(['embedded-mock', 'graph']),
})
export type TenantInfo = z.infer<typeof tenantInfoSchema>

export const appInfoSchema = z.object({
  version: z.string(),
  tenant: tenantInfoSchema,
  transport: z.enum(['ipc', 'http']),
  timeZone: z.string(),
  /** Only when the data folder is readable by other users and the app could not fix it. */
  dataDirWarning: z.string().max(500).optional(),
  /**
   * Set when the database on this PC was found damaged after start (`damaged`: restart to repair) or
   * was rebuilt at start (`rebuilt`): what happened and what to do, in full.
   */
  databaseNotice: z.object({ kind: z.enum(['damaged', 'rebuilt']), text: z.string().max(500) }).optional(),
  /** Where the caches, log and tenant list live (Settings shows it). */
  dataDir: z.string().max(1000).optional(),
})
export type AppInfo = z.infer<typeof appInfoSchema>

/** Preference keys are a closed set so a renderer bug cannot fill the table with junk. */
export const preferenceKeySchema = z.enum([
  'devices.search',
  'ui.timeZone',
  /** Scan screen: the chosen camera's deviceId, mirror on/off, success sound on/off. */
  'scan.cameraId',
  'scan.mirror',
  'scan.sound',
  /** The bench job new scans join. */
  'bench.activeJobId',
  /** The bench's network: 'wired' or 'wifi' (readiness: language/keyboard need Ethernet). */
  'bench.network',
  /** Success/failure cue on the bench (sound and flash): true = muted. */
  'bench.cueMuted',
])
export type PreferenceKey = z.infer<typeof preferenceKeySchema>
/**
 * Preferences the bench list depends on: the job new scans join, and the network the readiness rules
 * read. Setting one of them changes the 'bench' topic as well, so the bench is not read again (every
 * row's readiness) for the others, such as the devices search saved at each keystroke.
 */
export const benchListPreferenceKeys: readonly PreferenceKey[] = ['bench.activeJobId', 'bench.network']
export const preferenceValueSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])
