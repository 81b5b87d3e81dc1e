import type Database from 'better-sqlite3'
import type { ReadinessVerdict } from '@shared/domain/readiness'

/**
 * Moves a device at the bench between 'scanned' and 'ready' as its readiness check says
 * (scanned → ready → provisioning …). Only those two stages: a device already provisioning,
 * resealed or failed keeps its stage whatever the check says now. Only when the check ran against
 * the device's own bench job (a look at another job must not move it). Returns whether it changed.
 */
export function syncBenchStage(db: Database.Database, deviceId: string, jobId: string | null, verdict: ReadinessVerdict, now: string): boolean {
  const row = db.prepare('SELECT stage, job_id FROM bench_devices WHERE device_id = ?').get(deviceId) as { stage: string; job_id: string | null } | undefined
  if (!row || row.job_id !== jobId) return false
  const next = row.stage === 'scanned' && verdict === 'ready' ? 'ready' : row.stage === 'ready' && verdict !== 'ready' ? 'scanned' : null
  if (!next) return false
  return db.prepare('UPDATE bench_devices SET stage = ?, stage_since = ? WHERE device_id = ? AND stage = ?').run(next, now, deviceId, row.stage).changes > 0
}
