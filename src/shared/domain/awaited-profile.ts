import type { ExplainProfileInput, ProfileExplanation } from './profile-assignment'
import { explainWithTag } from './group-tag-outcome'

/**
 * What a device waits for after a group tag change, decided in one place: the card's reminder ("Waiting
 * for profile assignment" or "No deployment profile to wait for"), its wait, the readiness check and the
 * bench row (which shows the readiness badge) all use this, so none of them says to wait for an
 * assignment the others say is not coming.
 */

/** A change queued here that Intune may not show yet (the outbox's pending value, as the card carries it). */
export interface QueuedValue {
  field: string
  value: string | null
  /** The outbox state; a failed or discarded change is not coming. Absent: under way. */
  state?: string
}

/** The queued change of `field` still on its way (a failed or discarded one is not coming), if any. */
export function changeToCome<T extends QueuedValue>(queued: readonly T[], field: string): T | undefined {
  return queued.find((p) => p.field === field && p.state !== 'discarded' && p.state !== 'failed')
}

/** The group tag the device will have: a queued change's (not failed or discarded), else Intune's. */
export function groupTagToCome(intuneTag: string, queued: readonly QueuedValue[]): string {
  const change = changeToCome(queued, 'groupTag')
  return change ? (change.value ?? '') : intuneTag
}

export interface TagOutcome {
  /** The group tag the device will have. */
  tag: string
  /** Whether that is a queued change Intune does not show yet. */
  pending: boolean
  /** Why (or why no) profile reaches the device with that tag, from the cached groups, assignments and profiles. */
  explanation: Pick<ProfileExplanation, 'winner' | 'certain' | 'chain' | 'notes'>
}

/** What the group tag the device will have brings (`input` describes the device with Intune's tag). */
export function tagOutcomeOf(input: ExplainProfileInput, queued: readonly QueuedValue[]): TagOutcome {
  const tag = groupTagToCome(input.device.groupTag, queued)
  const pending = tag !== input.device.groupTag
  return { tag, pending, explanation: explainWithTag(input, tag) }
}

/**
 * With the tag the device will have, no profile reaches it: no group with a deployment profile takes it
 * and no All Devices profile applies (as far as the cached groups tell: see `certain`).
 */
export const bringsNoProfile = (outcome: Pick<TagOutcome, 'explanation'> | null): boolean => outcome !== null && outcome.explanation.winner === null
