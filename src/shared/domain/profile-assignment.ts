import { cite, type Citation } from './citation'
import { evaluateRule, parseMembershipRule, type Tri } from './membership-rule'

/**
 * Why a device gets the deployment profile it gets: group tag → dynamic group → profile assignment.
 *
 * Facts used (docs/reference/autopilot.md):
 * - the group tag maps to the Entra device attribute OrderID; rules on `devicePhysicalIds` pick
 *   devices by `[OrderID]:<tag>`, `[PurchaseOrderId]:<po>`, or `[ZTDId]` (every Autopilot device)
 *   (docs/reference/autopilot.md §1.1);
 * - profiles are assigned to included/excluded device groups; with All Devices, exclusions aren't
 *   supported (§2.1); devices in excluded groups don't receive the profile (§2.1);
 * - "If a group is assigned to multiple Autopilot profiles, the device would receive the oldest
 *   created profile"; otherwise the default profile (any profile assigned to all devices) applies
 *   (§2.2); a registered device without a profile gets the
 *   default profile (§1.2).
 *
 * Where the docs are silent (and what we do):
 * - A device in several groups that lead to different profiles: the docs state the oldest-created
 *   rule for one group with several profiles; we apply the same rule across groups and say so.
 * - Several profiles assigned to All Devices: not discussed; we pick the oldest-created and say so.
 * - Two profiles with the same createdDateTime: not discussed; we break the tie by id, flagged.
 * - An exclusion on a profile assigned to All Devices: "not supported"; we report it as uncertain.
 * - Static (assigned) groups: membership is not derivable from the group tag; the caller can pass
 *   the groups the device is known to be in (e.g. from Graph memberOf).
 */

export const PROFILE_ASSIGNMENT_CITATION: Citation = cite(
  '§1.1, §1.2, §2.1, §2.2',
  'manual-registration',
  'device-groups',
  'profiles-priority',
  'ud-profile-verify',
)

export interface DeviceGroup {
  id: string
  displayName: string
  /** The dynamic membership rule; null for a static (assigned) group. */
  membershipRule: string | null
}

export type AssignmentTarget = { type: 'group'; groupId: string } | { type: 'exclusion'; groupId: string } | { type: 'allDevices' }

export interface ProfileAssignment {
  profileId: string
  target: AssignmentTarget
}

export interface ProfileSummary {
  id: string
  displayName: string
  /** ISO 8601; the oldest-created profile wins a conflict. */
  createdDateTime: string
}

export interface ExplainProfileInput {
  device: {
    groupTag: string
    purchaseOrderId?: string | null
    /** Registered in Autopilot (so `[ZTDId]` rules include it). Default true. */
    isAutopilotDevice?: boolean
    /** Groups the device is known to be a member of (static groups; or confirmed dynamic ones). */
    knownMemberGroupIds?: readonly string[]
  }
  groups: readonly DeviceGroup[]
  assignments: readonly ProfileAssignment[]
  profiles: readonly ProfileSummary[]
}

export type Membership = 'member' | 'not-member' | 'unknown'

export interface GroupMembership {
  groupId: string
  groupName: string
  membership: Membership
  reason: string
  rule: string | null
}

export interface ProfileCandidate {
  profileId: string
  profileName: string
  createdDateTime: string | null
  /** Included groups the device is (or may be) in. */
  viaGroups: { groupId: string; groupName: string; membership: Membership }[]
  viaAllDevices: boolean
  /** Excluded groups the device is (or may be) in. */
  excludedBy: { groupId: string; groupName: string; membership: Membership }[]
  /** Whether this profile reaches the device through an included group / through All Devices. */
  appliesViaGroup: Tri
  appliesViaAllDevices: Tri
  /** Whether this profile reaches the device at all: yes / no / can't tell. */
  applies: Tri
}

export interface ChainStep {
  kind: 'group-tag' | 'group' | 'all-devices' | 'profile' | 'none'
  label: string
}

export interface ProfileExplanation {
  groups: GroupMembership[]
  candidates: ProfileCandidate[]
  winner: { profileId: string; profileName: string; via: 'group' | 'all-devices'; groupId: string | null; groupName: string | null } | null
  /** False when an unknown membership or an undocumented case could change the answer. */
  certain: boolean
  steps: ChainStep[]
  /** e.g. `group tag BENCH-LDN → group 'Autopilot BENCH-LDN' → profile 'UD-AAD-PreProv'`. */
  chain: string
  notes: string[]
  citation: Citation
}

const time = (iso: string | null): number => {
  if (iso === null) return Number.POSITIVE_INFINITY
  const value = Date.parse(iso)
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value
}

