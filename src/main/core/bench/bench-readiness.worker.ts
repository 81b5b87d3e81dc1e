import type Database from 'better-sqlite3'
import type { BenchDevice, BenchStage } from '@shared/bench-schemas'
import { evaluateReadiness } from '@shared/domain/readiness'
import { readinessBadge, type ReadinessLevel } from '@shared/domain/readiness-badge'
import { resealedBeforeBadge } from '@shared/domain/readiness-reuse'
import { createCardReaders, readCardFacts, type CardReaders } from '../card/card-queries.worker'
import { explainFromFacts, readinessInputOf } from '../card/readiness-input'
import { yieldToOtherCalls } from '../sync/bulk-writer'
import { createAuditLogRepo } from '../repos/audit-log-repo'

/**
 * The stage before Provision as the Bench shows it: 'ready' when the row's badge says ✓ Ready, else 'scanned'.
 * The stored stage moves only when a card is read (card/bench-stage.worker.ts), so a row shown "✓ Ready"
 * whose card was never opened was still 'scanned' in the hand-over report and its CSV. Both read it here.
 */
export function shownStage(stage: BenchStage, level: ReadinessLevel | null): BenchStage {
  if (stage !== 'scanned' && stage !== 'ready') return stage
  return level === 'ready' ? 'ready' : 'scanned'
}

/**
 * A bench row with its readiness badge: the device card's own rules (readiness.ts) against the
 * device's bench job, from the cache, so the row and the card never disagree. A device a sync
 * dropped from the cache has no badge (null) and says so (inCache false), and a job deleted meanwhile
 * is read as no job.
 */
export function withReadiness(db: Database.Database, device: BenchDevice, readers: CardReaders = createCardReaders(db)): BenchDevice {
  let facts
  try {
    facts = readCardFacts(db, device.deviceId, device.jobId, readers)
  } catch {
    facts = readCardFacts(db, device.deviceId, null, readers)
  }
  // Deleted by this app's Recycle: the row says so, not "if Intune deleted it".
  if (!facts)
    return { ...device, readiness: null, inCache: false, deletedHereAt: createAuditLogRepo(db).lastAt('recycle-delete-autopilot-record', device.deviceId) }
  const rules = readinessBadge(evaluateReadiness(readinessInputOf(facts, explainFromFacts(facts))))
  // Resealed for another job: what the rules cannot see yet (the cache may still show no enrollment) the bench knows.
  // A rule that already blocks (the re-used device itself, a virtual machine) says more and stays.
  const badge = device.resealedBefore && (rules.level === 'ready' || rules.level === 'unknown') ? resealedBeforeBadge(device.resealedBefore) : rules
  return { ...device, readiness: badge, stage: shownStage(device.stage, badge.level) }
}

/**
 * Bench rows whose badges are worked out between two yields (a slice: 7–8 ms on the 1M cache). A staging
 * bench holds hundreds of devices, and the list is read again whenever devices change, a sync's pages
 * included. In one go, a bench of 270 devices held the worker for 140–240 ms at each read during a sync,
 * and a scan's lookup waited behind it (bench:ui-sync).
 */
export const benchRowsPerSlice = 25

/**
 * Every bench row with its badge. The repositories and the tenant-wide facts are read once for the lot,
 * so every row is judged against the same profiles and groups; the rows go in slices, with other calls
 * on the worker (a scan's lookup, the sync's next write) let in between.
 */
export async function withReadinessAll(db: Database.Database, devices: BenchDevice[]): Promise<BenchDevice[]> {
  const readers = createCardReaders(db)
  const rows: BenchDevice[] = []
  for (let start = 0; start < devices.length; start += benchRowsPerSlice) {
    if (start > 0) await yieldToOtherCalls()
    for (const device of devices.slice(start, start + benchRowsPerSlice)) rows.push(withReadiness(db, device, readers))
  }
  return rows
}
