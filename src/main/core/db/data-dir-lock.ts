import { openSync, writeSync, closeSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../private-files'

export interface DataDirLock {
  /** The previous holder died without releasing the lock: its database may be mid-write. */
  readonly previousRunWasUnclean: boolean
  release(): void
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Autopilot Bench (process ${pid}) is already using the data folder ${dataDir}. ` +
        'Close it first, or start this one with a different data folder (`npm run web -- --data-dir DIR`, or AB_DATA_DIR for the desktop app).',
    )
    this.name = 'DataDirBusyError'
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One instance per data folder, so desktop and web mode never share a database. The lock file holds
 * the owner's pid and is created atomically (O_EXCL). Its presence at start-up with a dead owner is
 * also how we learn that the last run crashed, which triggers the full integrity check.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  makePrivateDir(dataDir) // 0700 when we create it (private-files.ts)
  const file = join(dataDir, 'autopilot-bench.lock')
  let previousRunWasUnclean = false
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', PRIVATE_FILE_MODE)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      let released = false
      return {
        previousRunWasUnclean,
        release() {
          if (released) return
          released = true
          rmSync(file, { force: true })
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(readFileSafe(file), 10)
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new DataDirBusyError(dataDir, pid)
      if (Number.isInteger(pid) && pid === process.pid) throw new DataDirBusyError(dataDir, pid)
      // Stale lock: its owner is gone without cleaning up.
      previousRunWasUnclean = true
      rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}; remove ${file} if no Autopilot Bench is running.`)
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
