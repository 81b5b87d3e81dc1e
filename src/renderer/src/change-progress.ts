import type { OutboxItem } from '@shared/change-schemas'
import { strings } from './strings'

const text = strings.changes

/** Pending, sending or being checked: the change has not reached Intune, and its last try's error (if any) is why. */
export const stillOnItsWay = (item: Pick<OutboxItem, 'state'>) => item.state === 'pending' || item.state === 'sending' || item.state === 'verifying'

/**
 * A try is on its way now after a failed one: delivery marks the change `sending` and clears its next
 * try's time as the write leaves, keeping the last try's reason (deliver-outbox.worker.ts).
 */
export const tryingAgainNow = (item: Pick<OutboxItem, 'state' | 'lastError' | 'nextAttemptAt'>) =>
  (item.state === 'sending' || item.state === 'verifying') && item.lastError !== null && item.nextAttemptAt === null

/** Its last try failed and the next one is due at a time: not "Sending" while nothing is sent. */
export const waitingToRetry = (item: Pick<OutboxItem, 'state' | 'lastError' | 'nextAttemptAt'>) =>
  stillOnItsWay(item) && item.lastError !== null && item.nextAttemptAt !== null

/** The change's state in one or two words, as its badge shows it (Changes screen and the card's list). */
export function changeStateWords(item: Pick<OutboxItem, 'state' | 'lastError' | 'nextAttemptAt'>): string {
  if (waitingToRetry(item)) return text.waitingToRetry
  if (tryingAgainNow(item)) return text.tryingAgain
  return text.state[item.state]
}

/** Under a change still on its way whose last try failed: why, and when the next try is (or that it is running). */
export function changeProgressLine(item: OutboxItem, reason: string, time: (iso: string) => string): string {
  const why = reason.replace(/[.\s]+$/, '')
  if (tryingAgainNow(item)) return text.tryingAgainNow(why)
  return text.waitingReason(why, item.nextAttemptAt ? time(item.nextAttemptAt) : null)
}
