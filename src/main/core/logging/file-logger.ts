import pino from 'pino'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createRotatingFile } from './rotating-file'
import { createScrubber, findAppRoot } from './scrub'
import type { LogSink } from './log-sink'

export interface FileLoggerOptions {
  maxBytes?: number
  keep?: number
  level?: string
  /** The app's folder, cut out of logged paths (stacks); default: the package folder above the working directory. */
  appRoot?: string
  /** Shown as `~` in logged paths; default os.homedir(). */
  home?: string
}

export interface FileLogger extends LogSink {
  readonly file: string
  addSecret(secret: string): void
  /** A logger whose every line carries this user action's correlation id. */
  withCorrelation(correlationId: string): LogSink
  /**
   * The same file, every line marked `"tenantId"` (written right after `pid`): the log is shared by
   * every tenant used on this PC, and a diagnostics bundle carries only its own tenant's lines.
   */
  forTenant(tenantId: string): FileLogger
  /**
   * The same file, every line marked `"appWide":true` (right after `pid`): lines about the app itself
   * that name no tenant, user or device (the window's crashes and freezes). Every tenant's diagnostics
   * bundle of the time carries them: a support reviewer needs to know the window died at 10:42.
   */
  forApp(): FileLogger
}

/**
 * The app's one structured log: JSON lines in the data folder (`logs/app.log`), size-rotated, every
 * line scrubbed of secrets before it is written, and of this machine's paths: the app's folder
 * becomes relative (`out/main/index.js`), the home folder `~`, `file://` goes. Diagnostics export
 * later slices it by time and id (and scrubs again, whatever was written).
 */
/**
 * `appWide` is `forApp`'s binding, which every tenant's bundle takes: a line's own field of that name
 * (on the root logger it lands where the binding would) must not pass for it.
 */
function withoutAppWide(fields: Record<string, unknown>): Record<string, unknown> {
  if (!('appWide' in fields)) return fields
  const { appWide: _dropped, ...rest } = fields
  return rest
}

export function createFileLogger(dataDir: string, options: FileLoggerOptions = {}): FileLogger {
  const file = join(dataDir, 'logs', 'app.log')
  const destination = createRotatingFile({ file, maxBytes: options.maxBytes ?? 5 * 1024 * 1024, keep: options.keep ?? 5 })
  const appRoot = options.appRoot ?? findAppRoot([process.cwd()])
  const scrubber = createScrubber({
    paths: [...(appRoot ? [{ path: appRoot, replacement: '' }] : []), { path: options.home ?? homedir(), replacement: '~' }],
  })
  const logger = pino(
    {
      level: options.level ?? 'debug',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (fields) => scrubber.scrub(withoutAppWide(fields)) as Record<string, unknown> },
    },
    destination,
  )
  const sinkFor = (target: pino.Logger): LogSink => ({
    log: (level, msg, fields = {}) => target[level](fields, scrubber.scrubString(msg)),
  })
  const loggerFor = (target: pino.Logger): FileLogger => ({
    file,
    addSecret: scrubber.addSecret,
    log: sinkFor(target).log,
    withCorrelation: (correlationId) => sinkFor(target.child({ correlationId })),
    forTenant: (tenantId) => loggerFor(logger.child({ tenantId })),
    forApp: () => loggerFor(logger.child({ appWide: true })),
  })
  return loggerFor(logger)
}
