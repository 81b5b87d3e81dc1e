import { cite, type Citation } from './citation'
import { evaluateRule, parseMembershipRule, ruleValues } from './membership-rule'

/**
 * What changing (or clearing) a group tag does, before it is saved. The group tag is the device's
 * `[OrderID]` physical id (docs/reference/autopilot.md §1.1), so a dynamic group whose rule matches on
 * it drops the device when the tag changes — and with it the profile that group assigns. The docs
 * are silent on the tag's format and length (§10.3): a length limit here is the app's policy, and
 * commas and quotes are flagged because the Intune CSV import allows neither (§5.2), so such a tag
 * can't travel in the registration CSV later.
 */
export const GROUP_TAG_CITATION: Citation = cite('§1.1, §5.2, §10.3', 'manual-registration-edit', 'device-groups', 'manual-registration')

/** The app's own limit, not Microsoft's (Microsoft documents none). */
export const GROUP_TAG_POLICY_MAX = 128

export interface GroupTagGroup {
  groupName: string
  /** 'member' | 'not-member' | 'unknown', as the card's explanation says today. */
  membership: string
  rule: string | null
}

export interface GroupTagChangeInput {
  currentTag: string
  newTag: string
  purchaseOrder: string
  groups: readonly GroupTagGroup[]
  /** The profile the device gets now and the group it comes through (null: All Devices or none). */
  winner: { profileName: string; groupName: string | null } | null
  /**
   * The profile the device would get with the new tag and its group, worked out from the same cached
   * groups and assignments (profile-assignment.ts); null: none would; absent: not known.
   */
  winnerAfter?: { profileName: string; groupName: string | null } | null
}

export interface GroupTagChange {
  /** Groups whose dynamic rule uses the tag and that the device leaves with the new tag. */
  leaves: string[]
  /** The profile lost because the group it came through is left (and no other gives it); null when none. */
  losesProfile: string | null
  /** With the new tag: the profile it would then get and through which group, when that is known (winnerAfter). */
  after?: { profileName: string; groupName: string | null } | null
  /** Non-blocking notes about the new value (commas, quotes). */
  warnings: string[]
  /** Blocking problems (the app's length policy). */
  errors: string[]
  citation: Citation
}

const usesOrderId = (rule: string): boolean => {
  const parsed = parseMembershipRule(rule)
  return parsed.ok && ruleValues(parsed.rule).some((value) => value.trim().toLowerCase().startsWith('[orderid]'))
}

export function groupTagChange(input: GroupTagChangeInput): GroupTagChange {
  const next = input.newTag.trim()
  const warnings: string[] = []
  const errors: string[] = []
  if (next.includes(','))
    warnings.push("A comma can't travel in the Intune registration CSV (no commas in values): the tag would be cut there if it is exported or re-imported.")
  if (/["'“”‘’]/.test(next)) warnings.push("Quotes can't travel in the Intune registration CSV (no quotes allowed).")
  if (next.length > GROUP_TAG_POLICY_MAX)
    errors.push(`${next.length} characters: this app allows at most ${GROUP_TAG_POLICY_MAX} (our policy — Microsoft documents no limit).`)
  const leaves: string[] = []
  if (next !== input.currentTag.trim()) {
    for (const group of input.groups) {
      if (group.membership !== 'member' || !group.rule || !usesOrderId(group.rule)) continue
      const parsed = parseMembershipRule(group.rule)
      if (!parsed.ok) continue
      const after = evaluateRule(parsed.rule, { groupTag: next, purchaseOrderId: input.purchaseOrder, isAutopilotDevice: true })
      if (after !== true) leaves.push(group.groupName)
    }
  }
  const leavesItsGroup = input.winner !== null && input.winner.groupName !== null && leaves.includes(input.winner.groupName)
  // Known what the new tag brings: the profile is lost only when the new tag does not bring it back
  // (a BENCH-LDN → BENCH-SEA re-tag often keeps it through the other bench's group).
  const keepsItAnyway = input.winnerAfter !== undefined && input.winnerAfter !== null && input.winnerAfter.profileName === input.winner?.profileName
  const losesProfile = leavesItsGroup && !keepsItAnyway ? input.winner!.profileName : null
  return {
    leaves,
    losesProfile,
    ...(input.winnerAfter !== undefined ? { after: input.winnerAfter } : {}),
    warnings,
    errors,
    citation: GROUP_TAG_CITATION,
  }
}
