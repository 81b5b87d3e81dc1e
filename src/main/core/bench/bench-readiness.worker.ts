import type Database from 'better-sqlite3'
import type { BenchDevice } from '@shared/bench-schemas'
import { evaluateReadiness } from '@shared/domain/readiness'
import { readinessBadge } from '@shared/domain/readiness-badge'
import { createCardReaders, readCardFacts, type CardReaders } from '../card/card-queries.worker'
import { explainFromFacts, readinessInputOf } from '../card/readiness-input'

/**
 * A bench row with its readiness badge: the device card's own rules (readiness.ts) against the
 * device's bench job, from the cache, so the row and the card never disagree. A device a sync
 * dropped from the cache has no badge (null), and a job deleted meanwhile is read as no job.
 */
export function withReadiness(db: Database.Database, device: BenchDevice, readers: CardReaders = createCardReaders(db)): BenchDevice {
  let facts
  try {
    facts = readCardFacts(db, device.deviceId, device.jobId, readers)
  } catch {
    facts = readCardFacts(db, device.deviceId, null, readers)
  }
  if (!facts) return { ...device, readiness: null }
  const result = evaluateReadiness(readinessInputOf(facts, explainFromFacts(facts)))
  return { ...device, readiness: readinessBadge(result) }
}

/** Every bench row with its badge, the repositories and tenant-wide facts read once for the lot. */
export function withReadinessAll(db: Database.Database, devices: BenchDevice[]): BenchDevice[] {
  const readers = createCardReaders(db)
  return devices.map((device) => withReadiness(db, device, readers))
}
