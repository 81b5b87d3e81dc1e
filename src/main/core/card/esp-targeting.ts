import type { GroupMembership, Membership } from '@shared/domain/profile-assignment'
import type { ReadinessEsp } from '@shared/domain/readiness'

/** A row of `esp_configurations` and of `esp_assignments` (sync-esp.ts). */
export interface EspRow {
  id: string
  display_name: string
  priority: number
  is_default: number
  show_progress: number | null
  log_collection: number | null
}
export interface EspAssignmentRow {
  configuration_id: string
  group_id: string
  kind: string
}

type Tri = boolean | null
const flag = (value: number | null): boolean | null => (value === null ? null : value === 1)

/**
 * Which Enrollment Status Page applies to a device in the technician phase (docs/reference/autopilot.md §4).
 *
 * Documented: ESPs are assigned to device groups; the default ESP (assigned to all devices) has
 * "Show app and profile configuration progress" off (§4.2). Not in the domain reference, and what
 * we do: when several ESPs target the device, the one with the lowest priority number wins, else
 * the default (the admin center lists ESPs by priority; the mock does the same). Assignments to
 * users (all users, user groups) don't count: the technician phase has no user (§4.1).
 *
 * Honesty: an ESP whose group membership can't be told from the cache and that would outrank the
 * winner makes the result uncertain; a setting is then reported only where every possible ESP
 * agrees, otherwise null (unknown). `espSynced = false` (never read) gives null altogether.
 */
export function espForDevice(
  espSynced: boolean,
  configurations: readonly EspRow[],
  assignments: readonly EspAssignmentRow[],
  memberships: ReadonlyMap<string, Membership>,
): ReadinessEsp | null {
  if (!espSynced) return null
  const membership = (groupId: string): Membership => memberships.get(groupId) ?? 'unknown'
  const applies = (config: EspRow): Tri => {
    const own = assignments.filter((a) => a.configuration_id === config.id)
    const excluded = own.filter((a) => a.kind === 'exclude').map((a) => membership(a.group_id))
    if (excluded.includes('member')) return false
    const allDevices = own.some((a) => a.kind === 'all-devices')
    const included = own.filter((a) => a.kind === 'include').map((a) => membership(a.group_id))
    const reached: Tri = allDevices || included.includes('member') ? true : included.includes('unknown') ? null : false
    if (reached === false) return false
    return excluded.includes('unknown') ? null : reached
  }
  const custom = configurations.filter((c) => c.is_default !== 1).sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id))
  const fallback = configurations.find((c) => c.is_default === 1) ?? null
  const possible: EspRow[] = []
  let winner: EspRow | null = null
  for (const config of custom) {
    const verdict = applies(config)
    if (verdict === false) continue
    possible.push(config)
    if (verdict === true) {
      winner = config
      break
    }
  }
  if (!winner && fallback) {
    possible.push(fallback)
    winner = fallback
  }
  if (!winner) {
    // Nothing reaches the device for sure; an ESP of unknown membership might.
    return { targetsDevice: possible.length > 0 ? null : false, showsProgress: null, logCollection: null }
  }
  const certain = possible.length === 1
  const agreed = (pick: (c: EspRow) => boolean | null): boolean | null => {
    const values = new Set(possible.map(pick))
    return values.size === 1 ? [...values][0]! : null
  }
  return {
    targetsDevice: true,
    showsProgress: agreed((c) => flag(c.show_progress)),
    logCollection: agreed((c) => flag(c.log_collection)),
    ...(certain ? { isDefault: winner.is_default === 1, name: winner.display_name } : {}),
  }
}

/** Group id → membership, from the explanation's groups. */
export const membershipMap = (groups: readonly GroupMembership[]): Map<string, Membership> => new Map(groups.map((g) => [g.groupId, g.membership]))
