import type { Api, PreloadBridge } from '@shared/api'
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from '@shared/channels'
import type { Result } from '@shared/result'
import { errorMessageOf, failure, toResult } from './envelope'
import { parseEventPayload } from './event-payload'

/**
 * The Api over Electron IPC: a thin typed wrapper around the preload's `window.api`. Main always
 * answers with an envelope; a rejected promise (a handler missing, the bridge torn down) becomes an
 * 'internal' envelope so screens never see a thrown error.
 */
export function createIpcApi(bridge: PreloadBridge) {
  const api = {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      let raw: unknown
      try {
        raw = await bridge.invoke(channel, request)
      } catch (error) {
        return failure('internal', errorMessageOf(error))
      }
      return toResult<ResponseOf<C>>(raw) ?? failure('internal', `The app's main process sent an unexpected answer on ${channel}.`)
    },

    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let active = true
      let release: () => void = () => undefined
      try {
        release = bridge.on(event, (payload) => {
          // Guard: a bridge that keeps calling after unsubscribe must not reach a torn-down store.
          if (!active) return
          const parsed = parseEventPayload(event, payload)
          if (parsed !== undefined) listener(parsed)
        })
      } catch (error) {
        console.warn(`[api] could not subscribe to ${event}: ${errorMessageOf(error)}`)
      }
      return () => {
        if (!active) return
        active = false
        release()
      }
    },
  } satisfies Api
  return api
}
