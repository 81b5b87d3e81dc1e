import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { buildHandoverReport } from '@core/bench/handover-report.worker'
import { handoverCsv, handoverFileName } from '@core/bench/handover-csv'
import { neutraliseFormula } from '@core/csv/neutralise-formula'
import { recordAttemptEvent } from '@core/bench/record-attempt-event.worker'
import { benchMethods } from '@core/bench/bench.worker'
import type { WorkerContext } from '@core/worker/method'
import { createBenchRepo } from '@core/repos/bench-repo'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { createJobsRepo } from '@core/repos/jobs-repo'
import { createAttemptsRepo } from '@core/repos/attempts-repo'
import { createOutboxRepo } from '@core/repos/outbox-repo'
import { elapsedMs } from '@shared/domain'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb, t } from '@support/bench-fixture'

describe('hand-over report', () => {
  const tempDir = useTempDirs()

  it('lists the job’s devices (at the bench or with attempts) with stage, attempts, last error and elapsed time; totals', () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', '=Contoso \"PO\" 4711', 't', 'x'), ('j2', 'Other', 't', 'x')").run()
    const bench = createBenchRepo(db)
    const [resealed, failed, waiting, shipped, otherJob] = devices
    for (const device of [resealed!, failed!, waiting!, shipped!]) bench.put({ deviceId: device.id, jobId: 'j1', serialNumber: device.serialNumber, now: t(0) })
    bench.put({ deviceId: otherJob!.id, jobId: 'j2', serialNumber: otherJob!.serialNumber, now: t(0) })
    const rec = (id: string, event: Parameters<typeof recordAttemptEvent>[2]) => recordAttemptEvent(db, id, event, t(0))
    rec(resealed!.id, { type: 'provision-pressed', at: t(1) })
    rec(resealed!.id, { type: 'failed', at: t(5), code: '0x81039001' })
    rec(resealed!.id, { type: 'next-action', at: t(6), action: 'retry' })
    rec(resealed!.id, { type: 'provision-pressed', at: t(7) })
    rec(resealed!.id, { type: 'succeeded', at: t(31) })
    rec(resealed!.id, { type: 'resealed', at: t(32) })
    rec(failed!.id, { type: 'provision-pressed', at: t(2) })
    rec(failed!.id, { type: 'failed', at: t(4), code: '0x80180014' })
    rec(shipped!.id, { type: 'provision-pressed', at: t(3) })
    rec(shipped!.id, { type: 'succeeded', at: t(20) })
    rec(shipped!.id, { type: 'resealed', at: t(21) })
    bench.remove(shipped!.id) // gone from the bench, still in the report
    rec(otherJob!.id, { type: 'provision-pressed', at: t(1) })

    const report = buildHandoverReport(db, 'j1', t(60))
    expect(report.rows).toHaveLength(4)
    const by = (id: string) => report.rows.find((row) => row.deviceId === id)!
    expect(by(resealed!.id)).toMatchObject({
      stage: 'resealed',
      attempts: 2,
      lastErrorCode: '0x81039001',
      provisionPressedAt: t(1),
      finishedAt: t(31),
      resealedAt: t(32),
      // The Bench's time (the latest attempt, Provision → success), and every attempt together.
      elapsedSeconds: 24 * 60,
      totalElapsedSeconds: 30 * 60,
    })
    const benchShows = elapsedMs(createAttemptsRepo(db).latest(resealed!.id)!.state, t(60))
    expect(by(resealed!.id).elapsedSeconds).toBe(benchShows! / 1000)
    // Part of a second counts down, as on the Bench's clock: 9.76 s is 0:09 in both.
    rec(waiting!.id, { type: 'provision-pressed', at: t(40) })
    rec(waiting!.id, { type: 'succeeded', at: new Date(Date.parse(t(40)) + 9_760).toISOString() })
    expect(buildHandoverReport(db, 'j1', t(60)).rows.find((row) => row.deviceId === waiting!.id)).toMatchObject({ elapsedSeconds: 9, totalElapsedSeconds: 9 })
    expect(by(failed!.id)).toMatchObject({ stage: 'failed', attempts: 1, lastErrorCode: '0x80180014', elapsedSeconds: 120 })
    expect(by(waiting!.id)).toMatchObject({ stage: 'scanned', attempts: 0, provisionPressedAt: null, elapsedSeconds: null })
    expect(by(shipped!.id)).toMatchObject({ stage: 'resealed', attempts: 1, serialNumber: shipped!.serialNumber })
    expect(report.totals).toEqual({ resealed: 2, failed: 1, pending: 1, notSeen: 0, notOnManifest: 0 })

    const csv = handoverCsv(report)
    expect(csv.startsWith('\uFEFFJob,Purchase order,Serial number,Status,Stage')).toBe(true)
    const table = parse(csv, { bom: true })
    expect(table).toHaveLength(5)
    const row = table.find((cells) => cells.includes(resealed!.id))!
    expect(row.slice(0, 5)).toEqual(['\'=Contoso "PO" 4711', '', resealed!.serialNumber, 'Resealed', 'Resealed'])
    expect(row.slice(12, 14)).toEqual(['2', '0x81039001'])
    expect(row.slice(18, 21)).toEqual(['24:00', '1440', '30:00'])
    expect(csv.split('\r\n')).toHaveLength(6)
  })

  it('lists every manifest device: resealed, failed with its code, pending, not seen, with user, name, tag, profile and the user-flow window', () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Fabrikam', 't', 'x')").run()
    db.prepare("UPDATE devices SET profile_id = 'prof-1', group_tag = 'FAB-01'").run()
    const [done, broken, waiting, unseen, stranger] = devices
    const jobs = createJobsRepo(db)
    jobs.putManifest(
      'j1',
      [done!, broken!, waiting!, unseen!].map((device, i) => ({
        serialNumber: device.serialNumber.toUpperCase(),
        userPrincipalName: `user${i}@fabrikam.com`,
        addressableUserName: '',
        displayName: `FAB-${i}`,
      })),
      true,
    )
    jobs.putManifest('j1', [{ serialNumber: 'NEVER-SYNCED-1', userPrincipalName: 'ghost@fabrikam.com', addressableUserName: '', displayName: '' }], false)
    const bench = createBenchRepo(db)
    for (const device of [done!, broken!, waiting!, stranger!]) bench.put({ deviceId: device.id, jobId: 'j1', serialNumber: device.serialNumber, now: t(0) })
    const rec = (id: string, event: Parameters<typeof recordAttemptEvent>[2]) => recordAttemptEvent(db, id, event, t(0))
    rec(done!.id, { type: 'provision-pressed', at: t(1) })
    rec(done!.id, { type: 'succeeded', at: t(30) })
    rec(done!.id, { type: 'resealed', at: t(31) })
    rec(broken!.id, { type: 'provision-pressed', at: t(1) })
    rec(broken!.id, { type: 'failed', at: t(9), code: '0x80180014' })
    // Intune has the manifest's user and name for one (however cased), another user and no name for another.
    const intune = db.prepare('UPDATE devices SET user_principal_name = ?, display_name = ? WHERE id = ?')
    intune.run('USER0@fabrikam.com', 'FAB-0', done!.id)
    intune.run('dmitri@contoso.com', '', broken!.id)

    const report = buildHandoverReport(db, 'j1', t(60))
    expect(report.rows).toHaveLength(6)
    expect(report.rows.find((row) => row.deviceId === done!.id)).not.toHaveProperty('userInIntune')
    expect(report.rows.find((row) => row.deviceId === done!.id)).not.toHaveProperty('deviceNameInIntune')
    // The manifest's user is not handed over as done when Intune has another (an assignment that failed or waits).
    expect(report.rows.find((row) => row.deviceId === broken!.id)).toMatchObject({
      userPrincipalName: 'user1@fabrikam.com',
      userInIntune: 'dmitri@contoso.com',
      deviceName: 'FAB-1',
      deviceNameInIntune: '',
    })
    const by = (serial: string) => report.rows.find((row) => row.serialNumber.toUpperCase() === serial.toUpperCase())!
    expect(by(done!.serialNumber)).toMatchObject({
      status: 'resealed',
      onManifest: true,
      userPrincipalName: 'user0@fabrikam.com',
      deviceName: 'FAB-0',
      groupTag: 'FAB-01',
      profileName: 'Contoso pre-provisioning',
      userFlowNotBefore: t(30 + 90),
      userFlowNotAfter: '2027-05-20T09:30:00.000Z',
    })
    expect(by(broken!.serialNumber)).toMatchObject({ status: 'failed', lastErrorCode: '0x80180014', userFlowNotBefore: null })
    expect(by(waiting!.serialNumber)).toMatchObject({ status: 'pending', stage: 'scanned' })
    expect(by(unseen!.serialNumber)).toMatchObject({
      status: 'not-seen',
      stage: null,
      deviceId: unseen!.id,
      groupTag: 'FAB-01',
      userPrincipalName: 'user3@fabrikam.com',
    })
    expect(by('NEVER-SYNCED-1')).toMatchObject({ status: 'not-seen', deviceId: null, profileName: null, userPrincipalName: 'ghost@fabrikam.com' })
    expect(by(stranger!.serialNumber)).toMatchObject({ status: 'pending', onManifest: false })
    expect(report.totals).toEqual({ resealed: 1, failed: 1, pending: 2, notSeen: 2, notOnManifest: 1 })

    const table: string[][] = parse(handoverCsv(report), { bom: true })
    const header = table[0]!
    const cell = (serial: string, column: string) => table.find((cells) => cells[2]?.toUpperCase() === serial.toUpperCase())![header.indexOf(column)]
    expect(cell(unseen!.serialNumber, 'Status')).toBe('Pending (not seen at the bench)')
    expect(cell(done!.serialNumber, 'User')).toBe('user0@fabrikam.com')
    expect(cell(done!.serialNumber, 'Device name')).toBe('FAB-0')
    expect(cell(done!.serialNumber, 'Group tag')).toBe('FAB-01')
    expect(cell(done!.serialNumber, 'Deployment profile')).toBe('Contoso pre-provisioning')
    expect(cell(done!.serialNumber, 'User flow not before (UTC)')).toBe(t(120))
    expect(cell(done!.serialNumber, 'User flow not after (UTC)')).toBe('2027-05-20T09:30:00.000Z')
    expect(cell(stranger!.serialNumber, 'On manifest')).toBe('No')
    expect(cell(broken!.serialNumber, "User in Intune, if not the manifest's")).toBe('dmitri@contoso.com')
    expect(cell(broken!.serialNumber, "Device name in Intune, if not the manifest's")).toBe('(none)')
    expect(cell(done!.serialNumber, "User in Intune, if not the manifest's")).toBe('')
  })

  it("flags a device whose group tag is not the job's (⚠ in the row and the CSV), letter case aside, as the user and name are flagged", () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, group_tag, created_at) VALUES ('j1', 'Fabrikam', 't', 'BENCH-OSL', 'x')").run()
    const [right, cased, wrong] = devices
    const tag = db.prepare('UPDATE devices SET group_tag = ? WHERE id = ?')
    tag.run('BENCH-OSL', right!.id)
    tag.run('bench-osl', cased!.id)
    tag.run('BENCH-SEA', wrong!.id)
    const bench = createBenchRepo(db)
    for (const device of [right!, cased!, wrong!]) bench.put({ deviceId: device.id, jobId: 'j1', serialNumber: device.serialNumber, now: t(0) })

    const report = buildHandoverReport(db, 'j1', t(60))
    const by = (id: string) => report.rows.find((row) => row.deviceId === id)!
    expect(by(wrong!.id)).toMatchObject({ groupTag: 'BENCH-SEA', jobGroupTag: 'BENCH-OSL' })
    expect(by(right!.id)).not.toHaveProperty('jobGroupTag')
    expect(by(cased!.id)).not.toHaveProperty('jobGroupTag')
    const table: string[][] = parse(handoverCsv(report), { bom: true })
    const column = table[0]!.indexOf("Job's group tag, if not the device's")
    const cell = (serial: string) => table.find((cells) => cells[2] === serial)![column]
    expect(cell(wrong!.serialNumber)).toBe('⚠ BENCH-OSL')
    expect(cell(right!.serialNumber)).toBe('')
  })

  it('a resealed device taken off the bench and scanned back for its job stays resealed (row and report); for another job it starts as scanned', async () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Contoso', 't', 'x'), ('j2', 'Fabrikam', 't', 'x')").run()
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    const add = (deviceId: string, jobId: string) => benchMethods['bench:add-device'].run(ctx, { deviceId, jobId })
    const [device, other] = devices
    await add(device!.id, 'j1')
    const rec = (event: Parameters<typeof recordAttemptEvent>[2]) => recordAttemptEvent(db, device!.id, event, t(0))
    rec({ type: 'provision-pressed', at: t(1) })
    rec({ type: 'succeeded', at: t(20) })
    rec({ type: 'resealed', at: t(21) })
    createBenchRepo(db).remove(device!.id)
    const back = await add(device!.id, 'j1')
    expect(back).toMatchObject({ stage: 'resealed', stageSince: t(21) })
    expect(buildHandoverReport(db, 'j1', t(60)).totals).toMatchObject({ resealed: 1, pending: 0 })
    // Scanned again while on the bench: unchanged.
    expect(await add(device!.id, 'j1')).toMatchObject({ stage: 'resealed' })
    // A device whose attempt belongs to another job is new to this one.
    await add(other!.id, 'j1')
    recordAttemptEvent(db, other!.id, { type: 'provision-pressed', at: t(2) }, t(0))
    recordAttemptEvent(db, other!.id, { type: 'succeeded', at: t(22) }, t(0))
    recordAttemptEvent(db, other!.id, { type: 'resealed', at: t(23) }, t(0))
    createBenchRepo(db).remove(other!.id)
    expect(await add(other!.id, 'j2')).toMatchObject({ stage: 'scanned' })
    expect(buildHandoverReport(db, 'j2', t(60)).totals).toMatchObject({ resealed: 0, pending: 1 })
    expect(buildHandoverReport(db, 'j1', t(60)).totals).toMatchObject({ resealed: 2 })
    db.close()
  })

  it('a device resealed for a job and scanned for another while still at the bench is not provisioned in the new one: Scanned, no attempt, pending, named', async () => {
    // A walk: resealed in job A, scanned while job B was active: B's row read "■ Resealed · Box it and ship it" with A's
    // attempts, and B's hand-over counted it Resealed with no attempt and no reseal time.
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Contoso PO 4711', 't', 'x'), ('j2', 'Fabrikam PO 88', 't', 'x')").run()
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    const add = (deviceId: string, jobId: string) => benchMethods['bench:add-device'].run(ctx, { deviceId, jobId })
    const [device] = devices
    await add(device!.id, 'j1')
    const rec = (event: Parameters<typeof recordAttemptEvent>[2]) => recordAttemptEvent(db, device!.id, event, t(0))
    rec({ type: 'provision-pressed', at: t(1) })
    rec({ type: 'succeeded', at: t(20) })
    rec({ type: 'resealed', at: t(21) })
    const moved = await add(device!.id, 'j2')
    expect(moved).toMatchObject({ jobId: 'j2', stage: 'scanned', attempt: null, attemptCount: 0 })
    expect(moved.resealedBefore).toEqual({ jobId: 'j1', jobName: 'Contoso PO 4711', attemptNumber: 1, resealedAt: t(21) })
    const listed = (await benchMethods['bench:list-devices'].run(ctx, { jobId: 'j2' })).devices.find((row) => row.deviceId === device!.id)!
    expect(listed).toMatchObject({ stage: 'scanned', attempt: null })
    // The cache does not show the enrollment yet (the reuse rule passes): the bench's own record says it.
    expect(listed.readiness).toMatchObject({ level: 'not-ready', ruleId: 're-enrollment' })
    expect(listed.readiness?.next).toMatch(/^Already resealed for Contoso PO 4711 \(attempt 1\): it used its one-time pre-provisioning\./)
    const report = buildHandoverReport(db, 'j2', t(60))
    expect(report.rows.find((row) => row.deviceId === device!.id)).toMatchObject({
      status: 'pending',
      stage: 'scanned',
      attempts: 0,
      resealedAt: null,
      resealedFor: 'Contoso PO 4711',
    })
    expect(report.totals).toMatchObject({ resealed: 0, pending: 1 })
    const table: string[][] = parse(handoverCsv(report), { bom: true })
    expect(table[1]![table[0]!.indexOf('Already resealed for job')]).toBe('Contoso PO 4711')
    // Job A still has it resealed, moved on to B.
    expect(buildHandoverReport(db, 'j1', t(60)).rows[0]).toMatchObject({ status: 'resealed', resealedAt: t(21), movedTo: 'Fabrikam PO 88' })
    // Provisioned for B: B's own attempt, and nothing more is said of A's.
    rec({ type: 'provision-pressed', at: t(30) })
    const now = createBenchRepo(db).get(device!.id)!
    // Attempts are numbered per device: this one is its second.
    expect(now).toMatchObject({ stage: 'provisioning', attemptCount: 2 })
    expect(now.attempt?.jobId).toBe('j2')
    expect(now.resealedBefore).toBeUndefined()
    db.close()
  })

  it('an attempt that ran while Intune had another user than the manifest’s keeps that in the hand-over, after the assignment lands', async () => {
    // A walk: Intune did not answer the assignment of ben.brown; the device was provisioned (with felix.tanaka) and resealed;
    // once the change landed the hand-over row read clean: ben.brown, Resealed, no warning.
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Contoso PO 4711', 't', 'x')").run()
    const [device, clean] = devices
    const cached = (upn: string) =>
      createDevicesRepo(db).save(
        [
          { ...device!, userPrincipalName: upn },
          { ...clean!, userPrincipalName: 'anna@contoso.com' },
        ],
        t(0),
      )
    cached('felix.tanaka@contoso.com')
    createJobsRepo(db).putManifest(
      'j1',
      [
        { serialNumber: device!.serialNumber.toUpperCase(), userPrincipalName: 'ben.brown@contoso.com', addressableUserName: '', displayName: '' },
        { serialNumber: clean!.serialNumber.toUpperCase(), userPrincipalName: 'anna@contoso.com', addressableUserName: '', displayName: '' },
      ],
      true,
    )
    const change = createOutboxRepo(db).queue(
      device!.id,
      { kind: 'assign-user', userPrincipalName: 'ben.brown@contoso.com', addressableUserName: 'Ben' },
      'c1',
    )!
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    for (const one of [device!, clean!]) await benchMethods['bench:add-device'].run(ctx, { deviceId: one.id, jobId: 'j1' })
    for (const one of [device!, clean!]) {
      recordAttemptEvent(db, one.id, { type: 'provision-pressed', at: t(1) }, t(1))
      // Recorded now (the undo below is within its grace period).
      recordAttemptEvent(db, one.id, { type: 'succeeded', at: t(20) }, new Date().toISOString())
    }
    const mismatch = { inIntune: 'felix.tanaka@contoso.com', manifest: 'ben.brown@contoso.com', waiting: true }
    expect(createAttemptsRepo(db).latest(device!.id)!.state.userMismatch).toEqual(mismatch)
    expect(createAttemptsRepo(db).latest(clean!.id)!.state.userMismatch ?? null).toBeNull()
    // The undo of S replays P as it was stored, with what Intune had then.
    await benchMethods['attempts:undo-last-event'].run(ctx, { deviceId: device!.id })
    expect(createAttemptsRepo(db).latest(device!.id)!.state).toMatchObject({ phase: 'provisioning', userMismatch: mismatch })
    recordAttemptEvent(db, device!.id, { type: 'succeeded', at: t(21) }, t(21))
    recordAttemptEvent(db, device!.id, { type: 'resealed', at: t(22) }, t(22))
    // The change lands: Intune now has ben.brown, the manifest's.
    createOutboxRepo(db).setState(change.id, 'done')
    cached('ben.brown@contoso.com')
    const report = buildHandoverReport(db, 'j1', t(60))
    const row = report.rows.find((one) => one.deviceId === device!.id)!
    expect(row).toMatchObject({ status: 'resealed', userPrincipalName: 'ben.brown@contoso.com', provisionedWithUser: 'felix.tanaka@contoso.com' })
    expect(row.userInIntune).toBeUndefined()
    expect(report.rows.find((one) => one.deviceId === clean!.id)!.provisionedWithUser).toBeUndefined()
    const table: string[][] = parse(handoverCsv(report), { bom: true })
    const column = table[0]!.indexOf("User in Intune when provisioned, if not the manifest's")
    expect(table.find((cells) => cells.includes(device!.id))![column]).toBe('felix.tanaka@contoso.com')
    expect(table.find((cells) => cells.includes(clean!.id))![column]).toBe('')
    db.close()
  })

  it('a device scanned for a job and then for another stays seen in the first job’s report, moved to the second; Remove from bench takes a mistake out', async () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Contoso PO 4711', 't', 'x'), ('j2', 'Fabrikam PO 99', 't', 'x')").run()
    const [moved, mistake] = devices
    createJobsRepo(db).putManifest(
      'j1',
      [moved!, mistake!].map((device) => ({
        serialNumber: device.serialNumber.toUpperCase(),
        userPrincipalName: '',
        addressableUserName: '',
        displayName: '',
      })),
      true,
    )
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    const add = (deviceId: string, jobId: string) => benchMethods['bench:add-device'].run(ctx, { deviceId, jobId })
    await add(moved!.id, 'j1')
    await add(mistake!.id, 'j1')
    await add(moved!.id, 'j2')
    await benchMethods['bench:remove-device'].run(ctx, { deviceId: mistake!.id })
    const report = buildHandoverReport(db, 'j1', t(60))
    expect(report.rows.find((row) => row.deviceId === moved!.id)).toMatchObject({ status: 'pending', stage: 'scanned', movedTo: 'Fabrikam PO 99' })
    expect(report.rows.find((row) => row.serialNumber.toUpperCase() === mistake!.serialNumber.toUpperCase())).toMatchObject({ status: 'not-seen' })
    expect(report.totals).toMatchObject({ pending: 1, notSeen: 1 })
    // A manifest device never scanned for this job but at the bench for the other: still not seen here, and says where it is.
    const [, , elsewhere] = devices
    createJobsRepo(db).putManifest(
      'j1',
      [{ serialNumber: elsewhere!.serialNumber.toUpperCase(), userPrincipalName: '', addressableUserName: '', displayName: '' }],
      false,
    )
    await add(elsewhere!.id, 'j2')
    expect(buildHandoverReport(db, 'j1', t(60)).rows.find((row) => row.deviceId === elsewhere!.id)).toMatchObject({
      status: 'not-seen',
      atBenchFor: 'Fabrikam PO 99',
    })
    // The second job has it as its own, not moved.
    expect(buildHandoverReport(db, 'j2', t(60)).rows.filter((row) => row.movedTo !== undefined || row.atBenchFor !== undefined)).toEqual([])
    const table: string[][] = parse(handoverCsv(report), { bom: true })
    expect(table.find((cells) => cells[2]?.toUpperCase() === moved!.serialNumber.toUpperCase())![table[0]!.indexOf('Moved to job')]).toBe('Fabrikam PO 99')
    db.close()
  })

  it('a device registered again under a new id (a board swap) replaces its stale row on the bench: one row per serial', async () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Contoso', 't', 'x')").run()
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    const [old] = devices
    await benchMethods['bench:add-device'].run(ctx, { deviceId: old!.id, jobId: 'j1' })
    // Deregistered (it leaves the cache), then registered again: same serial, new Autopilot id.
    createDevicesRepo(db).remove(old!.id)
    createDevicesRepo(db).save([{ ...old!, id: 'new-registration-id' }], t(1))
    await benchMethods['bench:add-device'].run(ctx, { deviceId: 'new-registration-id', jobId: 'j1' })
    expect(
      createBenchRepo(db)
        .list('j1')
        .map((row) => [row.deviceId, row.serialNumber]),
    ).toEqual([['new-registration-id', old!.serialNumber]])
    expect(buildHandoverReport(db, 'j1', t(60)).rows.map((row) => row.deviceId)).toEqual(['new-registration-id'])
    db.close()
  })

  it('neutralises spreadsheet formulas and builds a file-safe name with the local date', () => {
    expect(['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', '\rx', 'PF1ABC', '0x80180014'].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+SUM(A1)",
      "'-2",
      "'@cmd",
      "'\tx",
      "'\rx",
      'PF1ABC',
      '0x80180014',
    ])
    const at = new Date('2026-11-23T23:30:00Z')
    expect(handoverFileName('Contoso — PO 4711 / Zürich', at, 'UTC')).toBe('handover-contoso-po-4711-zurich-2026-11-23.csv')
    expect(handoverFileName('Contoso', at, 'Europe/Berlin')).toBe('handover-contoso-2026-11-24.csv')
    expect(handoverFileName('***', at, 'UTC')).toBe('handover-job-2026-11-23.csv')
  })
})
