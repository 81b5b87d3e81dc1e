import type Database from 'better-sqlite3'
import type { ReadinessVerdict } from '@shared/domain/readiness'
import { createBenchRepo } from '../repos/bench-repo'
import { commitOpenBulkWrite } from '../sync/bulk-writer'

/**
 * Moves a device at the bench between 'scanned' and 'ready' as its readiness check says
 * (scanned → ready → provisioning …). Only those two stages: a device already provisioning,
 * resealed or failed keeps its stage whatever the check says now. Only when the check ran against
 * the device's own bench job (a look at another job must not move it). Returns whether it changed.
 */
export function syncBenchStage(db: Database.Database, deviceId: string, jobId: string | null, verdict: ReadinessVerdict, now: string): boolean {
  const bench = createBenchRepo(db)
  const row = bench.placeOf(deviceId)
  if (!row || row.jobId !== jobId) return false
  const next = row.stage === 'scanned' && verdict === 'ready' ? 'ready' : row.stage === 'ready' && verdict !== 'ready' ? 'scanned' : null
  if (!next) return false
  // The card's read is read-only (a sync's open transaction stays open for it); the move is a bench
  // write, made on its own and never inside the sync's transaction, as every other technician write.
  commitOpenBulkWrite(db)
  return bench.moveStage(deviceId, row.stage, next, now)
}
