import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { PRIVATE_FILE_MODE } from '../private-files'

/**
 * A file beside the database that says "check this database fully at the next start". The
 * background cache check (cache-check.ts) writes it when it finds damage; openDatabase reads it
 * before it trusts the file and removes it once the full check (and any recovery) is done.
 *
 * A file and not a row: it is written about a database already known to be damaged (a write there
 * could fail, or land on a bad page), by a read-only connection in another thread, and it must be
 * read before SQLite opens that database. It survives a crash of the app right after the finding.
 */
export const damageMarkerPath = (dbFile: string): string => `${dbFile}.check-needed`

export interface DamageMarker {
  foundAt: string
  problems: string[]
}

export function writeDamageMarker(dbFile: string, marker: DamageMarker): void {
  writeFileSync(damageMarkerPath(dbFile), JSON.stringify(marker), { mode: PRIVATE_FILE_MODE })
}

/** The marker, or null when there is none. A marker that cannot be read still asks for the full check. */
export function readDamageMarker(dbFile: string): DamageMarker | null {
  const path = damageMarkerPath(dbFile)
  if (!existsSync(path)) return null
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<DamageMarker>
    return { foundAt: String(parsed.foundAt ?? ''), problems: Array.isArray(parsed.problems) ? parsed.problems.map(String) : [] }
  } catch {
    return { foundAt: '', problems: ['the damage marker could not be read'] }
  }
}

export function clearDamageMarker(dbFile: string): void {
  rmSync(damageMarkerPath(dbFile), { force: true })
}
