import type { BrowserWindow, Dialog } from 'electron'
import type { LogSink } from '@core/logging/log-sink'
import { describeError } from './shell-log'

export interface CrashRecoveryOptions {
  dialog: Pick<Dialog, 'showMessageBox'>
  log: LogSink
  quit(): void
}

/**
 * When the renderer dies (OOM, GPU crash, killed), the window turns blank with no hint. Log it and
 * offer a reload: the data lives in main, so reloading loses nothing but the current screen.
 */
export function watchRendererCrashes(win: BrowserWindow, options: CrashRecoveryOptions): void {
  let prompting = false
  win.webContents.on('render-process-gone', (_event, details) => {
    options.log.log('error', 'renderer process gone', { reason: details.reason, exitCode: details.exitCode })
    if (details.reason === 'clean-exit' || prompting || win.isDestroyed()) return
    prompting = true
    options.dialog
      .showMessageBox(win, {
        type: 'error',
        title: 'Autopilot Bench',
        message: 'The Autopilot Bench window stopped unexpectedly.',
        detail: `Reason: ${details.reason}. Your data is safe. Reload the window to continue.`,
        buttons: ['Reload', 'Quit'],
        defaultId: 0,
        cancelId: 1,
      })
      .then(({ response }) => {
        if (win.isDestroyed()) return
        if (response === 0) win.webContents.reload()
        else options.quit()
      })
      .catch((error: unknown) => options.log.log('error', 'crash dialog failed', describeError(error)))
      .finally(() => {
        prompting = false
      })
  })
  win.on('unresponsive', () => options.log.log('warn', 'window unresponsive'))
  win.on('responsive', () => options.log.log('info', 'window responsive again'))
}

/** Last-resort logging, so a stray rejection in main lands in the diagnostics log instead of nowhere. */
export function logProcessErrors(target: Pick<NodeJS.Process, 'on'>, log: LogSink): void {
  target.on('unhandledRejection', (reason) => log.log('error', 'unhandled rejection in main', describeError(reason)))
  target.on('uncaughtException', (error) => log.log('error', 'uncaught exception in main', describeError(error)))
}
