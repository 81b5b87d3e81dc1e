import type { DeviceCard } from '@shared/card-schemas'
import { bringsNoProfile as noProfileFrom, groupTagToCome, tagOutcomeOf, type TagOutcome as DomainTagOutcome } from '@shared/domain/awaited-profile'

type Explanation = Pick<DeviceCard['explanation'], 'winner' | 'certain' | 'chain' | 'notes'>

export interface TagOutcome {
  /** The group tag the device will have: a queued change's, else Intune's. */
  tag: string
  /** A queued group tag change Intune does not show yet: the card's own explanation is of Intune's tag. */
  pending: boolean
  /** Why (or why no) profile with that tag, from the same cached groups, assignments and profiles as the card. */
  explanation: Explanation | DomainTagOutcome['explanation']
}

/**
 * What the group tag the device will have brings. The core explains the tag Intune has (the cache's);
 * while a change of it waits in the outbox, that is the old tag, so the new one is explained here from
 * the card's `explanationInput`, as the group-tag editor does before saving. The same function
 * (awaited-profile.ts) gives the core's readiness rules what they wait for, so the reminder, the
 * Readiness list and the bench row agree. Null when the card carries no input to explain a queued tag with.
 */
export function tagOutcome(card: Pick<DeviceCard, 'device' | 'explanation' | 'explanationInput'>): TagOutcome | null {
  const tag = groupTagToCome(card.device.groupTag, card.device.pending)
  if (tag === card.device.groupTag) return { tag, pending: false, explanation: card.explanation }
  const input = card.explanationInput
  if (!input) return null
  return tagOutcomeOf({ ...input, device: { ...input.device, groupTag: card.device.groupTag } }, card.device.pending)
}

/** With the tag the device will have, no profile reaches it (as far as the cached groups tell: see `certain`). */
export const bringsNoProfile = (outcome: TagOutcome | null): boolean => noProfileFrom(outcome)
