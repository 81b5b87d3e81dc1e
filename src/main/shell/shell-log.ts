import { errorFields } from '@core/logging/error-fields'
import type { LogSink } from '@core/logging/log-sink'

export interface ShellLog extends LogSink {
  /** Routes lines to the core's file log once it exists; `null` falls back to the console again. */
  attach(sink: LogSink | null): void
}

/**
 * The shell logs before the core (and its file logger) exists, and after it closed: those lines go
 * to the console, everything in between goes to the data folder's log with the rest of the app.
 */
export function createShellLog(fallback: Pick<Console, 'debug' | 'info' | 'warn' | 'error'> = console): ShellLog {
  let sink: LogSink | null = null
  return {
    log(level, msg, fields) {
      if (sink) sink.log(level, msg, fields)
      else fallback[level](`[autopilot-bench] ${msg}`, fields ?? '')
    },
    attach(next) {
      sink = next
    },
  }
}

/** Errors are not JSON-serialisable; keep what the log reader needs (no stack for an expected refusal). */
export const describeError = (error: unknown): Record<string, unknown> => errorFields(error)
