import type { BrowserWindow } from 'electron'
import type { EventBus } from '@core/event-bus'

/**
 * Pushes core events (`data:changed`, `sync:progress`) to one window until it closes. The preload only
 * lets allow-listed event names through to the page.
 */
export function forwardCoreEvents(bus: Pick<EventBus, 'subscribe'>, win: BrowserWindow): () => void {
  const unsubscribe = bus.subscribe((name, payload) => {
    if (win.isDestroyed() || win.webContents.isDestroyed()) return
    win.webContents.send(name, payload)
  })
  win.once('closed', () => unsubscribe())
  return () => void unsubscribe()
}
