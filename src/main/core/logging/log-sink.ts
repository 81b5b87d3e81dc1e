export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** The narrow logging surface the core and the worker write to; the file logger implements it in main. */
export interface LogSink {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void
}

export const silentLog: LogSink = { log: () => undefined }
