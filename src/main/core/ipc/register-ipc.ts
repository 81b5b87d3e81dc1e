import { channelNames } from '@shared/channels'
import { fail } from '@shared/result'
import { dispatch, type DispatchOptions } from '../dispatch'
import type { Handlers } from '../handlers'
import type { IpcMainLike, SenderEvent } from './ipc-types'

export interface RegisterIpcOptions {
  isTrustedSender(event: SenderEvent): boolean
  log: DispatchOptions['log']
  timeoutMs?: number
}

/**
 * The one place the main process answers IPC. For every contract channel: refuse untrusted senders
 * with a `forbidden` envelope (the handler never runs), otherwise hand over to `dispatch`, which
 * validates the payload, applies the timeout and turns throws into envelopes. Returns an unregister.
 */
export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers, options: RegisterIpcOptions): () => void {
  for (const channel of channelNames) {
    // Electron throws on a second handle() for a channel; clear any stale one first (e.g. re-start in tests).
    ipcMain.removeHandler?.(channel)
    ipcMain.handle(channel, async (event, payload) => {
      if (!safeIsTrusted(options, event)) {
        options.log.log('warn', 'ipc refused: untrusted sender', { channel, frameUrl: frameUrlOf(event) })
        return fail('forbidden', `${channel} was refused: the request did not come from the app window.`)
      }
      return dispatch(handlers, channel, payload, { log: options.log, timeoutMs: options.timeoutMs })
    })
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler?.(channel)
  }
}

function safeIsTrusted(options: RegisterIpcOptions, event: SenderEvent): boolean {
  try {
    return options.isTrustedSender(event) === true
  } catch {
    return false
  }
}

/** For the log only, truncated: a hostile frame controls this string. */
function frameUrlOf(event: SenderEvent): string | undefined {
  try {
    return event.senderFrame?.url?.slice(0, 200)
  } catch {
    return undefined
  }
}
