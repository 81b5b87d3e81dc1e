import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireDataDirLock, DataDirBusyError } from '@core/db/data-dir-lock'
import { useTempDirs } from '@support/temp-dir'

describe('data folder lock', () => {
  const tempDir = useTempDirs()

  it('lets one instance in and refuses a second one with a clear message', () => {
    const dir = tempDir()
    const first = acquireDataDirLock(dir)
    expect(first.previousRunWasUnclean).toBe(false)
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirBusyError)
    expect(() => acquireDataDirLock(dir)).toThrow(/already using the data folder/)
    first.release()
    const again = acquireDataDirLock(dir)
    expect(again.previousRunWasUnclean).toBe(false)
    again.release()
    expect(existsSync(join(dir, 'autopilot-bench.lock'))).toBe(false)
  })

  it('refuses while another live process holds the lock', () => {
    const dir = tempDir()
    // The parent of this test process is alive for the whole test.
    writeFileSync(join(dir, 'autopilot-bench.lock'), String(process.ppid))
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirBusyError)
  })

  it('takes over a stale lock from a dead process and reports the unclean exit', () => {
    const dir = tempDir()
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
    writeFileSync(join(dir, 'autopilot-bench.lock'), dead.stdout.trim())
    const lock = acquireDataDirLock(dir)
    expect(lock.previousRunWasUnclean).toBe(true)
    lock.release()
  })
})
