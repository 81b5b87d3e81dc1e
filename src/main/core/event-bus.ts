import type { EventName, EventPayload } from '@shared/channels'

type Listener = (name: EventName, payload: unknown) => void

/** Fans main-process events out to every transport (IPC windows, SSE streams). */
export function createEventBus() {
  const listeners = new Set<Listener>()
  return {
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      for (const listener of [...listeners]) listener(name, payload)
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get size() {
      return listeners.size
    },
  }
}

export type EventBus = ReturnType<typeof createEventBus>