function membershipOf(group: DeviceGroup, input: ExplainProfileInput): GroupMembership {
  const base = { groupId: group.id, groupName: group.displayName, rule: group.membershipRule }
  if (input.device.knownMemberGroupIds?.includes(group.id)) return { ...base, membership: 'member', reason: 'Known member of this group.' }
  if (group.membershipRule === null || group.membershipRule.trim() === '') {
    return { ...base, membership: 'unknown', reason: 'Static (assigned) group: membership cannot be told from the group tag.' }
  }
  const parsed = parseMembershipRule(group.membershipRule)
  if (!parsed.ok) return { ...base, membership: 'unknown', reason: `The membership rule could not be read (${parsed.error}).` }
  const ids = {
    groupTag: input.device.groupTag,
    purchaseOrderId: input.device.purchaseOrderId ?? '',
    isAutopilotDevice: input.device.isAutopilotDevice ?? true,
  }
  const result = evaluateRule(parsed.rule, ids)
  if (result === true) return { ...base, membership: 'member', reason: 'The dynamic rule matches the device.' }
  if (result === false) return { ...base, membership: 'not-member', reason: 'The dynamic rule does not match the device.' }
  return { ...base, membership: 'unknown', reason: 'The rule uses conditions that cannot be evaluated from the Autopilot record.' }
}

const quote = (name: string): string => `'${name}'`
/** a AND NOT b, three-valued. */
const andNot = (a: Tri, b: Tri): Tri => (a === false || b === true ? false : a === true && b === false ? true : null)
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : null)

