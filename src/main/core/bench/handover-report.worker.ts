import type Database from 'better-sqlite3'
import type { BenchStage, HandoverReport } from '@shared/bench-schemas'
import { AppFailure } from '../app-error'
import { createAttemptsRepo, type StoredAttempt } from '../repos/attempts-repo'
import { createBenchRepo } from '../repos/bench-repo'
import { createJobsRepo } from '../repos/jobs-repo'
import { stageFor } from './record-attempt-event.worker'

type Row = HandoverReport['rows'][number]

function rowFor(deviceId: string, serialNumber: string, benchStage: BenchStage | null, attempts: StoredAttempt[], now: string): Row {
  const latest = attempts.at(-1)?.state ?? null
  const first = attempts.find((attempt) => attempt.state.provisionPressedAt !== null)?.state ?? null
  const lastFailure = [...attempts].reverse().find((attempt) => attempt.state.outcome?.kind === 'failure')?.state.outcome
  const provisionPressedAt = first?.provisionPressedAt ?? null
  const finishedAt = latest?.outcome?.at ?? null
  // From the first Provision press to the latest outcome (or cancel), else still running: up to now.
  const end = finishedAt ?? latest?.cancelledAt ?? now
  return {
    serialNumber,
    deviceId,
    stage: benchStage ?? (latest ? stageFor(latest) : null) ?? 'scanned',
    attempts: attempts.length,
    lastErrorCode: lastFailure?.kind === 'failure' ? (lastFailure.code ?? lastFailure.input) : null,
    provisionPressedAt,
    finishedAt,
    resealedAt: latest?.resealedAt ?? null,
    enrollmentConfirmedAt: latest?.enrollmentConfirmedAt ?? null,
    elapsedSeconds: provisionPressedAt ? Math.max(0, Math.round((Date.parse(end) - Date.parse(provisionPressedAt)) / 1000)) : null,
  }
}

/**
 * Every device of the job: at the bench under the job now, or with attempts recorded under it (a
 * device removed from the bench after shipping still counts). Resealed and failed are counted as
 * such; everything else (scanned, ready, provisioning, succeeded but not yet resealed) is pending.
 */
export function buildHandoverReport(db: Database.Database, jobId: string, now: string): HandoverReport {
  const job = createJobsRepo(db).get(jobId)
  if (!job) throw new AppFailure('not-found', 'This job no longer exists. Pick another job.')
  const bench = createBenchRepo(db)
  const byDevice = new Map<string, StoredAttempt[]>()
  for (const attempt of createAttemptsRepo(db).listForJob(jobId)) byDevice.set(attempt.deviceId, [...(byDevice.get(attempt.deviceId) ?? []), attempt])
  const onBench = new Map(bench.list(jobId).map((device) => [device.deviceId, device]))
  const deviceIds = [...new Set([...onBench.keys(), ...byDevice.keys()])]
  const rows = deviceIds.map((deviceId) => {
    const attempts = byDevice.get(deviceId) ?? []
    const benchDevice = onBench.get(deviceId)
    const serial = benchDevice?.serialNumber ?? attempts[0]?.state.serialNumber ?? ''
    return rowFor(deviceId, serial, benchDevice?.stage ?? null, attempts, now)
  })
  rows.sort((a, b) => a.serialNumber.localeCompare(b.serialNumber) || a.deviceId.localeCompare(b.deviceId))
  const count = (stage: BenchStage) => rows.filter((row) => row.stage === stage).length
  const totals = { resealed: count('resealed'), failed: count('failed'), pending: rows.length - count('resealed') - count('failed') }
  return { job, generatedAt: now, rows, totals }
}
