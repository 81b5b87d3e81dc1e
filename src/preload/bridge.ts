import type { IpcRenderer } from 'electron'
import type { PreloadBridge } from '@shared/api'
import { channelNames, eventNames } from '@shared/channels'
import { fail } from '@shared/result'

/**
 * Allow-lists from the shared contract. Sets of plain strings, checked with `has`, so a page cannot
 * sneak through `__proto__`/`constructor` the way an object lookup would let it.
 */
const allowedChannels: ReadonlySet<string> = new Set(channelNames)
const allowedEvents: ReadonlySet<string> = new Set(eventNames)

type RendererIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

/**
 * The whole surface the page gets (security checklist #20): `invoke` on contract channels and `on`
 * for contract events. Never `ipcRenderer` itself, and never the IpcRendererEvent (its `sender`
 * would hand the page a raw ipcRenderer).
 */
export function createBridge(ipc: RendererIpc) {
  return {
    invoke(channel, request) {
      if (typeof channel !== 'string' || !allowedChannels.has(channel)) {
        return Promise.resolve(fail('invalid', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`))
      }
      // Main answers every request with an envelope; only a missing handler (core not started)
      // rejects, and that becomes an envelope too so the page has one error path.
      return Promise.resolve()
        .then(() => ipc.invoke(channel, request))
        .catch((error: unknown) => fail('internal', error instanceof Error ? error.message : String(error)))
    },
    on(event, listener) {
      if (typeof event !== 'string' || !allowedEvents.has(event)) throw new Error(`Unknown event ${JSON.stringify(String(event)).slice(0, 80)}.`)
      if (typeof listener !== 'function') throw new TypeError('listener must be a function')
      const wrapped = (_event: unknown, payload: unknown) => listener(payload)
      ipc.on(event, wrapped)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        ipc.removeListener(event, wrapped)
      }
    },
  } satisfies PreloadBridge
}
