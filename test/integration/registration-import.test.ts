import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import type { Core } from '@core/create-core'
import type { Handlers } from '@core/handlers'
import { useCoreOnMock } from '@support/core-on-mock'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { embeddedMockTenant } from '@core/tenant'
import { startMockIntune } from '@mock-intune'
import type { RegistrationImport } from '@shared/registration-schemas'
import type { Channel, RequestOf, ResponseOf } from '@shared/channels'

/** A hash the mock reads as Dell hardware (base64 JSON, as GET /_sim/hardware-hash makes); padded to a multiple of 3 bytes minus one, so it has "=". */
const mockHash = (serial: string) => {
  let json = JSON.stringify({ manufacturer: 'Dell Inc.', model: 'Latitude 7440', serial })
  while (json.length % 3 !== 1) json += ' '
  return Buffer.from(json).toString('base64')
}

const graphOf = async (mock: { url: string; token: string }, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${mock.url}/beta${path}`, {
    method,
    headers: { authorization: `Bearer ${mock.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (response.status === 204 ? null : await response.json()) as { value?: Array<Record<string, unknown>> } & Record<string, unknown>
}

/** Through dispatch (request validation, response contract), typed by channel. */
async function call<C extends Channel>(handlers: Handlers, core: Core, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await dispatch(handlers, channel, request, { log: core.log })
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as ResponseOf<C>
}

async function until(core: Core, handlers: Handlers, done: (current: RegistrationImport) => boolean, tries = 150): Promise<RegistrationImport> {
  let last: unknown = null
  for (let i = 0; i < tries; i++) {
    const status = await call(handlers, core, 'registration:get-status', {})
    last = status.current
    if (status.current && done(status.current)) return status.current
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the import did not finish: ${JSON.stringify(last)}`)
}

describe('registration by hardware hash against the mock tenant', () => {
  const start = useCoreOnMock()

  it('checks a mixed CSV, uploads only what it accepted, names Intune errors, cleans its own import records, syncs and joins the job', async () => {
    const { mock, core, handlers } = await start(
      { seed: 4, devices: 30, throttle: 'off', speed: 600 },
      { core: { registrationTiming: { pollMs: 100, importTimeoutMs: 60_000, appearTimeoutMs: 60_000 } } },
    )
    // Someone else's import record, already in the tenant: it must survive our cleanup.
    const theirs = await graphOf(mock, 'POST', '/deviceManagement/importedWindowsAutopilotDeviceIdentities', {
      serialNumber: 'THEIRS-1',
      hardwareIdentifier: mockHash('THEIRS-1'),
    })
    const job = await call(handlers, core, 'jobs:save-job', { id: null, job: { name: 'Order 4711' } })
    await call(handlers, core, 'prefs:set-preference', { key: 'bench.activeJobId', value: job.id })

    // A group tag the tenant's dynamic groups target with a deployment profile.
    const tag = (await call(handlers, core, 'devices:list-group-tags', { prefix: 'BENCH-', limit: 5 })).tags[0]!
    const unpadded = mockHash('NEWDEV-2').replace(/=+$/, '')
    const csv = [
      'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag',
      `NEWDEV-1,,${mockHash('NEWDEV-1')},${tag}`,
      `NEWDEV-2,,${unpadded},${tag}`,
      `NEWDEV-1,,${mockHash('NEWDEV-1')},${tag}`,
      `FOREIGN-77,,${mockHash('FOREIGN-77')},${tag}`,
      `NEWDEV-3,,not*base64,${tag}`,
      `NEWDEV-4,,${mockHash('NEWDEV-4')},${tag}`,
    ].join('\r\n')
    const check = await call(handlers, core, 'registration:check-files', { files: [{ name: 'bench.csv', dataBase64: Buffer.from(csv).toString('base64') }] })
    expect(check.report).toMatchObject({ rows: 6, valid: 4 })
    expect(check.report.errors.map((e) => `${e.line}:${e.code}`)).toEqual(['4:duplicate-serial', '6:hash-not-base64'])
    expect(check.report.repaired.map((r) => `${r.line}:${r.code}`)).toEqual(['3:hash-padded'])
    expect(check.jobName).toBe('Order 4711')
    // Nothing is sent before the technician confirms.
    expect(mock.requestLog.some((r) => /importedWindowsAutopilotDeviceIdentities\/import/i.test(r.path))).toBe(false)

    const confirmed = await call(handlers, core, 'registration:confirm-upload', { checkId: check.checkId })
    expect(confirmed.state).toBe('uploading')
    const done = await until(core, handlers, (current) => current.state === 'done')

    const bySerial = Object.fromEntries(done.rows.map((row) => [row.serialNumber, row]))
    expect(Object.keys(bySerial).sort()).toEqual(['FOREIGN-77', 'NEWDEV-1', 'NEWDEV-2', 'NEWDEV-4'])
    expect(bySerial['FOREIGN-77']).toMatchObject({ status: 'error', errorCode: 808, recordDeleted: true, appearedAt: null })
    expect(bySerial['FOREIGN-77']!.errorName).toMatch(/^ZtdDeviceAssignedTo(Other|Another)Tenant$/)
    for (const serial of ['NEWDEV-1', 'NEWDEV-2', 'NEWDEV-4']) {
      expect(bySerial[serial]).toMatchObject({
        status: 'complete',
        recordDeleted: true,
        appearedAt: expect.any(String),
        profileStatus: 'assigned',
        joinedJob: true,
      })
    }
    expect(done.counts).toMatchObject({ total: 4, registered: 3, failed: 1, appeared: 3, withProfile: 3, joined: 3 })

    // One import call, in one batch; the padded hash went up; an Autopilot sync ran.
    const imports = mock.requestLog.filter((r) => r.method === 'POST' && /importedWindowsAutopilotDeviceIdentities\/import$/i.test(r.path))
    expect(imports).toHaveLength(1)
    expect(mock.requestLog.some((r) => r.method === 'POST' && /windowsAutopilotSettings\/sync$/i.test(r.path))).toBe(true)

    // Exactly the right devices are registered in the tenant.
    for (const serial of ['NEWDEV-1', 'NEWDEV-2', 'NEWDEV-4', 'FOREIGN-77', 'NEWDEV-3']) {
      const found = await graphOf(mock, 'GET', `/deviceManagement/windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'${serial}')`)
      expect(found.value!.length, serial).toBe(serial.startsWith('NEWDEV') && serial !== 'NEWDEV-3' ? 1 : 0)
    }
    // Our import records are gone; theirs is still there.
    const left = await graphOf(mock, 'GET', '/deviceManagement/importedWindowsAutopilotDeviceIdentities')
    expect(left.value!.map((r) => r.id)).toEqual([theirs.id])

    // The new devices are on the bench in the job.
    const bench = await call(handlers, core, 'bench:list-devices', { jobId: job.id })
    expect(bench.devices.map((d) => d.serialNumber).sort()).toEqual(['NEWDEV-1', 'NEWDEV-2', 'NEWDEV-4'])
  })
})

describe('registration: a group tag that leads to no deployment profile', () => {
  const start = useCoreOnMock()

  // A tester: tag "BENCH NYC;x" was accepted without a word; the device registered as Not assigned, joined the job,
  // and the upload waited up to an hour for a profile no group gives it.
  it('the check warns per row with the card’s explanation (not a refusal), and the upload does not wait for a profile that is not coming', async () => {
    const { core, handlers } = await start(
      { seed: 4, devices: 30, throttle: 'off', speed: 600 },
      { core: { registrationTiming: { pollMs: 100, importTimeoutMs: 60_000, appearTimeoutMs: 120_000 } } },
    )
    const tag = (await call(handlers, core, 'devices:list-group-tags', { prefix: 'BENCH-', limit: 5 })).tags[0]!
    const csv = [
      'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag',
      `NOPROF-1,,${mockHash('NOPROF-1')},BENCH NYC;x`,
      `NOPROF-2,,${mockHash('NOPROF-2')},${tag}`,
    ].join('\r\n')
    const check = await call(handlers, core, 'registration:check-files', { files: [{ name: 'nyc.csv', dataBase64: Buffer.from(csv).toString('base64') }] })
    expect(check.report).toMatchObject({ rows: 2, valid: 2 })
    const warned = check.report.warnings.filter((w) => w.code === 'tag-no-profile')
    expect(warned.map((w) => w.line)).toEqual([2])
    // The job form's words for where the tag leads (jobs:check-group-tag's chain), not a second rule.
    const { outcome } = await call(handlers, core, 'jobs:check-group-tag', { groupTag: 'BENCH NYC;x', expectedProfileId: null })
    expect(outcome?.kind).toBe('no-profile')
    expect(warned[0]!.message).toContain(`Group tag 'BENCH NYC;x' leads to no deployment profile (${outcome!.chain})`)

    await call(handlers, core, 'registration:confirm-upload', { checkId: check.checkId })
    // Done once the devices are in, well before the two-minute wait for a profile: NOPROF-1 has none to wait for.
    const done = await until(core, handlers, (current) => current.state === 'done')
    const bySerial = Object.fromEntries(done.rows.map((row) => [row.serialNumber, row]))
    expect(bySerial['NOPROF-1']).toMatchObject({ status: 'complete', appearedAt: expect.any(String), profileStatus: 'notAssigned' })
    expect(bySerial['NOPROF-2']).toMatchObject({ status: 'complete', profileStatus: 'assigned' })
    expect(done.message).toContain("1 registered device not waited for: group tag 'BENCH NYC;x' leads to no deployment profile")
  })
})

describe('registration upload: batches and restarts', () => {
  const start = useCoreOnMock()
  const tempDirs = useTempDirs()

  it('sends more than 500 rows in batches of at most 500, the next only after the previous has its results', async () => {
    const { mock, core, handlers } = await start(
      { seed: 4, devices: 10, throttle: 'off', speed: 600 },
      { core: { registrationTiming: { pollMs: 100, importTimeoutMs: 60_000, appearTimeoutMs: 60_000 } } },
    )
    const lines = Array.from({ length: 501 }, (_, i) => `BATCH-${String(i).padStart(4, '0')},,${mockHash(`BATCH-${i}`)}`)
    const csv = ['Device Serial Number,Windows Product ID,Hardware Hash', ...lines].join('\r\n')
    const check = await call(handlers, core, 'registration:check-files', { files: [{ name: 'big.csv', dataBase64: Buffer.from(csv).toString('base64') }] })
    expect(check.report).toMatchObject({ rows: 501, valid: 501 })
    expect(check.report.warnings.map((w) => w.code)).toContain('over-500-rows')
    await call(handlers, core, 'registration:confirm-upload', { checkId: check.checkId })
    const done = await until(core, handlers, (current) => current.counts.registered + current.counts.failed === 501 && current.state !== 'uploading', 400)
    expect(done.counts.registered).toBe(501)
    const batchSizes = done.rows.reduce<Record<number, number>>((sizes, row) => ({ ...sizes, [row.batch]: (sizes[row.batch] ?? 0) + 1 }), {})
    expect(batchSizes).toEqual({ 1: 500, 2: 1 })
    const log = mock.requestLog
    const posts = log.map((r, i) => ({ r, i })).filter(({ r }) => r.method === 'POST' && /importedWindowsAutopilotDeviceIdentities\/import$/i.test(r.path))
    expect(posts).toHaveLength(2)
    // Between the two POSTs: the first batch was polled and its records deleted.
    const between = log.slice(posts[0]!.i + 1, posts[1]!.i)
    expect(between.some((r) => r.method === 'GET' && /importedWindowsAutopilotDeviceIdentities$/i.test(r.path))).toBe(true)
    expect(between.filter((r) => r.method === 'DELETE' && /importedWindowsAutopilotDeviceIdentities\//i.test(r.path))).toHaveLength(500)
  })

  it('keeps a check not uploaded yet across a restart (its rows, not its hashes, come back), uploads nothing by itself, and Discard deletes it with its hashes', async () => {
    const mock = await startMockIntune({ port: 0, seed: 4, devices: 10, throttle: 'off', speed: 600 })
    const options = {
      dataDir: tempDirs(),
      tenant: { ...embeddedMockTenant(mock), close: async () => {} },
      workerPath: workerPath(),
      appVersion: 't',
      transport: 'http' as const,
      registrationTiming: { pollMs: 100, importTimeoutMs: 60_000, appearTimeoutMs: 60_000 },
    }
    try {
      const first = await createCore(options)
      const firstHandlers = createHandlers(first)
      const serials = Array.from({ length: 200 }, (_, i) => `DRAFT-${String(i).padStart(3, '0')}`)
      const csv = ['Device Serial Number,Windows Product ID,Hardware Hash', ...serials.map((serial) => `${serial},,${mockHash(serial)}`)].join('\r\n')
      const check = await call(firstHandlers, first, 'registration:check-files', {
        files: [{ name: 'order.csv', dataBase64: Buffer.from(csv).toString('base64') }],
      })
      expect(check.report.valid).toBe(200)
      await first.close()

      const second = await createCore(options)
      try {
        const handlers = createHandlers(second)
        const { draft } = await call(handlers, second, 'registration:get-draft', {})
        expect(draft).toMatchObject({ checkId: check.checkId, report: check.report, files: check.files, checkedAt: expect.any(String) })
        expect(draft!.rows).toEqual(check.rows)
        expect(JSON.stringify(draft)).not.toContain(mockHash('DRAFT-000'))
        // Nothing went to Intune meanwhile: a check waits for Upload.
        expect(mock.requestLog.some((r) => /importedWindowsAutopilotDeviceIdentities/i.test(r.path))).toBe(false)
        expect((await call(handlers, second, 'registration:get-status', {})).current).toBeNull()
        // Discard: gone, hashes and all, and it does not come back.
        expect(await call(handlers, second, 'registration:discard-draft', { checkId: check.checkId })).toEqual({ discarded: true })
        expect((await call(handlers, second, 'registration:get-draft', {})).draft).toBeNull()
        expect(await call(handlers, second, 'registration:discard-draft', { checkId: check.checkId })).toEqual({ discarded: false })
        await expect(call(handlers, second, 'registration:confirm-upload', { checkId: check.checkId })).rejects.toThrow(/no longer waiting/)
      } finally {
        await second.close()
      }
    } finally {
      await mock.close()
    }
  })

  it('resumes a confirmed upload after a restart', async () => {
    const mock = await startMockIntune({ port: 0, seed: 4, devices: 10, throttle: 'off', speed: 600 })
    const dataDir = tempDirs()
    const options = {
      dataDir,
      // The core closes its tenant; this one leaves the mock running for the second start.
      tenant: { ...embeddedMockTenant(mock), close: async () => {} },
      workerPath: workerPath(),
      appVersion: 't',
      transport: 'http' as const,
      registrationTiming: { pollMs: 100, importTimeoutMs: 60_000, appearTimeoutMs: 60_000 },
    }
    try {
      const first = await createCore(options)
      const firstHandlers = createHandlers(first)
      const csv = `Device Serial Number,Windows Product ID,Hardware Hash\r\nRESUME-1,,${mockHash('RESUME-1')}\r\n`
      const check = await call(firstHandlers, first, 'registration:check-files', {
        files: [{ name: 'r.csv', dataBase64: Buffer.from(csv).toString('base64') }],
      })
      // Confirmed in the worker without kicking the engine, then the app stops.
      await first.db.call('registration.confirm', { checkId: check.checkId })
      first.registration.stop()
      await first.close()
      expect(mock.requestLog.some((r) => /importedWindowsAutopilotDeviceIdentities\/import$/i.test(r.path))).toBe(false)

      const second = await createCore(options)
      try {
        // No group tag, so no profile targets it: the device appears and the engine keeps waiting for a profile.
        const done = await until(second, createHandlers(second), (current) => current.counts.appeared === 1)
        expect(done.rows[0]).toMatchObject({ serialNumber: 'RESUME-1', status: 'complete', recordDeleted: true, appearedAt: expect.any(String) })
        expect(done.state).toBe('waiting')
      } finally {
        await second.close()
      }
    } finally {
      await mock.close()
    }
  })
})

describe('registration upload: a retry budget against the mock tenant', () => {
  const tempDirs = useTempDirs()
  // Every import POST answers 500 (the listing and the search by serial still work).
  const faults = '500=always:path=identities/import:method=POST'
  const timing = { pollMs: 50, importTimeoutMs: 60_000, appearTimeoutMs: 60_000, retryBaseMs: 10 }
  const csv = `Device Serial Number,Windows Product ID,Hardware Hash\r\nFAIL-1,,${mockHash('FAIL-1')}\r\nFAIL-2,,${mockHash('FAIL-2')}\r\n`
  const importPosts = (mock: { requestLog: ReadonlyArray<{ method: string; path: string }> }) =>
    mock.requestLog.filter((r) => r.method === 'POST' && /importedWindowsAutopilotDeviceIdentities\/import$/i.test(r.path)).length

  it('stops after 8 failed tries with Intune’s answer, stays Failed across a restart, exports what is left, and Retry sends it once Intune answers', async () => {
    const mock = await startMockIntune({ port: 0, seed: 4, devices: 10, throttle: 'off', speed: 600, faults })
    const options = {
      dataDir: tempDirs(),
      tenant: { ...embeddedMockTenant(mock), close: async () => {} },
      workerPath: workerPath(),
      appVersion: 't',
      transport: 'http' as const,
      registrationTiming: timing,
    }
    try {
      const first = await createCore(options)
      const firstHandlers = createHandlers(first)
      let failed: RegistrationImport
      try {
        const check = await call(firstHandlers, first, 'registration:check-files', {
          files: [{ name: 'f.csv', dataBase64: Buffer.from(csv).toString('base64') }],
        })
        await call(firstHandlers, first, 'registration:confirm-upload', { checkId: check.checkId })
        failed = await until(first, firstHandlers, (current) => current.state === 'failed', 300)
        expect(importPosts(mock)).toBe(8)
        expect(failed).toMatchObject({ errorTries: 8, maxErrorTries: 8, canRetry: true, nextAttemptAt: null })
        // The mock's Intune-style 500 in a sentence; its ids, date and raw text kept apart for "Details for support".
        expect(failed.message).toBe(
          'Batch 1 could not be sent: Intune had an internal error (HTTP 500). Intune answered with an error 8 times in a row, so the upload stopped trying.',
        )
        expect(failed.intune).toMatchObject({ status: 500, code: 'InternalServerError', message: 'An error has occurred', body: 'graph' })
        expect(failed.intune!.requestId).toMatch(/^[0-9a-f-]{36}$/)
        expect(failed.intune!.activityId).toBe(failed.intune!.requestId)
        expect(failed.intune!.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
        expect(failed.intune!.raw).toContain('Activity ID')
        expect(failed.rows.map((row) => row.status)).toEqual(['submitting', 'submitting'])
      } finally {
        await first.close()
      }

      // A restart does not start it again by itself; the hashes are still there to export.
      const second = await createCore(options)
      const handlers = createHandlers(second)
      try {
        await second.registration.idle()
        const after = await call(handlers, second, 'registration:get-status', {})
        expect(after.current).toMatchObject({ id: failed.id, state: 'failed' })
        expect(importPosts(mock)).toBe(8)
        const exported = await call(handlers, second, 'registration:export-clean-csv', { checkId: failed.id })
        expect(exported.files).toHaveLength(1)
        expect(Buffer.from(exported.files[0]!.dataBase64, 'base64').toString('latin1')).toMatch(/FAIL-1,,.*\r\nFAIL-2,,/)

        await fetch(`${mock.url}/_sim/faults`, { method: 'DELETE', headers: { authorization: `Bearer ${mock.token}` } })
        const retried = await call(handlers, second, 'registration:retry-import', { importId: failed.id })
        expect(retried).toMatchObject({ state: 'uploading', errorTries: 0, message: null })
        const registered = await until(second, handlers, (current) => current.counts.registered === 2)
        expect(registered.rows.map((row) => row.status)).toEqual(['complete', 'complete'])
        expect(importPosts(mock)).toBe(9)
      } finally {
        await second.close()
      }
    } finally {
      await mock.close()
    }
  })

  it('Discard abandons a Failed upload once Intune is known not to have it, and clears its hashes', async () => {
    const mock = await startMockIntune({ port: 0, seed: 4, devices: 10, throttle: 'off', speed: 600, faults })
    const core = await createCore({
      dataDir: tempDirs(),
      tenant: embeddedMockTenant(mock),
      workerPath: workerPath(),
      appVersion: 't',
      transport: 'http',
      registrationTiming: timing,
    })
    try {
      const handlers = createHandlers(core)
      const check = await call(handlers, core, 'registration:check-files', { files: [{ name: 'f.csv', dataBase64: Buffer.from(csv).toString('base64') }] })
      await call(handlers, core, 'registration:confirm-upload', { checkId: check.checkId })
      const failed = await until(core, handlers, (current) => current.state === 'failed', 300)
      const lookups = () => mock.requestLog.filter((r) => r.method === 'GET' && /importedWindowsAutopilotDeviceIdentities\?/i.test(r.path)).length
      const lookupsBefore = lookups()
      const discarded = await call(handlers, core, 'registration:discard-import', { importId: failed.id, evenIfUnchecked: false })
      expect(discarded).toMatchObject({
        discarded: true,
        notice: null,
        current: { state: 'cancelled', canRetry: false, message: 'Discarded: 2 devices not registered.' },
      })
      // Looked for in Intune first (the 500 might have hidden a batch it received), and nothing sent.
      expect(lookups()).toBe(lookupsBefore + 2)
      expect(importPosts(mock)).toBe(8)
      await expect(call(handlers, core, 'registration:export-clean-csv', { checkId: failed.id })).rejects.toThrow(/No hardware hash of these devices is kept/)
      await expect(call(handlers, core, 'registration:retry-import', { importId: failed.id })).rejects.toThrow(/no longer waiting for a retry/)
    } finally {
      await core.close()
      await mock.close()
    }
  })
})
