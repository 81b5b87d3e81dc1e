import { explainProfileAssignment, type ExplainProfileInput, type ProfileExplanation } from './profile-assignment'

/**
 * Which deployment profile a group tag leads to, for a job's tag before it reaches any device: the same
 * explanation as the device card's "Why this profile" and its tag editor (profile-assignment.ts), with the
 * tag put in. A walk saved a job whose tag no Autopilot group matched; Pre-stage then pushed it to every
 * device, each lost its profile and the bench went Blocked with no word before.
 */
export type TagProfileOutcome = {
  /** expected: the job's profile; other-profile: another one; no-profile: none; some-profile: one, the job expects none. */
  kind: 'expected' | 'other-profile' | 'no-profile' | 'some-profile'
  profileName: string | null
  certain: boolean
  /** The explanation's chain, e.g. "group tag BENCH → no profile: no group with a profile matches …". */
  chain: string
  /** What the technician must see (no profile, or not the job's); null when the tag leads where the job expects. */
  warning: string | null
}

export const explainWithTag = (input: ExplainProfileInput, tag: string): ProfileExplanation =>
  explainProfileAssignment({ ...input, device: { ...input.device, groupTag: tag } })

export function groupTagProfileOutcome(input: ExplainProfileInput, tag: string, expected: { id: string; name: string | null } | null): TagProfileOutcome {
  const explanation = explainWithTag(input, tag)
  const winner = explanation.winner
  const unsure = explanation.certain ? '' : ' Not certain: some group memberships could not be told from the cached groups.'
  const base = { profileName: winner?.profileName ?? null, certain: explanation.certain, chain: explanation.chain }
  if (!winner)
    return {
      ...base,
      kind: 'no-profile',
      warning: `Group tag '${tag.trim()}' leads to no deployment profile (${explanation.chain}). Devices given this tag lose the profile they have now.${unsure}`,
    }
  if (!expected) return { ...base, kind: 'some-profile', warning: null }
  if (winner.profileId === expected.id) return { ...base, kind: 'expected', warning: null }
  return {
    ...base,
    kind: 'other-profile',
    warning: `Group tag '${tag.trim()}' leads to profile '${winner.profileName}', not the job's '${expected.name ?? expected.id}' (${explanation.chain}).${unsure}`,
  }
}
