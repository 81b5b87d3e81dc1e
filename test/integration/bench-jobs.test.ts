import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { useCoreOnMock } from '@support/core-on-mock'
import type { AttemptEvent } from '@shared/domain'
import { readFileSync } from 'node:fs'
import { channels } from '@shared/channels'
import { dataChangedSchema, dataTopics } from '@shared/data-topics'
import { dispatch } from '@core/dispatch'
import Database from 'better-sqlite3'
import { join } from 'node:path'

/** Bench jobs, the bench and attempts through the real database worker and the handlers. */
describe('bench jobs, bench and attempts (core on the mock)', () => {
  const start = useCoreOnMock()

  async function setup() {
    const fixture = await start({ seed: 11, devices: 60, throttle: 'off' })
    const changed: string[][] = []
    fixture.core.bus.subscribe((name, payload) => {
      if (name === 'data:changed') changed.push((payload as { topics: string[] }).topics)
    })
    const devices = (await fixture.handlers['devices:list-devices']({ search: '', limit: 60, after: null, position: null }, fixture.ctx)).items
    return { ...fixture, changed, devices }
  }

  it('creates, edits, lists and closes jobs with the cached profile name; refuses unknown jobs and bad templates', async () => {
    const { handlers, ctx, mock, changed } = await setup()
    const profiles = (await (
      await fetch(`${mock.url}/beta/deviceManagement/windowsAutopilotDeploymentProfiles`, { headers: { Authorization: `Bearer ${mock.token}` } })
    ).json()) as { value: Array<{ id: string; displayName: string }> }
    const profile = profiles.value[0]!
    const job = await handlers['jobs:save-job'](
      {
        id: null,
        job: { name: 'Contoso PO 4711', purchaseOrder: 'PO-4711', expectedProfileId: profile.id, groupTag: 'BENCH-LDN', deviceNameTemplate: 'LDN-%SERIAL%' },
      },
      ctx,
    )
    expect(job).toMatchObject({ tenantId: 'demo', expectedProfileName: profile.displayName, manifestRows: 0, closedAt: null })
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(changed.flat()).toContain('jobs')
    const edited = await handlers['jobs:save-job'](
      { id: job.id, job: { name: 'Contoso PO 4711 (rush)', purchaseOrder: 'PO-4711', expectedProfileId: null, groupTag: 'BENCH-LDN', deviceNameTemplate: '' } },
      ctx,
    )
    expect(edited).toMatchObject({ id: job.id, name: 'Contoso PO 4711 (rush)', expectedProfileName: null, createdAt: job.createdAt })
    await expect(
      handlers['jobs:save-job']({ id: 'nope', job: { name: 'x', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } }, ctx),
    ).rejects.toMatchObject({ code: 'not-found' })
    await expect(
      handlers['jobs:save-job'](
        { id: null, job: { name: 'x', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: 'THIS-IS-FAR-TOO-LONG' } },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'invalid' })
    expect((await handlers['jobs:list-jobs']({ includeClosed: false }, ctx)).jobs.map((j) => j.id)).toEqual([job.id])
    expect((await handlers['jobs:close-job']({ id: job.id }, ctx)).closedAt).not.toBeNull()
    expect((await handlers['jobs:list-jobs']({ includeClosed: false }, ctx)).jobs).toEqual([])
    expect((await handlers['jobs:list-jobs']({ includeClosed: true }, ctx)).jobs.map((j) => j.id)).toEqual([job.id])
  })

  it('imports a manifest with per-line errors, replaces it, and loses nothing on a garbage file', async () => {
    const { handlers, ctx, changed } = await setup()
    const job = await handlers['jobs:save-job'](
      { id: null, job: { name: 'Manifest', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } },
      ctx,
    )
    const csv = '\uFEFFSerial number;UPN;User friendly name;Device name\r\nab1;anna@contoso.com;Anna;LDN-AB1\r\nab2;anna;;\r\nAB1;x@contoso.com;;\r\nab3;;;\r\n'
    const result = await handlers['jobs:import-manifest']({ jobId: job.id, csv, replace: true, restoreLeadingZeros: false }, ctx)
    expect(result).toEqual({
      imported: 2,
      errors: [
        { line: 3, message: expect.stringMatching(/not a user principal name/) },
        { line: 4, message: expect.stringMatching(/already on line 2/) },
      ],
    })
    expect(changed.flat()).toContain('manifest')
    expect((await handlers['jobs:list-manifest']({ jobId: job.id }, ctx)).rows.map((r) => r.serialNumber)).toEqual(['AB1', 'AB3'])
    await expect(
      handlers['jobs:import-manifest']({ jobId: job.id, csv: '\u0000\u0001PK\u0003\u0004\uFFFD\uFFFD', replace: true, restoreLeadingZeros: false }, ctx),
    ).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/not a CSV/),
    })
    expect((await handlers['jobs:list-jobs']({ includeClosed: false }, ctx)).jobs[0]!.manifestRows).toBe(2)
    await handlers['jobs:import-manifest']({ jobId: job.id, csv: 'serial\nzz9\n', replace: true, restoreLeadingZeros: false }, ctx)
    expect((await handlers['jobs:list-manifest']({ jobId: job.id }, ctx)).rows.map((r) => r.serialNumber)).toEqual(['ZZ9'])
    await expect(
      handlers['jobs:import-manifest']({ jobId: 'missing', csv: 'serial\nA\n', replace: true, restoreLeadingZeros: false }, ctx),
    ).rejects.toMatchObject({ code: 'not-found' })
  })

  it('adds devices to the bench (joined with the cache), moves them between jobs, removes them', async () => {
    const { handlers, ctx, devices, changed } = await setup()
    const job = await handlers['jobs:save-job'](
      { id: null, job: { name: 'Bench', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } },
      ctx,
    )
    const [first, second] = devices
    const added = await handlers['bench:add-device']({ deviceId: first!.id, jobId: null }, ctx)
    expect(added).toMatchObject({
      deviceId: first!.id,
      serialNumber: first!.serialNumber,
      manufacturer: first!.manufacturer,
      model: first!.model,
      stage: 'scanned',
      jobId: null,
      attempt: null,
      attemptCount: 0,
      // When the cached record was read from Intune: the row says when it was last checked.
      checkedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    })
    await handlers['bench:add-device']({ deviceId: second!.id.toUpperCase(), jobId: job.id }, ctx)
    expect((await handlers['bench:add-device']({ deviceId: first!.id, jobId: job.id }, ctx)).addedAt).toBe(added.addedAt)
    expect((await handlers['bench:add-device']({ deviceId: first!.id, jobId: null }, ctx)).jobId).toBe(job.id)
    expect((await handlers['bench:list-devices']({ jobId: null }, ctx)).devices.map((d) => d.deviceId)).toEqual([first!.id, second!.id])
    expect((await handlers['bench:list-devices']({ jobId: job.id }, ctx)).devices).toHaveLength(2)
    expect(changed.flat()).toContain('bench')
    await expect(handlers['bench:add-device']({ deviceId: 'not-in-the-cache', jobId: null }, ctx)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/run a sync/),
    })
    await handlers['bench:remove-device']({ deviceId: first!.id }, ctx)
    expect((await handlers['bench:list-devices']({ jobId: null }, ctx)).devices.map((d) => d.deviceId)).toEqual([second!.id])
  })

  it('Undo of "Remove from bench" puts the device back exactly: stage and its time, first scan, attempts, job and hand-over report', async () => {
    const { handlers, ctx, devices } = await setup()
    const job = await handlers['jobs:save-job'](
      { id: null, job: { name: 'Undo', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } },
      ctx,
    )
    const [first, second] = devices
    await handlers['bench:add-device']({ deviceId: first!.id, jobId: job.id }, ctx)
    await handlers['bench:add-device']({ deviceId: second!.id, jobId: job.id }, ctx)
    const t0 = Date.now() - 60_000
    const at = (s: number) => new Date(t0 + s * 1000).toISOString()
    const events: AttemptEvent[] = [
      { type: 'provision-pressed', at: at(0) },
      { type: 'succeeded', at: at(10) },
      { type: 'resealed', at: at(20) },
    ]
    for (const event of events) await handlers['attempts:record-event']({ deviceId: first!.id, event: event as never }, ctx)
    const before = (await handlers['bench:list-devices']({ jobId: null }, ctx)).devices
    const reportBefore = await handlers['jobs:get-handover-report']({ jobId: job.id }, ctx)
    const { removed } = await handlers['bench:remove-device']({ deviceId: first!.id }, ctx)
    expect(removed).toMatchObject({ deviceId: first!.id, serialNumber: first!.serialNumber, jobId: job.id, stage: 'resealed', stageSince: at(20) })
    // A device scanned by mistake (no attempt) leaves the job's report with it (docs/bench-jobs.md).
    const mistake = (await handlers['bench:remove-device']({ deviceId: second!.id }, ctx)).removed
    expect((await handlers['jobs:get-handover-report']({ jobId: job.id }, ctx)).rows.map((row) => row.deviceId)).not.toContain(second!.id)
    expect(await handlers['bench:restore-device']({ removed: removed! }, ctx)).toMatchObject({
      deviceId: first!.id,
      stage: 'resealed',
      attemptCount: 1,
      jobId: job.id,
    })
    await handlers['bench:restore-device']({ removed: mistake! }, ctx)
    expect((await handlers['bench:list-devices']({ jobId: null }, ctx)).devices).toEqual(before)
    expect(await handlers['jobs:get-handover-report']({ jobId: job.id }, ctx)).toEqual({ ...reportBefore, generatedAt: expect.any(String) })
    // Back at the bench (scanned again, or a second Undo): nothing to put back, and nothing changes.
    await expect(handlers['bench:restore-device']({ removed: removed! }, ctx)).rejects.toMatchObject({ code: 'conflict' })
    expect((await handlers['bench:remove-device']({ deviceId: 'not-at-the-bench' }, ctx)).removed).toBeNull()
  })

  it('one scan is one bench_scans row, however many times it adds the device (cached answer, online refresh); a later scan is another', async () => {
    const { handlers, ctx, core, devices, dataDir } = await setup()
    const job = await handlers['jobs:save-job'](
      { id: null, job: { name: 'Bench', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } },
      ctx,
    )
    const device = devices[0]!
    const add = async (jobId: string | null, scanId?: string) => {
      const answer = await dispatch(handlers, 'bench:add-device', { deviceId: device.id, jobId, ...(scanId ? { scanId } : {}) }, { log: core.log })
      expect(answer.ok).toBe(true)
    }
    const db = new Database(join(dataDir, 'cache-demo.db'), { readonly: true })
    const scans = () => db.prepare('SELECT at FROM bench_scans WHERE device_id = ?').pluck().all(device.id) as string[]
    try {
      // The scan's cached answer and its online refresh: also for a device at the bench under a job while no job is active.
      await add(job.id, 'scan-1')
      await add(job.id, 'scan-1')
      expect(scans()).toHaveLength(1)
      await add(null, 'scan-2')
      await add(null, 'scan-2')
      expect(scans()).toHaveLength(2)
      // The same device scanned again later, with the job active and the device already under it: a scan of its own.
      await add(job.id, 'scan-3')
      expect(scans()).toHaveLength(3)
      // A caller that names no scan: each call is one.
      await add(job.id)
      expect(scans()).toHaveLength(4)
      // The bench row keeps its first scan's time and its job throughout.
      const [row] = (await handlers['bench:list-devices']({ jobId: job.id }, ctx)).devices
      expect(row).toMatchObject({ deviceId: device.id, jobId: job.id, addedAt: scans()[0] })
    } finally {
      db.close()
    }
  })

  it('a device provisioned before a job was picked joins the job with its attempt; a closed job takes no devices', async () => {
    const { handlers, ctx, devices } = await setup()
    const job = await handlers['jobs:save-job'](
      { id: null, job: { name: 'Late job', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } },
      ctx,
    )
    const device = devices[2]!
    const pressed = await handlers['attempts:record-event'](
      { deviceId: device.id, event: { type: 'provision-pressed', at: new Date(Date.now() - 1000).toISOString() } },
      ctx,
    )
    expect(pressed.device).toMatchObject({ stage: 'provisioning', jobId: null })
    expect(pressed.attempt.jobId).toBeNull()
    const joined = await handlers['bench:add-device']({ deviceId: device.id, jobId: job.id }, ctx)
    expect(joined).toMatchObject({ jobId: job.id, stage: 'provisioning', attempt: { jobId: job.id } })
    expect((await handlers['jobs:get-handover-report']({ jobId: job.id }, ctx)).rows).toEqual([
      expect.objectContaining({ deviceId: device.id, attempts: 1, stage: 'provisioning' }),
    ])
    await handlers['jobs:close-job']({ id: job.id }, ctx)
    await expect(handlers['bench:add-device']({ deviceId: devices[3]!.id, jobId: job.id }, ctx)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/is closed/),
    })
  })

  it('a full sync confirms the enrollment of a resealed device, as a device refresh does', async () => {
    const { handlers, ctx, core, devices } = await setup()
    const device = devices.find((d) => d.enrollmentState === 'enrolled')!
    const record = (event: AttemptEvent) => handlers['attempts:record-event']({ deviceId: device.id, event: event as never }, ctx)
    const now = () => new Date().toISOString()
    await record({ type: 'provision-pressed', at: now() })
    await record({ type: 'succeeded', at: now() })
    const resealed = await record({ type: 'resealed', at: now() })
    expect((await handlers['attempts:list-attempts']({ deviceId: device.id }, ctx)).attempts[0]!.state.enrollmentConfirmedAt).toBeNull()
    await core.sync.start('confirm-after-sync')
    await core.sync.idle()
    const [attempt] = (await handlers['attempts:list-attempts']({ deviceId: device.id }, ctx)).attempts
    expect(attempt!.state.enrollmentConfirmedAt).not.toBeNull()
    expect(attempt!.state.timeline.at(-1)!.type).toBe('enrollment-confirmed')
    // Intune's confirmation is not the technician's to undo: not by naming R, not as "the last event".
    await expect(handlers['attempts:undo-last-event']({ deviceId: device.id, eventId: resealed.eventId }, ctx)).rejects.toThrow(
      /"Enrollment confirmed in Intune" was recorded on this device after that key/,
    )
    await expect(handlers['attempts:undo-last-event']({ deviceId: device.id }, ctx)).rejects.toThrow(/enrollment confirmation is not a key/)
    expect((await handlers['attempts:list-attempts']({ deviceId: device.id }, ctx)).attempts[0]!.state.enrollmentConfirmedAt).not.toBeNull()
  })

  it('records failed (0x81039001) → Retry → new attempt → success → reseal → enrollment confirmed; refuses an invalid step; hands over as CSV', async () => {
    const { handlers, ctx, core, devices, changed } = await setup()
    const job = await handlers['jobs:save-job'](
      { id: null, job: { name: 'Contoso PO 4711', purchaseOrder: 'PO-4711', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } },
      ctx,
    )
    // The demo tenant has enrolled devices: Intune will show this one enrolled when the card refreshes.
    const device = devices.find((d) => d.enrollmentState === 'enrolled')!
    expect(device, 'the demo tenant has an enrolled device').toBeDefined()
    await handlers['bench:add-device']({ deviceId: device.id, jobId: job.id }, ctx)
    const record = (event: AttemptEvent) => handlers['attempts:record-event']({ deviceId: device.id, event: event as never }, ctx)
    const now = () => new Date().toISOString()

    expect((await record({ type: 'provision-pressed', at: now() })).device.stage).toBe('provisioning')
    const failed = await record({ type: 'failed', at: now(), code: '0x81039001' })
    expect(failed).toMatchObject({
      attempt: { attemptNumber: 1, jobId: job.id, state: { phase: 'failed', outcome: { code: '0x81039001' } } },
      device: { stage: 'failed' },
    })
    const eventsBefore = (await handlers['attempts:list-attempts']({ deviceId: device.id }, ctx)).attempts[0]!.state.timeline.length
    await expect(record({ type: 'resealed', at: now() })).rejects.toMatchObject({ code: 'conflict', message: '"resealed" is not possible after a failure.' })
    expect((await handlers['attempts:list-attempts']({ deviceId: device.id }, ctx)).attempts[0]!.state.timeline).toHaveLength(eventsBefore)
    expect((await record({ type: 'next-action', at: now(), action: 'retry' })).device.stage).toBe('failed')
    const retry = await record({ type: 'provision-pressed', at: now() })
    expect(retry).toMatchObject({ attempt: { attemptNumber: 2, state: { phase: 'provisioning' } }, device: { stage: 'provisioning', attemptCount: 2 } })
    await record({ type: 'succeeded', at: now() })
    expect((await record({ type: 'resealed', at: now() })).device.stage).toBe('resealed')

    expect(changed.filter((topics) => topics.includes('attempts') && topics.includes('bench')).length).toBeGreaterThanOrEqual(6)
    // The cache row predates the success: no confirmation until Intune is read again.
    expect(await core.db.call('attempts.confirm-enrollments', {})).toEqual({ confirmed: [] })
    await handlers['devices:refresh-device']({ id: device.id }, ctx)
    const attempts = (await handlers['attempts:list-attempts']({ deviceId: device.id }, ctx)).attempts
    expect(attempts.map((a) => [a.attemptNumber, a.state.phase])).toEqual([
      [1, 'closed'],
      [2, 'resealed'],
    ])
    expect(attempts[1]!.state.enrollmentConfirmedAt).not.toBeNull()
    expect(attempts[1]!.state.timeline.at(-1)!.type).toBe('enrollment-confirmed')

    const report = await handlers['jobs:get-handover-report']({ jobId: job.id }, ctx)
    expect(channels['jobs:get-handover-report'].response.safeParse(report).success).toBe(true)
    expect(report.totals).toEqual({ resealed: 1, failed: 0, pending: 0, notSeen: 0, notOnManifest: 0 })
    expect(report.rows[0]).toMatchObject({
      serialNumber: device.serialNumber,
      stage: 'resealed',
      attempts: 2,
      lastErrorCode: '0x81039001',
      enrollmentConfirmedAt: attempts[1]!.state.enrollmentConfirmedAt,
    })
    const exported = await handlers['jobs:export-handover-csv']({ jobId: job.id }, ctx)
    expect(channels['attempts:list-attempts'].response.safeParse({ attempts }).success).toBe(true)
    expect(exported.fileName).toMatch(/^handover-contoso-po-4711-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(exported.csv.charCodeAt(0)).toBe(0xfeff)
    const [header, row] = parse(exported.csv, { bom: true })
    expect(header!.slice(0, 5)).toEqual(['Job', 'Purchase order', 'Serial number', 'Status', 'Stage'])
    expect(row!.slice(0, 5)).toEqual(['Contoso PO 4711', 'PO-4711', device.serialNumber, 'Resealed', 'Resealed'])
    expect(row![header!.indexOf('Attempts')]).toBe('2')
    expect(row![header!.indexOf('Last error code')]).toBe('0x81039001')
  })

  it('names domain topics, never tables, in every data:changed the worker emits', async () => {
    const { core, handlers, ctx, devices } = await setup()
    const raw: unknown[] = []
    core.bus.subscribe((name, payload) => {
      if (name === 'data:changed') raw.push(payload)
    })
    const job = await handlers['jobs:save-job'](
      { id: null, job: { name: 'Topics', purchaseOrder: '', expectedProfileId: null, groupTag: '', deviceNameTemplate: '' } },
      ctx,
    )
    await handlers['jobs:import-manifest']({ jobId: job.id, csv: `serial\n${devices[0]!.serialNumber}\n`, replace: true, restoreLeadingZeros: false }, ctx)
    await handlers['bench:add-device']({ deviceId: devices[0]!.id, jobId: job.id }, ctx)
    await handlers['attempts:record-event']({ deviceId: devices[0]!.id, event: { type: 'provision-pressed', at: new Date().toISOString() } }, ctx)
    await handlers['devices:get-device-card']({ id: devices[0]!.id, jobId: job.id }, ctx)
    await handlers['changes:queue-change']({ deviceId: devices[0]!.id, change: { kind: 'group-tag', groupTag: 'TOPICS' } }, ctx)
    await handlers['prefs:set-preference']({ key: 'scan.sound', value: false }, ctx)
    await handlers['bench:remove-device']({ deviceId: devices[0]!.id }, ctx)
    await handlers['jobs:close-job']({ id: job.id }, ctx)
    const topics = new Set(raw.flatMap((payload) => dataChangedSchema.parse(payload).topics))
    expect([...topics].sort()).toEqual(['attempts', 'bench', 'devices', 'jobs', 'manifest', 'outbox', 'preferences'])
    expect([...topics].every((topic) => (dataTopics as readonly string[]).includes(topic))).toBe(true)
    // The core drops (and logs) an event that fails the contract, so none may have been dropped either.
    expect(readFileSync(core.log.file, 'utf8')).not.toContain('malformed event')
  })
})
