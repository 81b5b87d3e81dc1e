import { events, type EventName, type EventPayload } from '@shared/channels'

/**
 * Narrows an event payload that crossed a transport. A malformed payload is dropped rather than
 * handed to a store that trusts its type; it would mean main and renderer disagree on the contract.
 */
export function parseEventPayload<E extends EventName>(event: E, payload: unknown): EventPayload<E> | undefined {
  const parsed = events[event].safeParse(payload)
  if (parsed.success) return parsed.data as EventPayload<E>
  console.warn(`[api] dropped a malformed "${event}" event`)
  return undefined
}
