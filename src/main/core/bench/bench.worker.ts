import { dataChanged, type DataTopic } from '@shared/data-topics'
import { validateDeviceNameTemplate } from '@shared/domain'
import { AppFailure } from '../app-error'
import { createJobsRepo, type JobFields } from '../repos/jobs-repo'
import { createBenchRepo } from '../repos/bench-repo'
import { createAttemptsRepo } from '../repos/attempts-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { parseManifestCsv, rowProblems } from './manifest-csv'
import { diffManifest } from './manifest-diff'
import { findLeadingZerosLost, restoreLeadingZeros, type SerialLookup } from './manifest-leading-zeros'
import { undoLastEvent, voidAttempt } from './correct-attempt.worker'
import { recordAttemptEvent, stageFor } from './record-attempt-event.worker'
import { corroborateEnrollment } from './corroborate-enrollment.worker'
import { buildHandoverReport } from './handover-report.worker'
import { withReadiness, withReadinessAll } from './bench-readiness.worker'
import { channelMethod, internalMethod, type GraphArgs, type WorkerContext } from '../worker/method'
import type { ParsedRequestOf, ResponseOf } from '@shared/channels'
import { resolveUsers } from '../users/resolve-users.worker'
import { createCardReaders } from '../card/card-queries.worker'
import { tenantExplanationInput } from '../card/readiness-input'
import { groupTagProfileOutcome } from '@shared/domain/group-tag-outcome'

const changed = (ctx: WorkerContext, ...topics: DataTopic[]) => ctx.emit('data:changed', dataChanged(...topics))

/** Serials as the cache has them, for the manifest's leading-zeros check. */
const serialLookup = (ctx: WorkerContext): SerialLookup => {
  const devices = createDevicesRepo(ctx.db)
  return { has: (serial) => devices.findBySerial(serial).length > 0, withLeadingZeros: (digits, longest) => devices.serialWithLeadingZeros(digits, longest) }
}
const noJob = () => new AppFailure('not-found', 'This job no longer exists. Pick another job or create it again.')

/** Confirms enrollments the cache now shows; used after a device refresh and after a sync. */
export function confirmEnrollments(ctx: WorkerContext): string[] {
  const confirmed = corroborateEnrollment(ctx.db, new Date().toISOString())
  if (confirmed.length > 0) changed(ctx, 'attempts', 'bench')
  return confirmed
}

/**
 * Worker methods for the technician flow: bench jobs, the bench and pre-provisioning attempts. Each
 * write emits `data:changed` (topics jobs, manifest, bench, attempts), which the renderer's
 * bench store listens for. Saving a job and the CSV export need the core (tenant, time zone), so
 * their handlers (bench-handlers.ts) call the dotted methods.
 */