export function explainProfileAssignment(input: ExplainProfileInput): ProfileExplanation {
  const notes: string[] = []
  const groupsById = new Map(input.groups.map((group) => [group.id, group]))
  const memberships = new Map<string, GroupMembership>()
  for (const group of input.groups) memberships.set(group.id, membershipOf(group, input))
  const membershipFor = (groupId: string): GroupMembership => {
    const known = memberships.get(groupId)
    if (known) return known
    const unknownGroup: GroupMembership = {
      groupId,
      groupName: groupsById.get(groupId)?.displayName ?? groupId,
      membership: input.device.knownMemberGroupIds?.includes(groupId) ? 'member' : 'unknown',
      reason: input.device.knownMemberGroupIds?.includes(groupId) ? 'Known member of this group.' : 'The group is not in the cache.',
      rule: null,
    }
    memberships.set(groupId, unknownGroup)
    return unknownGroup
  }

  const profileIds = [...new Set([...input.profiles.map((profile) => profile.id), ...input.assignments.map((assignment) => assignment.profileId)])]
  const profilesById = new Map(input.profiles.map((profile) => [profile.id, profile]))
  const candidates: ProfileCandidate[] = []
  for (const profileId of profileIds) {
    const assignments = input.assignments.filter((assignment) => assignment.profileId === profileId)
    if (assignments.length === 0) continue
    const profile = profilesById.get(profileId)
    const viaGroups: ProfileCandidate['viaGroups'] = []
    const excludedBy: ProfileCandidate['excludedBy'] = []
    let viaAllDevices = false
    for (const { target } of assignments) {
      if (target.type === 'allDevices') {
        viaAllDevices = true
        continue
      }
      const membership = membershipFor(target.groupId)
      if (membership.membership === 'not-member') continue
      const ref = { groupId: target.groupId, groupName: membership.groupName, membership: membership.membership }
      if (target.type === 'group') viaGroups.push(ref)
      else excludedBy.push(ref)
    }
    const excluded: Tri = excludedBy.some((group) => group.membership === 'member') ? true : excludedBy.length > 0 ? null : false
    const viaGroup: Tri = viaGroups.some((group) => group.membership === 'member') ? true : viaGroups.length > 0 ? null : false
    let appliesViaGroup = andNot(viaGroup, excluded)
    let appliesViaAllDevices = andNot(viaAllDevices, excluded)
    if (viaAllDevices && excludedBy.length > 0) {
      notes.push(
        `Profile ${quote(profile?.displayName ?? profileId)} is assigned to All Devices with an exclusion: exclusions aren't supported with All Devices, so the outcome is uncertain.`,
      )
      appliesViaAllDevices = null
      if (appliesViaGroup === false && viaGroup !== false) appliesViaGroup = null
    }
    const applies = or(appliesViaGroup, appliesViaAllDevices)
    candidates.push({
      profileId,
      profileName: profile?.displayName ?? profileId,
      createdDateTime: profile?.createdDateTime ?? null,
      viaGroups,
      viaAllDevices,
      excludedBy,
      appliesViaGroup,
      appliesViaAllDevices,
      applies,
    })
    if (!profile) notes.push(`Profile ${profileId} is assigned but not in the cache (no name or creation date).`)
  }

  // Group-assigned profiles beat the default (All Devices) profile (§2.2); within each, the oldest created wins.
  let membershipUnsure = false
  const byAge = (a: ProfileCandidate, b: ProfileCandidate): number =>
    time(a.createdDateTime) - time(b.createdDateTime) || a.profileId.localeCompare(b.profileId)
  const choose = (
    pool: { candidate: ProfileCandidate; applies: Tri }[],
    what: 'group-assigned' | 'All Devices',
  ): { winner: ProfileCandidate | null; certain: boolean } => {
    const sorted = [...pool].filter((item) => item.applies !== false).sort((a, b) => byAge(a.candidate, b.candidate))
    const sure = sorted.filter((item) => item.applies === true).map((item) => item.candidate)
    const [first, second] = sure
    if (first && second) {
      notes.push(
        `${sure.length} ${what} profiles apply (${sure.map((c) => quote(c.profileName)).join(', ')}): the oldest created, ${quote(first.profileName)}, wins.` +
          (what === 'group-assigned'
            ? ' The docs state this rule for one group assigned to several profiles; it is applied here across groups.'
            : " The docs don't discuss several All Devices profiles; the oldest-created rule is applied."),
      )
    }
    let certain = true
    for (const item of sorted) {
      if (item.applies === true) {
        if (second && time(item.candidate.createdDateTime) === time(second.createdDateTime)) {
          notes.push('Two of them have the same creation time; the docs give no tie-break (ordered by id here).')
          certain = false
        }
        return { winner: item.candidate, certain }
      }
      // An older profile that may apply could win instead.
      certain = false
      membershipUnsure = true
    }
    return { winner: null, certain }
  }
  const fromGroups = choose(
    candidates.map((candidate) => ({ candidate, applies: candidate.appliesViaGroup })),
    'group-assigned',
  )
  let winnerCandidate = fromGroups.winner
  let via: 'group' | 'all-devices' = 'group'
  let certain = fromGroups.certain
  if (!winnerCandidate) {
    const fromDefault = choose(
      candidates.map((candidate) => ({ candidate, applies: candidate.appliesViaAllDevices })),
      'All Devices',
    )
    winnerCandidate = fromDefault.winner
    via = 'all-devices'
    certain = certain && fromDefault.certain
  }
  if (membershipUnsure) notes.push('Some group memberships could not be told from the cached data, so another profile may apply.')

  const tag = input.device.groupTag.trim()
  const steps: ChainStep[] = [{ kind: 'group-tag', label: tag ? `group tag ${tag}` : 'no group tag' }]
  let winner: ProfileExplanation['winner'] = null
  if (winnerCandidate && via === 'group') {
    const group = winnerCandidate.viaGroups.find((g) => g.membership === 'member') ?? winnerCandidate.viaGroups[0]
    steps.push({ kind: 'group', label: `group ${quote(group?.groupName ?? '?')}${group?.membership === 'unknown' ? ' (membership not certain)' : ''}` })
    steps.push({ kind: 'profile', label: `profile ${quote(winnerCandidate.profileName)}` })
    winner = {
      profileId: winnerCandidate.profileId,
      profileName: winnerCandidate.profileName,
      via,
      groupId: group?.groupId ?? null,
      groupName: group?.groupName ?? null,
    }
    const others = winnerCandidate.viaGroups.filter((g) => g !== group && g.membership === 'member')
    if (others.length > 0) notes.push(`Also reached through ${others.map((g) => quote(g.groupName)).join(', ')}.`)
  } else if (winnerCandidate) {
    steps.push({ kind: 'all-devices', label: 'no group assigned to a profile → All Devices' })
    steps.push({ kind: 'profile', label: `profile ${quote(winnerCandidate.profileName)} (default)` })
    winner = { profileId: winnerCandidate.profileId, profileName: winnerCandidate.profileName, via, groupId: null, groupName: null }
  } else {
    steps.push({ kind: 'none', label: 'no profile: no group with a profile matches and there is no default (All Devices) profile' })
    notes.push('Without any profile the device logs event 815 ("No profile assigned to the device, and no default profile found in the tenant").')
  }
  if (tag && input.groups.some((group) => group.membershipRule && /\[orderid\]/i.test(group.membershipRule))) {
    notes.push("Group tags are compared without regard to letter case; the docs don't say whether Entra rules do.")
  }

  return {
    groups: [...memberships.values()],
    candidates,
    winner,
    certain,
    steps,
    chain: steps.map((step) => step.label).join(' → '),
    notes,
    citation: PROFILE_ASSIGNMENT_CITATION,
  }
}
