import type { BrowserWindow } from 'electron'
import type { EventBus } from '@core/event-bus'
import type { LogSink } from '@core/logging/log-sink'
import type { ShellElectron } from './electron-types'
import { forwardCoreEvents } from './forward-events'
import { createMainWindow } from './main-window'

export interface AppWindowsOptions {
  preloadPath: string
  log: LogSink
  /** The window's crashes and freezes (main-window.ts `windowLog`). */
  windowLog?: LogSink
  windowStateFile: string
}

/**
 * The app's own windows. Their webContents are the only IPC senders main trusts, so the set is
 * the source of truth for the sender check; a closed window leaves it at once.
 */
export function createAppWindows(electron: Pick<ShellElectron, 'BrowserWindow' | 'shell' | 'dialog' | 'app' | 'screen'>, options: AppWindowsOptions) {
  const windows = new Set<BrowserWindow>()
  let bus: Pick<EventBus, 'subscribe'> | null = null
  const open = (): BrowserWindow => {
    const win = createMainWindow(electron, options)
    windows.add(win)
    if (bus) forwardCoreEvents(bus, win)
    win.once('closed', () => windows.delete(win))
    return win
  }
  return {
    windows: windows as ReadonlySet<BrowserWindow>,
    /** Events reach every window opened from now on. */
    forwardEventsFrom(source: Pick<EventBus, 'subscribe'>) {
      bus = source
    },
    open,
    liveContents: () => [...windows].filter((win) => !win.isDestroyed()).map((win) => win.webContents),
    /** A second launch (single-instance lock) brings the existing window forward instead. */
    bringToFront() {
      const [win] = windows
      if (!win) return
      if (win.isMinimized()) win.restore()
      win.focus()
    },
  }
}
