import { describe, expect, it } from 'vitest'
import { createShellLog } from '@main/shell/shell-log'
import type { LogSink } from '@core/logging/log-sink'

/** The shell writes to the console until the core's file log exists; its window lines then go through `forApp`. */
describe('shell log', () => {
  const recorder = () => {
    const lines: string[] = []
    const sink = (tag: string): LogSink => ({ log: (_level, msg) => void lines.push(`${tag}: ${msg}`) })
    return { lines, sink }
  }

  it('routes the window’s lines to the file log’s app-wide logger, the rest to the file log itself', () => {
    const { lines, sink } = recorder()
    const consoleLines: string[] = []
    const log = createShellLog({
      debug: () => undefined,
      info: (m: string) => void consoleLines.push(m),
      warn: () => undefined,
      error: (m: string) => void consoleLines.push(m),
    })
    log.appWide.log('error', 'before the core')
    log.attach({ ...sink('file'), forApp: () => sink('app') })
    log.appWide.log('error', 'renderer process gone')
    log.log('warn', 'blocked navigation')
    log.attach(null)
    log.appWide.log('info', 'after the core')
    expect(lines).toEqual(['app: renderer process gone', 'file: blocked navigation'])
    expect(consoleLines).toEqual(['[autopilot-bench] before the core', '[autopilot-bench] after the core'])
  })

  it('a file log without forApp takes the window’s lines itself', () => {
    const { lines, sink } = recorder()
    const log = createShellLog()
    log.attach(sink('file'))
    log.appWide.log('warn', 'window unresponsive')
    expect(lines).toEqual(['file: window unresponsive'])
  })
})
