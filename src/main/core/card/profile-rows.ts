import type { ReadinessProfile } from '@shared/domain/readiness'
import type { ProfileListItem } from '@shared/card-schemas'

/** A row of the `profiles` cache table (sync-profiles.ts). */
export interface ProfileRow {
  id: string
  display_name: string
  odata_type: string
  join_type: string
  pre_provisioning_allowed: number | null
  device_name_template: string
  created_at: string | null
  details: string
}

type Mode = 'userDriven' | 'selfDeploying'

/**
 * User-driven or self-deploying, from the OOBE settings' deviceUsageType (docs/reference/graph-api.md B5:
 * `shared` is self-deploying, `singleUser` user-driven). The new property (outOfBoxExperienceSetting)
 * wins over the deprecated one. Absent or another value: null, not a guess.
 */
export function deploymentModeOf(row: ProfileRow): Mode | null {
  let details: Record<string, unknown>
  try {
    details = JSON.parse(row.details) as Record<string, unknown>
  } catch {
    return null
  }
  for (const key of ['outOfBoxExperienceSetting', 'outOfBoxExperienceSettings']) {
    const oobe = details[key]
    const usage = typeof oobe === 'object' && oobe !== null ? (oobe as { deviceUsageType?: unknown }).deviceUsageType : undefined
    if (usage === 'shared') return 'selfDeploying'
    if (usage === 'singleUser') return 'userDriven'
  }
  return null
}

const joinTypeOf = (row: ProfileRow): 'entra' | 'hybrid' | null => (row.join_type === 'hybrid' ? 'hybrid' : row.join_type === 'entra' ? 'entra' : null)

/** The profile as the readiness rules need it; null when a setting they judge is not known. */
export function readinessProfileOf(row: ProfileRow): ReadinessProfile | null {
  const deploymentMode = deploymentModeOf(row)
  const joinType = joinTypeOf(row)
  if (deploymentMode === null || joinType === null || row.pre_provisioning_allowed === null) return null
  return {
    id: row.id,
    displayName: row.display_name,
    joinType,
    deploymentMode,
    preprovisioningAllowed: row.pre_provisioning_allowed === 1,
    deviceNameTemplate: row.device_name_template || null,
    ...languageOf(row),
  }
}

/** Language (Region) and "Automatically configure keyboard" from the cached Graph body (docs/reference/graph-api.md B5); null when absent. */
export function languageOf(row: ProfileRow): { language: string | null; keyboardSkipped: boolean | null } {
  let details: Record<string, unknown>
  try {
    details = JSON.parse(row.details) as Record<string, unknown>
  } catch {
    return { language: null, keyboardSkipped: null }
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  const language = text(details.locale) ?? text(details.language)
  let keyboardSkipped: boolean | null = null
  for (const [key, field] of [
    ['outOfBoxExperienceSetting', 'keyboardSelectionPageSkipped'],
    ['outOfBoxExperienceSettings', 'skipKeyboardSelectionPage'],
  ] as const) {
    const oobe = details[key]
    const value = typeof oobe === 'object' && oobe !== null ? (oobe as Record<string, unknown>)[field] : undefined
    if (typeof value === 'boolean') {
      keyboardSkipped = value
      break
    }
  }
  return { language, keyboardSkipped }
}

export function profileListItemOf(row: ProfileRow): ProfileListItem {
  return {
    id: row.id,
    displayName: row.display_name,
    joinType: joinTypeOf(row) ?? 'unknown',
    deploymentMode: deploymentModeOf(row) ?? 'unknown',
    preprovisioningAllowed: row.pre_provisioning_allowed === null ? null : row.pre_provisioning_allowed === 1,
    deviceNameTemplate: row.device_name_template,
  }
}
