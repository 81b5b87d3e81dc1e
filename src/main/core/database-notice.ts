import { basename } from 'node:path'
import type { CacheCheckResult } from './db/cache-check'
import type { OpenReport } from './db/open-database'
import type { AppInfo } from '@shared/app-schemas'

export type DatabaseNotice = NonNullable<AppInfo['databaseNotice']>

/**
 * What the technician is told about the database on this PC (app info → status bar and Settings), in
 * plain words: what happened, what to do, what is kept. Null when there is nothing to say.
 */
export function cacheCheckNotice(result: CacheCheckResult): DatabaseNotice | null {
  if (result.outcome !== 'damaged') return null
  if (result.userMadeDamaged) {
    return {
      kind: 'damaged',
      text:
        'The database on this PC is damaged, including records made here. Restart Autopilot Bench to repair it: ' +
        'the device list is rebuilt from Intune and every change and bench record that can still be read is kept.',
    }
  }
  return {
    kind: 'damaged',
    text: 'The device cache on this PC is damaged. Restart Autopilot Bench to rebuild it from Intune; your queued changes and bench records are kept.',
  }
}

/** A request met a damaged page before the check after start did (db/damage-found.ts). What is damaged is not known yet. */
export const requestDamageNotice: DatabaseNotice = {
  kind: 'damaged',
  text:
    'A damaged part of the database on this PC was met while reading or saving. Restart Autopilot Bench to repair it: ' +
    'the device list is rebuilt from Intune and every queued change and bench record that can still be read is kept.',
}

/** After a start that had to rebuild the database (recover-database.ts). */
export function recoveryNotice(report: OpenReport): DatabaseNotice | null {
  const recovered = report.recovered
  if (!recovered) return null
  const lead = 'The database on this PC was damaged and has been rebuilt. The device list fills again from Intune with the next sync.'
  if (recovered.lostTables.length === 0) return { kind: 'rebuilt', text: `${lead} Your queued changes and bench records were kept.` }
  return {
    kind: 'rebuilt',
    text: `${lead} Some records made on this PC could not be read; the damaged file is kept for support (${basename(recovered.corruptCopy)}).`,
  }
}
