import { errorFields } from '@core/logging/error-fields'
import type { LogSink } from '@core/logging/log-sink'

/** The file log the shell writes to once the core is up (FileLogger's `forApp`, where it has one). */
export type ShellLogSink = LogSink & { forApp?(): LogSink }

export interface ShellLog extends LogSink {
  /** Routes lines to the core's file log once it exists; `null` falls back to the console again. */
  attach(sink: ShellLogSink | null): void
  /**
   * Lines about the app's window itself (its renderer died, froze, or did not load): they name no
   * tenant, user or device, so every diagnostics bundle of the time carries them (FileLogger `forApp`).
   * Other shell lines (blocked links, permission requests, a stray rejection's message) may carry
   * anything and stay out of bundles, as lines that name no tenant do.
   */
  readonly appWide: LogSink
}

/**
 * The shell logs before the core (and its file logger) exists, and after it closed: those lines go
 * to the console, everything in between goes to the data folder's log with the rest of the app.
 */
export function createShellLog(fallback: Pick<Console, 'debug' | 'info' | 'warn' | 'error'> = console): ShellLog {
  let sink: LogSink | null = null
  let appSink: LogSink | null = null
  const toConsole: LogSink['log'] = (level, msg, fields) => fallback[level](`[autopilot-bench] ${msg}`, fields ?? '')
  return {
    log(level, msg, fields) {
      if (sink) sink.log(level, msg, fields)
      else toConsole(level, msg, fields)
    },
    attach(next) {
      sink = next
      appSink = next?.forApp?.() ?? next
    },
    appWide: {
      log(level, msg, fields) {
        if (appSink) appSink.log(level, msg, fields)
        else toConsole(level, msg, fields)
      },
    },
  }
}

/** Errors are not JSON-serialisable; keep what the log reader needs (no stack for an expected refusal). */
export const describeError = (error: unknown): Record<string, unknown> => errorFields(error)
