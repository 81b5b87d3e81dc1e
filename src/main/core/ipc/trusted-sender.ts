import { isAppUrl } from '../security/app-url'
import type { SenderEvent } from './ipc-types'

/**
 * Builds the IPC sender check (security checklist #17): the message must come from one of the app's
 * own windows' webContents, from a top frame currently showing our `app://bench` origin.
 *
 * `trustedContents` is read on every call so windows created later (reload, macOS re-activate) count.
 */
export function createTrustedSenderCheck(trustedContents: () => Iterable<unknown>) {
  return (event: SenderEvent): boolean => {
    let known = false
    for (const contents of trustedContents()) if (contents === event.sender) known = true
    if (!known) return false
    try {
      // senderFrame is a live getter: it is null (or throws, in older Electron) once the frame navigated away.
      const frame = event.senderFrame
      if (!frame || frame.parent) return false
      return isAppUrl(frame.url)
    } catch {
      return false
    }
  }
}
