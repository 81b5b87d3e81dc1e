import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'
import type { LogSink } from '@core/logging/log-sink'
import { APP_ORIGIN } from '@core/security/app-url'
import { watchRendererCrashes } from './crash-recovery'
import type { ShellElectron } from './electron-types'
import { installNavigationGuards } from './navigation-guards'
import { describeError } from './shell-log'

/**
 * Security checklist #2–4, #6, #8–12 in one place: sandboxed renderer, isolated context, no Node, no
 * `<webview>`. `webSecurity`, `allowRunningInsecureContent` and `experimentalFeatures` are left at
 * their safe defaults on purpose — setting them at all invites someone to flip them.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
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
}

/** Creates the one app window, guarded before its first navigation, and loads `app://bench/`. */
export function createMainWindow(electron: Pick<ShellElectron, 'BrowserWindow' | 'shell' | 'dialog' | 'app'>, options: MainWindowOptions): BrowserWindow {
  const { log } = options
  const win = new electron.BrowserWindow(mainWindowOptions(options.preloadPath))
  installNavigationGuards(win.webContents, { openExternal: (url) => electron.shell.openExternal(url), log })
  watchRendererCrashes(win, { dialog: electron.dialog, log, quit: () => electron.app.quit() })
  win.once('ready-to-show', () => win.show())
  win.loadURL(`${APP_ORIGIN}/`).catch((error: unknown) => {
    // A hidden window that failed to load looks like an app that never started: show it anyway.
    log.log('error', 'renderer failed to load', describeError(error))
    if (!win.isDestroyed()) win.show()
  })
  return win
}
