import { describe, expect, it, vi } from 'vitest'
import { installQuitGuard } from '@main/shell/quit-guard'
import { createFakeElectron, fakeEvent } from '@support/fake-electron'
import { recordingLog } from '@support/ipc-fixtures'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('installQuitGuard', () => {
  it('cancels the first quit, closes the core once, then exits', async () => {
    const { app } = createFakeElectron()
    let finish: () => void = () => undefined
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    installQuitGuard(app as never, close, recordingLog())

    const first = fakeEvent()
    app.emit('before-quit', first)
    expect(first.defaultPrevented).toBe(true)
    const second = fakeEvent() // e.g. Cmd+Q pressed again while closing
    app.emit('before-quit', second)
    expect(second.defaultPrevented).toBe(true)
    expect(close).toHaveBeenCalledTimes(1)
    expect(app.exits).toEqual([])

    finish()
    await flush()
    expect(app.exits).toEqual([0])
    const after = fakeEvent()
    app.emit('before-quit', after)
    expect(after.defaultPrevented).toBe(false)
    expect(close).toHaveBeenCalledTimes(1)
  })

  it('exits with 1 and logs when closing fails', async () => {
    const { app } = createFakeElectron()
    const log = recordingLog()
    installQuitGuard(
      app as never,
      async () => {
        throw new Error('worker gone')
      },
      log,
    )
    app.emit('before-quit', fakeEvent())
    await flush()
    expect(app.exits).toEqual([1])
    expect(log.lines.some((line) => line.level === 'error')).toBe(true)
  })

  it('exits anyway when closing hangs past the deadline', async () => {
    const { app } = createFakeElectron()
    installQuitGuard(app as never, () => new Promise(() => undefined), recordingLog(), 20)
    app.emit('before-quit', fakeEvent())
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(app.exits).toEqual([1])
  })
})
