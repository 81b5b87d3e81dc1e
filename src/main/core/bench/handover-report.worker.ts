import type Database from 'better-sqlite3'
import type { BenchStage, HandoverReport, HandoverStatus, ManifestRow } from '@shared/bench-schemas'
import { elapsedMs, userFlowWindow } from '@shared/domain'
import { AppFailure } from '../app-error'
import { createAttemptsRepo, type StoredAttempt } from '../repos/attempts-repo'
import { createBenchRepo } from '../repos/bench-repo'
import { createHandoverFactsRepo, type DeviceFacts } from '../repos/handover-facts-repo'
import { createJobsRepo } from '../repos/jobs-repo'
import { stageFor } from './record-attempt-event.worker'
import { createCardReaders } from '../card/card-queries.worker'
import { withReadiness } from './bench-readiness.worker'

type Row = HandoverReport['rows'][number]

const statusOf = (stage: BenchStage | null): HandoverStatus => (stage === null ? 'not-seen' : stage === 'resealed' || stage === 'failed' ? stage : 'pending')

interface Seen {
  deviceId: string | null
  serialNumber: string
  benchStage: BenchStage | null
  attempts: StoredAttempt[]
  facts: DeviceFacts | null
  manifest: ManifestRow | null
  onManifest: boolean
  /** Scanned for this job once, now at the bench under another job (its name), or taken off the bench (''). */
  movedOn?: string
  /** On this job's manifest, never scanned for it, at the bench under another job (its name). */
  atBenchFor?: string
  /** At the bench for this job after being resealed for another one (its name), not provisioned here since. */
  resealedFor?: string
}

// Whole seconds counted down, as the Bench's clock (formatElapsed) shows them: 9.76 s read 0:09 there and 0:10 here.
const secondsOf = (ms: number | null) => (ms === null ? null : Math.max(0, Math.floor(ms / 1000)))

/** Intune's value (the cache) under `key` when the manifest asks for another one; nothing when they agree or either is unknown. */
function differsInIntune<K extends string>(key: K, ordered: string | undefined, inIntune: string | undefined): Partial<Record<K, string>> {
  if (!ordered || inIntune === undefined || ordered.toLowerCase() === inIntune.toLowerCase()) return {}
  return { [key]: inIntune } as Partial<Record<K, string>>
}

function rowFor(seen: Seen, now: string, jobGroupTag: string): Row {
  const { attempts } = seen
  const latest = attempts.at(-1)?.state ?? null
  const first = attempts.find((attempt) => attempt.state.provisionPressedAt !== null)?.state ?? null
  const lastFailure = [...attempts].reverse().find((attempt) => attempt.state.outcome?.kind === 'failure')?.state.outcome
  const provisionPressedAt = first?.provisionPressedAt ?? null
  const finishedAt = latest?.outcome?.at ?? null
  // From the first Provision press to the latest outcome (or cancel), else still running: up to now.
  const end = finishedAt ?? latest?.cancelledAt ?? now
  const seenAtBench = seen.benchStage !== null || attempts.length > 0 || seen.movedOn !== undefined
  const stage = seenAtBench ? (seen.benchStage ?? (latest ? stageFor(latest) : null) ?? 'scanned') : null
  const window = latest ? userFlowWindow(latest) : null
  return {
    serialNumber: seen.serialNumber,
    deviceId: seen.deviceId,
    stage,
    status: statusOf(stage),
    onManifest: seen.onManifest,
    ...(seen.movedOn ? { movedTo: seen.movedOn } : {}),
    ...(seen.atBenchFor ? { atBenchFor: seen.atBenchFor } : {}),
    ...(seen.resealedFor ? { resealedFor: seen.resealedFor } : {}),
    // The order says who gets the device and what it is called; the cache says what Intune has now.
    userPrincipalName: seen.manifest?.userPrincipalName || seen.facts?.userPrincipalName || '',
    deviceName: seen.manifest?.displayName || seen.facts?.displayName || '',
    ...differsInIntune('userInIntune', seen.manifest?.userPrincipalName, seen.facts?.userPrincipalName),
    ...differsInIntune('deviceNameInIntune', seen.manifest?.displayName, seen.facts?.displayName),
    ...(latest?.userMismatch ? { provisionedWithUser: latest.userMismatch.inIntune } : {}),
    groupTag: seen.facts?.groupTag ?? '',
    // The job's tag beside Intune's where they differ, as the user and name are flagged: a device handed over
    // under another tag gets another group's profile (letter case aside, as the readiness rule compares them).
    ...(jobGroupTag && seen.facts && seen.facts.groupTag.toLowerCase() !== jobGroupTag.toLowerCase() ? { jobGroupTag } : {}),
    profileName: seen.facts?.profileName ?? null,
    userFlowNotBefore: window?.earliestUserFlowAt ?? null,
    userFlowNotAfter: window?.userFlowDeadline ?? null,
    attempts: attempts.length,
    lastErrorCode: lastFailure?.kind === 'failure' ? (lastFailure.code ?? lastFailure.input) : null,
    provisionPressedAt,
    finishedAt,
    resealedAt: latest?.resealedAt ?? null,
    enrollmentConfirmedAt: latest?.enrollmentConfirmedAt ?? null,
    // The latest attempt's time, exactly as the Bench shows it (elapsedMs); the total covers every attempt.
    elapsedSeconds: latest ? secondsOf(elapsedMs(latest, now)) : null,
    totalElapsedSeconds: provisionPressedAt ? secondsOf(Date.parse(end) - Date.parse(provisionPressedAt)) : null,
  }
}

