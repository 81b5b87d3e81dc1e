import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from './channels'
import type { Result } from './result'

/**
 * What the renderer talks to. Two implementations `satisfies Api`: one over the preload's
 * `window.api` (Electron IPC) and one over the authenticated loopback HTTP transport (browser mode).
 */
export interface Api {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>
  /** Subscribes to a main-process event; the returned function unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** The raw surface the preload exposes as `window.api`: untyped at the boundary, narrowed by the IPC Api. */
export interface PreloadBridge {
  invoke(channel: string, request: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
}
