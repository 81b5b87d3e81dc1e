import type { App } from 'electron'
import type { LogSink } from '@core/logging/log-sink'
import { describeError } from './shell-log'

/** Quitting must never hang on a stuck worker: after this, exit anyway (WAL keeps the db consistent). */
export const CLOSE_DEADLINE_MS = 10_000

/**
 * Closes the core exactly once before the process ends. `before-quit` cannot await, so the first
 * one is cancelled, the core closes (sync stops writing, SQLite checkpoints, the data-folder lock is
 * released), then `app.exit()` ends the process without a second round of quit events.
 */
export function installQuitGuard(app: Pick<App, 'on' | 'exit'>, close: () => Promise<void>, log: LogSink, deadlineMs = CLOSE_DEADLINE_MS): void {
  let state: 'running' | 'closing' | 'closed' = 'running'
  app.on('before-quit', (event) => {
    if (state === 'closed') return
    event.preventDefault()
    if (state === 'closing') return
    state = 'closing'
    let exitCode = 0
    withDeadline(close(), deadlineMs)
      .catch((error: unknown) => {
        exitCode = 1
        log.log('error', 'core did not close cleanly', describeError(error))
      })
      .finally(() => {
        state = 'closed'
        app.exit(exitCode)
      })
  })
}

function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`core.close() did not finish within ${ms} ms`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