/**
 * Every device of the job: each manifest serial (never scanned = not seen), every device at the bench
 * under the job now, and every device with attempts recorded under it (a device removed from the bench
 * after shipping still counts). Resealed and failed are counted as such; scanned, ready, provisioning
 * and succeeded-but-not-resealed are pending. Voided attempts are left out (the audit keeps them).
 */
export function buildHandoverReport(db: Database.Database, jobId: string, now: string): HandoverReport {
  const jobs = createJobsRepo(db)
  const job = jobs.get(jobId)
  if (!job) throw new AppFailure('not-found', 'This job no longer exists. Pick another job.')
  const facts = createHandoverFactsRepo(db)
  const byDevice = new Map<string, StoredAttempt[]>()
  for (const attempt of createAttemptsRepo(db).listForJob(jobId)) byDevice.set(attempt.deviceId, [...(byDevice.get(attempt.deviceId) ?? []), attempt])
  const bench = createBenchRepo(db)
  // Before Provision a row's stage is what the Bench shows (✓ Ready or Scanned, from its readiness), not the
  // stored one, which moves only when a card is read: the report and its CSV said "Scanned" beside a "✓ Ready" row.
  const readers = createCardReaders(db)
  const onBench = new Map(
    bench.list(jobId).map((device) => [device.deviceId, device.stage === 'scanned' || device.stage === 'ready' ? withReadiness(db, device, readers) : device]),
  )
  const manifest = new Map(jobs.manifest(jobId).map((row) => [row.serialNumber.toUpperCase(), row]))
  // Scanned for this job, then moved on (scanned for another job, or taken off the bench) without an
  // attempt here: still seen at this bench, not "Not seen".
  const movedOn = new Map(
    bench
      .scannedFor(jobId)
      .filter((visit) => !onBench.has(visit.deviceId))
      .map((visit) => [visit.deviceId, visit]),
  )
  const listed = new Set<string>()
  const seen: Seen[] = [...new Set([...onBench.keys(), ...byDevice.keys(), ...movedOn.keys()])].map((deviceId) => {
    const attempts = byDevice.get(deviceId) ?? []
    const benchDevice = onBench.get(deviceId)
    const visit = movedOn.get(deviceId)
    const serialNumber = benchDevice?.serialNumber ?? attempts[0]?.state.serialNumber ?? visit?.serialNumber ?? ''
    const row = manifest.get(serialNumber.toUpperCase()) ?? null
    if (row) listed.add(row.serialNumber.toUpperCase())
    return {
      deviceId,
      serialNumber,
      benchStage: benchDevice?.stage ?? null,
      attempts,
      facts: facts.byId(deviceId),
      manifest: row,
      onManifest: row !== null,
      ...(visit ? { movedOn: visit.nowIn ?? '' } : {}),
      ...(benchDevice?.resealedBefore ? { resealedFor: benchDevice.resealedBefore.jobName ?? '' } : {}),
    }
  })
  for (const [serial, row] of manifest) {
    if (listed.has(serial)) continue
    const cached = facts.bySerial(serial)
    // Never scanned for this job, but at the bench under another one: scanned for the wrong order, perhaps.
    const place = cached ? bench.placeOf(cached.deviceId) : null
    const otherJob = place?.jobId && place.jobId !== jobId ? jobs.get(place.jobId)?.name : undefined
    seen.push({
      deviceId: cached?.deviceId ?? null,
      serialNumber: row.serialNumber,
      benchStage: null,
      attempts: [],
      facts: cached,
      manifest: row,
      onManifest: true,
      ...(otherJob ? { atBenchFor: otherJob } : {}),
    })
  }
  const rows = seen.map((item) => rowFor(item, now, job.groupTag))
  rows.sort((a, b) => a.serialNumber.localeCompare(b.serialNumber) || (a.deviceId ?? '').localeCompare(b.deviceId ?? ''))
  const count = (status: HandoverStatus) => rows.filter((row) => row.status === status).length
  const totals = {
    resealed: count('resealed'),
    failed: count('failed'),
    pending: count('pending'),
    notSeen: count('not-seen'),
    notOnManifest: manifest.size === 0 ? 0 : rows.filter((row) => !row.onManifest).length,
  }
  return { job, generatedAt: now, rows, totals }
}