export const benchMethods = {
  ...channelMethod('jobs:list-jobs', { readOnly: true }, (ctx, args) => ({ jobs: createJobsRepo(ctx.db).list(args.includeClosed) })),
  ...internalMethod('jobs.save', { readOnly: false }, (ctx, args: { id: string | null; job: JobFields; tenantId: string; newId: string }) => {
    const template = args.job.deviceNameTemplate
    const check = template === '' ? null : validateDeviceNameTemplate(template)
    if (check && check.errors.length > 0) throw new AppFailure('invalid', `Device name template "${template}": ${check.errors.map((e) => e.message).join(' ')}`)
    const jobs = createJobsRepo(ctx.db)
    if (args.id === null) jobs.insert({ ...args.job, id: args.newId, tenantId: args.tenantId, createdAt: new Date().toISOString() })
    else if (!jobs.update(args.id, args.job)) throw noJob()
    changed(ctx, 'jobs')
    return jobs.get(args.id ?? args.newId)!
  }),
  ...channelMethod('jobs:check-group-tag', { readOnly: true }, (ctx, args) => {
    const tag = args.groupTag.trim()
    if (tag === '') return { outcome: null }
    const tenant = createCardReaders(ctx.db).tenant()
    const profile = args.expectedProfileId ? tenant.profiles.find((p) => p.id === args.expectedProfileId) : undefined
    const expected = args.expectedProfileId ? { id: args.expectedProfileId, name: profile?.display_name ?? null } : null
    const { kind, profileName, certain, chain, warning } = groupTagProfileOutcome(tenantExplanationInput(tenant, tag, ''), tag, expected)
    return { outcome: { kind, profileName, certain, chain, warning } }
  }),
  ...channelMethod('jobs:close-job', { readOnly: false }, (ctx, args) => {
    const jobs = createJobsRepo(ctx.db)
    if (!jobs.close(args.id, new Date().toISOString())) throw noJob()
    changed(ctx, 'jobs')
    return jobs.get(args.id)!
  }),
  ...channelMethod('jobs:import-manifest', { readOnly: false }, (ctx, args) => {
    const jobs = createJobsRepo(ctx.db)
    if (!jobs.get(args.jobId)) throw noJob()
    const parsed = parseManifestCsv(args.csv)
    const { errors } = parsed
    const rows = args.restoreLeadingZeros ? restoreLeadingZeros(parsed.rows, serialLookup(ctx)).rows : parsed.rows
    // A file with no usable row never replaces (and so never wipes) the manifest the job has.
    if (rows.length > 0) {
      jobs.putManifest(args.jobId, rows, args.replace)
      changed(ctx, 'manifest', 'jobs', 'bench')
    }
    return { imported: rows.length, errors }
  }),
  // Named internally: the main-thread handler (bench-handlers.ts) adds Graph arguments when it can get a token, and
  // none offline or signed out, so the preview never fails for want of Intune (its users are then "not checked").
  ...internalMethod(
    'jobs.preview-manifest',
    { readOnly: true },
    async (ctx, args: ParsedRequestOf<'jobs:preview-manifest'> & { graph: GraphArgs | null }): Promise<ResponseOf<'jobs:preview-manifest'>> => {
      const jobs = createJobsRepo(ctx.db)
      if (!jobs.get(args.jobId)) throw noJob()
      const parsed = parseManifestCsv(args.csv)
      const { errors, unusedColumns } = parsed
      const lookup = serialLookup(ctx)
      const { rows, restored } = args.restoreLeadingZeros ? restoreLeadingZeros(parsed.rows, lookup) : { rows: parsed.rows, restored: 0 }
      const leadingZerosLost = findLeadingZerosLost(rows, lookup)
      const diff = diffManifest(jobs.manifest(args.jobId), rows)
      // Users the rows to import name: the hash-CSV check's rule (resolve-users.worker.ts), so a user Intune does not
      // have is said before the import, not when Intune refuses the assignment at delivery.
      const named = [...diff.added, ...diff.changed.map((c) => c.after)].filter((row) => row.userPrincipalName !== '')
      const exists = await resolveUsers(ctx, args.graph, [...new Set(named.map((row) => row.userPrincipalName))])
      const byUser = new Map<string, { userPrincipalName: string; serialNumbers: string[]; state: 'not-found' | 'not-checked' }>()
      for (const row of named) {
        const known = exists.get(row.userPrincipalName.toLowerCase())
        if (known === true) continue
        const key = row.userPrincipalName.toLowerCase()
        const entry = byUser.get(key) ?? { userPrincipalName: row.userPrincipalName, serialNumbers: [], state: known === false ? 'not-found' : 'not-checked' }
        entry.serialNumbers.push(row.serialNumber)
        byUser.set(key, entry)
      }
      return { ...diff, errors, unusedColumns, leadingZerosLost, leadingZerosRestored: restored, usersUnknown: [...byUser.values()] }
    },
  ),
  ...channelMethod('jobs:save-manifest-row', { readOnly: false }, (ctx, args) => {
    const jobs = createJobsRepo(ctx.db)
    if (!jobs.get(args.jobId)) throw noJob()
    const row = { ...args.row, serialNumber: args.row.serialNumber.toUpperCase() }
    const original = args.originalSerial?.trim().toUpperCase() ?? null
    const clash = original !== row.serialNumber && jobs.manifestFor(args.jobId, row.serialNumber) !== null
    const problems = rowProblems(row, clash ? 0 : undefined).map((problem) =>
      clash ? problem.replace(/ is already on line 0; only that row is imported\./, ' is already on this manifest.') : problem,
    )
    if (problems.length > 0) throw new AppFailure('invalid', problems.join(' '))
    ctx.db.transaction(() => {
      if (original !== null && original !== row.serialNumber) jobs.removeManifestRow(args.jobId, original)
      jobs.putManifest(args.jobId, [row], false)
    })()
    changed(ctx, 'manifest', 'jobs', 'bench')
    return jobs.manifestFor(args.jobId, row.serialNumber)!
  }),
  ...channelMethod('jobs:remove-manifest-row', { readOnly: false }, (ctx, args) => {
    const jobs = createJobsRepo(ctx.db)
    if (!jobs.get(args.jobId)) throw noJob()
    if (jobs.removeManifestRow(args.jobId, args.serialNumber.trim().toUpperCase())) changed(ctx, 'manifest', 'jobs', 'bench')
    return {}
  }),
  ...channelMethod('jobs:list-manifest', { readOnly: true }, (ctx, args) => {
    const jobs = createJobsRepo(ctx.db)
    if (!jobs.get(args.jobId)) throw noJob()
    return { rows: jobs.manifest(args.jobId) }
  }),
  ...channelMethod('jobs:get-handover-report', { readOnly: true }, (ctx, args) => buildHandoverReport(ctx.db, args.jobId, new Date().toISOString())),
  /** The report as of a given moment (the CSV export names its file after the same moment). */
  ...internalMethod('jobs.handover-report', { readOnly: true }, (ctx, args: { jobId: string; now: string }) =>
    buildHandoverReport(ctx.db, args.jobId, args.now),
  ),
  ...channelMethod('bench:list-devices', { readOnly: true }, async (ctx, args) => ({
    devices: await withReadinessAll(ctx.db, createBenchRepo(ctx.db).list(args.jobId)),
  })),
  ...channelMethod('bench:add-device', { readOnly: false }, (ctx, args) => {
    const deviceId = args.deviceId.toLowerCase()
    const device = createDevicesRepo(ctx.db).get(deviceId)
    if (!device) throw new AppFailure('not-found', 'This device is not in the local cache. Scan its QR code again or run a sync, then add it to the bench.')
    const job = args.jobId === null ? null : createJobsRepo(ctx.db).get(args.jobId)
    if (args.jobId !== null && !job) throw noJob()
    if (job?.closedAt) throw new AppFailure('conflict', `The job "${job.name}" is closed. Pick an open job for this device.`)
    const bench = createBenchRepo(ctx.db)
    ctx.db.transaction(() => {
      const returning = bench.placeOf(deviceId) === null
      bench.put({ deviceId, jobId: args.jobId, serialNumber: device.serialNumber, now: new Date().toISOString(), scanId: args.scanId ?? null })
      const attempts = createAttemptsRepo(ctx.db)
      // Attempts recorded at this bench before a job was picked belong to the job the device joins.
      if (args.jobId !== null) attempts.adoptInto(args.jobId, deviceId, bench.get(deviceId)!.addedAt)
      // A device taken off the bench and scanned back for the same job is where its attempt left it
      // (resealed stays resealed, in the row and the hand-over report), not "scanned" again.
      const latest = returning ? attempts.latest(deviceId) : null
      const stage = latest && latest.jobId === bench.placeOf(deviceId)?.jobId ? stageFor(latest.state) : null
      if (latest && stage) bench.setStage(deviceId, stage, latest.state.timeline.at(-1)?.at ?? latest.state.createdAt)
    })()
    changed(ctx, 'bench', 'attempts')
    return withReadiness(ctx.db, bench.get(deviceId)!)
  }),
  ...channelMethod('bench:remove-device', { readOnly: false }, (ctx, args) => {
    // Its attempts stay: they belong to the job's hand-over report and the diagnostics. What it takes away goes
    // back to the renderer, whose Undo gives it to bench:restore-device.
    const removed = createBenchRepo(ctx.db).remove(args.deviceId.toLowerCase())
    if (removed) changed(ctx, 'bench')
    return { removed }
  }),
  ...channelMethod('bench:restore-device', { readOnly: false }, (ctx, args) => {
    const { removed } = args
    const bench = createBenchRepo(ctx.db)
    const jobExists = removed.jobId !== null && createJobsRepo(ctx.db).get(removed.jobId) !== null
    if (!bench.restore(removed, jobExists)) {
      throw new AppFailure('conflict', `${removed.serialNumber} is at the bench again (scanned since it was removed), so there is nothing to put back.`)
    }
    changed(ctx, 'bench')
    return withReadiness(ctx.db, bench.get(removed.deviceId)!)
  }),
  ...channelMethod('attempts:record-event', { readOnly: false }, (ctx, args) => {
    const result = recordAttemptEvent(ctx.db, args.deviceId.toLowerCase(), args.event, new Date().toISOString())
    changed(ctx, 'attempts', 'bench')
    return { ...result, device: withReadiness(ctx.db, result.device) }
  }),
  ...channelMethod('attempts:undo-last-event', { readOnly: false }, (ctx, args) => {
    const result = undoLastEvent(ctx.db, args.deviceId.toLowerCase(), args.eventId ?? null, new Date().toISOString())
    changed(ctx, 'attempts', 'bench')
    return result
  }),
  ...channelMethod('attempts:void-attempt', { readOnly: false }, (ctx, args) => {
    const result = voidAttempt(ctx.db, args.deviceId.toLowerCase(), args.attemptNumber, args.reason, new Date().toISOString())
    changed(ctx, 'attempts', 'bench')
    return result
  }),
  ...channelMethod('attempts:list-attempts', { readOnly: true }, (ctx, args) => ({
    attempts: createAttemptsRepo(ctx.db)
      .listForDevice(args.deviceId.toLowerCase())
      .map(({ rowId: _rowId, ...record }) => record),
  })),
  ...internalMethod('attempts.confirm-enrollments', { readOnly: false }, (ctx, _args: Record<string, never>) => ({ confirmed: confirmEnrollments(ctx) })),
}
