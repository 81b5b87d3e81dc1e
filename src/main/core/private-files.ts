import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, writeFileSync, type Stats } from 'node:fs'
import { join } from 'node:path'

/**
 * The data folder is private to the user who runs the app: the folder (and logs/) 0700, every file
 * 0600 — database, -wal/-shm, backups, log files and their rotations, the lock. On Windows there are
 * no POSIX modes (the folder lives in the user's profile, which Windows ACLs already keep private),
 * so all of this is skipped there.
 *
 * How, without a process-wide umask (the Electron main process shares it with Chromium and every
 * library, and a worker thread cannot have its own):
 * - folders are created with mode 0700 and files with 0600 by the code that creates them (the lock,
 *   the log and its rotations, the database file before SQLite opens it, backups right after
 *   VACUUM INTO writes them);
 * - SQLite creates -wal, -shm and -journal itself, but gives them the mode of their database file
 *   (os_unix.c, findCreateFileMode / unixOpenSharedMemory): creating the database file 0600 first is
 *   what makes them 0600, at open and after every checkpoint. The worker also tightens any left from
 *   an older version right after opening;
 * - and the folder itself is 0700, so even a file that somehow came out wider cannot be reached by
 *   another user. The start-up check (checkPrivateDataDir) repairs folders made by older versions.
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

const hasModes = (platform: NodeJS.Platform = process.platform) => platform !== 'win32'

/** mkdir -p; the folders it creates are 0700. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/** Creates an empty file 0600 if there is none; an existing one loses any group/other access. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  else tightenFile(file)
}

/**
 * Writes a private file (0600) whole: to `<file>.tmp`, then renamed over the old one, so a crash
 * mid-write leaves the old content or the new, never half a file (the tenant list, the sealed token
 * cache, the window's place).
 */
export function writePrivateFileAtomically(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.tmp`
  writeFileSync(temporary, data, { mode: PRIVATE_FILE_MODE })
  renameSync(temporary, file)
}

/** Removes group/other access from a file if it exists (best effort: what cannot be changed is reported at start-up). */
export function tightenFile(file: string): void {
  if (!hasModes()) return
  try {
    const mode = lstatSync(file).mode & 0o777
    if (mode & 0o077) chmodSync(file, mode & 0o700)
  } catch {
    // gone already, or not ours: checkPrivateDataDir reports the latter
  }
}

export interface PrivacyCheck {
  /** Paths that were group/world-accessible and are not any more. */
  tightened: string[]
  /** Paths that are group/world-accessible and could not be changed (e.g. not the owner). */
  failed: Array<{ path: string; reason: string }>
}

export interface CheckOptions {
  platform?: NodeJS.Platform
  /** Injected by tests to simulate a folder we do not own. */
  chmod?: (path: string, mode: number) => void
}

/**
 * The start-up check: the data folder, every file directly in it, the logs/ folder and its files.
 * Anything group/world-accessible loses those bits (chmod to mode & 0700). Symbolic links are left
 * alone, and so are other subfolders (Electron's own caches under userData, which Chromium creates
 * 0700 itself; inside a 0700 folder they are out of other users' reach anyway).
 */
export function checkPrivateDataDir(dataDir: string, options: CheckOptions = {}): PrivacyCheck {
  const result: PrivacyCheck = { tightened: [], failed: [] }
  if (!hasModes(options.platform)) return result
  const chmod = options.chmod ?? chmodSync
  const visit = (path: string, stats: Stats) => {
    const mode = stats.mode & 0o777
    if ((mode & 0o077) === 0) return
    try {
      chmod(path, mode & 0o700)
      result.tightened.push(path)
    } catch (error) {
      result.failed.push({ path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message })
    }
  }
  const walk = (dir: string, depth: number) => {
    let stats: Stats
    try {
      stats = lstatSync(dir)
    } catch {
      return
    }
    if (!stats.isDirectory()) return
    visit(dir, stats)
    for (const name of safeReaddir(dir)) {
      const path = join(dir, name)
      let entry: Stats
      try {
        entry = lstatSync(path)
      } catch {
        continue
      }
      if (entry.isFile()) visit(path, entry)
      else if (entry.isDirectory() && depth === 0 && name === 'logs') walk(path, depth + 1)
    }
  }
  walk(dataDir, 0)
  return result
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
