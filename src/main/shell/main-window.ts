import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'
import type { LogSink } from '@core/logging/log-sink'
import { APP_ORIGIN } from '@core/security/app-url'
import { watchRendererCrashes } from './crash-recovery'
import type { ShellElectron } from './electron-types'
import { installNavigationGuards } from './navigation-guards'
import { describeError } from './shell-log'
import { chooseWindowPlacement, type WindowPlacement } from '@core/window/window-placement'
import { readWindowState, writeWindowState } from '@core/window/window-state-file'

/**
 * Security checklist #2–4, #6, #8–12 in one place: sandboxed renderer, isolated context, no Node, no
 * `<webview>`. `webSecurity`, `allowRunningInsecureContent` and `experimentalFeatures` are left at
 * their safe defaults on purpose — setting them at all invites someone to flip them.
 */
export function mainWindowOptions(preloadPath: string, placement: WindowPlacement): BrowserWindowConstructorOptions {
  return {
    ...placement.bounds,
    minWidth: placement.minWidth,
    minHeight: placement.minHeight,
    show: false,
    title: 'Autopilot Bench',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
    },
  }
}

export interface MainWindowOptions {
  preloadPath: string
  log: LogSink
  /**
   * Where the window's own troubles go (its renderer died, froze, did not load): lines that name no tenant,
   * which every diagnostics bundle of the time carries (ShellLog `appWide`). Default: `log`.
   */
  windowLog?: LogSink
  /** Where the window's size and place are remembered between runs (window-state.json in userData). */
  windowStateFile: string
}

/**
 * Creates the one app window, guarded before its first navigation, and loads `app://bench/`. It opens
 * where it was last closed if that is still on a display, else fitted to the primary display
 * (core/window/window-placement.ts); where it is closed is remembered.
 */
export function createMainWindow(
  electron: Pick<ShellElectron, 'BrowserWindow' | 'shell' | 'dialog' | 'app' | 'screen'>,
  options: MainWindowOptions,
): BrowserWindow {
  const { log } = options
  const windowLog = options.windowLog ?? log
  const placement = chooseWindowPlacement(
    readWindowState(options.windowStateFile),
    electron.screen.getAllDisplays().map((display) => display.workArea),
    electron.screen.getPrimaryDisplay().workArea,
  )
  const win = new electron.BrowserWindow(mainWindowOptions(options.preloadPath, placement))
  installNavigationGuards(win.webContents, { openExternal: (url) => electron.shell.openExternal(url), log })
  watchRendererCrashes(win, { dialog: electron.dialog, log: windowLog, quit: () => electron.app.quit() })
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize()
    win.show()
  })
  win.on('close', () => {
    try {
      writeWindowState(options.windowStateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() })
    } catch (error) {
      // Only the window's place is lost: it opens at its default next time.
      log.log('warn', 'window place not saved', describeError(error))
    }
  })
  win.loadURL(`${APP_ORIGIN}/`).catch((error: unknown) => {
    // A hidden window that failed to load looks like an app that never started: show it anyway.
    windowLog.log('error', 'renderer failed to load', describeError(error))
    if (!win.isDestroyed()) win.show()
  })
  return win
}
