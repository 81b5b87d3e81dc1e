import pino from 'pino'
import { join } from 'node:path'
import { createRotatingFile } from './rotating-file'
import { createScrubber } from './scrub'
import type { LogSink } from './log-sink'

export interface FileLogger extends LogSink {
  readonly file: string
  addSecret(secret: string): void
  /** A logger whose every line carries this user action's correlation id. */
  withCorrelation(correlationId: string): LogSink
}

/**
 * The app's one structured log: JSON lines in the data folder (`logs/app.log`), size-rotated, every
 * line scrubbed of secrets before it is written. Diagnostics export later slices it by time and id.
 */
export function createFileLogger(dataDir: string, options: { maxBytes?: number; keep?: number; level?: string } = {}): FileLogger {
  const file = join(dataDir, 'logs', 'app.log')
  const destination = createRotatingFile({ file, maxBytes: options.maxBytes ?? 5 * 1024 * 1024, keep: options.keep ?? 5 })
  const scrubber = createScrubber()
  const logger = pino(
    {
      level: options.level ?? 'debug',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (fields) => scrubber.scrub(fields) as Record<string, unknown> },
    },
    destination,
  )
  const sinkFor = (target: pino.Logger): LogSink => ({
    log: (level, msg, fields = {}) => target[level](fields, scrubber.scrubString(msg)),
  })
  return {
    file,
    addSecret: scrubber.addSecret,
    log: sinkFor(logger).log,
    withCorrelation: (correlationId) => sinkFor(logger.child({ correlationId })),
  }
}
