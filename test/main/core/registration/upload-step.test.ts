import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { deviceRowState } from '@support/device-row-defaults'
import { createRegistrationRepo } from '@core/repos/registration-repo'
import type { GraphClient } from '@core/graph/graph-client'
import { GraphError } from '@core/graph/graph-error'
import { discardImport, registrationStep, retryImport, type StepDeps } from '@core/registration/upload-step.worker'
import { AppFailure } from '@core/app-error'
import { registrationMethods } from '@core/registration/registration.worker'

const IMPORTS = '/deviceManagement/importedWindowsAutopilotDeviceIdentities'

/** A scripted Graph: the import answers with records, the listing reports `states`, deletes are logged. */
function fakeGraph(options: {
  states: Record<string, string>
  importFails?: number
  /** Thrown by every import POST while set (a server error, no connection…). */
  importError?: (() => Error) | null
  /** Thrown by every read while set. */
  readError?: (() => Error) | null
  recoverable?: Array<Record<string, unknown>>
}) {
  const calls: string[] = []
  const graph = {
    baseUrl: 'https://graph.test/beta',
    urlOf: (path: string) => `https://graph.test/beta${path}`,
    onRetry() {},
    async post(path: string, body: unknown) {
      calls.push(`POST ${path}`)
      if (path.endsWith('/import')) {
        if (options.importError) throw options.importError()
        if (options.importFails) throw new GraphError(options.importFails, 'BadRequest', null, null, 'Cannot convert the literal to Edm.Binary')
        const rows = (body as { importedWindowsAutopilotDeviceIdentities: Array<{ serialNumber: string }> }).importedWindowsAutopilotDeviceIdentities
        return { value: rows.map((row) => ({ id: `rec-${row.serialNumber}`, serialNumber: row.serialNumber, state: { deviceImportStatus: 'pending' } })) }
      }
      return null
    },
    async getJson(path: string) {
      calls.push(`GET ${path}`)
      if (options.readError) throw options.readError()
      if (path.startsWith(`${IMPORTS}?$filter`)) return { value: options.recoverable ?? [] }
      if (path === IMPORTS)
        return {
          value: Object.entries(options.states).map(([serial, status]) => ({
            id: `rec-${serial}`,
            serialNumber: serial,
            state: {
              deviceImportStatus: status,
              deviceErrorCode: status === 'error' ? 808 : 0,
              deviceErrorName: status === 'error' ? 'ZtdDeviceAssignedToOtherTenant' : '',
              deviceRegistrationId: status === 'complete' ? `dev-${serial}` : '',
            },
          })),
        }
      return {}
    },
    async delete(path: string) {
      calls.push(`DELETE ${path}`)
      return null
    },
  }
  return { graph: graph as unknown as GraphClient, calls }
}

/** A confirmed import of these serials (one CSV line each), as the Register screen's confirm leaves it. */
function confirmImport(repo: ReturnType<typeof createRegistrationRepo>, id: string, serials: string[], confirmedAt: string) {
  repo.saveDraft({
    id,
    createdAt: confirmedAt,
    report: { rows: serials.length, valid: serials.length, errors: [], repaired: [], warnings: [] },
    files: [],
    rows: serials.map((serial, i) => ({
      file: 'a.csv',
      line: i + 2,
      serialNumber: serial,
      productKey: '',
      hardwareHash: 'QUJD',
      groupTag: '',
      assignedUser: '',
    })),
  })
  repo.confirm(id, confirmedAt, null)
}

function setup(serials: string[]) {
  const db = new Database(':memory:')
  migrate(db)
  const repo = createRegistrationRepo(db)
  confirmImport(repo, 'imp-1', serials, '2026-01-01T00:00:01Z')
  return { db, repo }
}

/** Step dependencies on a clock the test moves (`clock.now`), with short polls. */
function stepDeps(db: Database.Database, graph: GraphClient, clock: { now: number }, appearTimeoutMs = 60_000): StepDeps {
  return {
    db,
    beta: graph,
    ctx: { correlationId: 'c' },
    timing: { pollMs: 10, importTimeoutMs: 60_000, appearTimeoutMs, retryBaseMs: 1_000 },
    now: () => clock.now,
  }
}

describe('registration step as the worker runs it', () => {
  it('a step that cannot reach Intune records why and tells the screen at once (it heard only on its next visit)', async () => {
    const { db, repo } = setup(['PF1'])
    const emitted: Array<{ name: string; payload: unknown }> = []
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: (name: string, payload: unknown) => emitted.push({ name, payload }) }
    const step = registrationMethods['registration.step'].run(ctx, {
      // Nothing listens on port 9: the import cannot be sent.
      baseUrl: 'http://127.0.0.1:9/beta',
      token: 't',
      correlationId: 'c',
      maxRetries: 0,
      timing: { pollMs: 10 },
    })
    // The failed try is kept on the import (why, and when the next is due), not thrown for the service to remember.
    await expect(step).resolves.toMatchObject({ changed: false, failures: [{ importId: 'imp-1', code: 'offline', failed: false }] })
    expect(repo.get('imp-1')?.message).toMatch(/^Batch 1 could not be sent yet: Intune cannot be reached/)
    expect(repo.get('imp-1')).toMatchObject({ state: 'uploading', failedTries: 1, errorTries: 0, nextAttemptAt: expect.any(String) })
    expect(emitted).toEqual([{ name: 'data:changed', payload: expect.objectContaining({ topics: ['registration'] }) }])
    db.close()
  })
})

describe('registration upload step', () => {
  it('treats unknown, pending and partial as in progress; complete and error are final; then deletes only its own records', async () => {
    const { db, repo } = setup(['A', 'B', 'C'])
    const states: Record<string, string> = { A: 'unknown', B: 'partial', C: 'pending' }
    const { graph, calls } = fakeGraph({ states })
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock)
    await registrationStep(deps) // sends the batch
    await registrationStep(deps) // polls: nothing final
    expect(repo.rows('imp-1').map((r) => [r.serialNumber, r.status, r.importStatus])).toEqual([
      ['A', 'submitted', 'unknown'],
      ['B', 'submitted', 'partial'],
      ['C', 'submitted', 'pending'],
    ])
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([])
    states.A = 'complete'
    states.B = 'error'
    await registrationStep(deps)
    expect(repo.rows('imp-1').map((r) => [r.serialNumber, r.status, r.errorCode, r.recordDeleted])).toEqual([
      ['A', 'complete', null, true],
      ['B', 'error', 808, true],
      ['C', 'submitted', null, false],
    ])
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([`DELETE ${IMPORTS}/rec-A`, `DELETE ${IMPORTS}/rec-B`])
    // C never finishes: given up after the timeout, and its record deleted too.
    clock.now += 61_000
    await registrationStep(deps)
    expect(repo.rows('imp-1')[2]).toMatchObject({ status: 'timeout', recordDeleted: true })
  })

  it('tells the screen while a batch’s cleanup goes on (throttled deletes took a minute or two with no sign of life)', async () => {
    const { db, repo } = setup(['A', 'B', 'C', 'D'])
    const { graph } = fakeGraph({ states: { A: 'complete', B: 'complete', C: 'complete', D: 'complete' } })
    // Each delete takes 1.5 s of wall time, as a throttled one does.
    let wall = Date.parse('2026-01-01T00:00:02Z')
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => wall)
    const slowDelete = graph.delete.bind(graph)
    graph.delete = async (...args: Parameters<GraphClient['delete']>) => {
      wall += 1_500
      return slowDelete(...args)
    }
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const told: number[] = []
    const deps = { ...stepDeps(db, graph, clock), progress: () => told.push(repo.rows('imp-1').filter((r) => r.recordDeleted).length) }
    try {
      await registrationStep(deps) // sends
      await registrationStep(deps) // polls: all final, then removes the four records
    } finally {
      spy.mockRestore()
    }
    expect(repo.rows('imp-1').every((r) => r.recordDeleted)).toBe(true)
    // Every 2 s of deleting, not after each record: after the 2nd (3 s) and the 4th (6 s).
    expect(told).toEqual([2, 4])
  })

  it('counts as appeared the devices already in the cache (the app’s sync brought them in), not only those it read from Intune', async () => {
    const { db, repo } = setup(['A', 'B', 'C'])
    const { graph, calls } = fakeGraph({ states: { A: 'complete', B: 'complete', C: 'complete' } })
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock, 3_600_000)
    for (let i = 0; i < 10 && repo.get('imp-1')!.state !== 'waiting'; i++) await registrationStep(deps)
    expect(repo.get('imp-1')!.state).toBe('waiting')
    expect(repo.counts('imp-1').appeared).toBe(0)
    // The device list's sync has A (with its profile) and B (not assigned yet); Intune's by-id read answers nothing here.
    const cached = (id: string, serialNumber: string, profileStatus: string) =>
      ({
        id,
        serialNumber,
        manufacturer: 'Dell Inc.',
        model: 'Latitude',
        groupTag: '',
        purchaseOrder: '',
        userPrincipalName: '',
        addressableUserName: '',
        displayName: '',
        ...deviceRowState,
        profileStatus,
      }) as DeviceRow
    createDevicesRepo(db).upsertMany([cached('dev-a', 'A', 'assigned'), cached('dev-b', 'B', 'notAssigned')], null, '2026-01-01T00:00:30Z')
    const readsBefore = calls.filter((c) => c.includes('windowsAutopilotDeviceIdentities/')).length
    clock.now += 5_000
    await registrationStep(deps)
    expect(repo.counts('imp-1')).toMatchObject({ appeared: 2, withProfile: 1 })
    expect(repo.rows('imp-1').map((r) => [r.serialNumber, r.profileStatus, r.appearedAt !== null])).toEqual([
      ['A', 'assigned', true],
      ['B', 'notAssigned', true],
      ['C', null, false],
    ])
    // A has its profile: it is not read from Intune again; B and C still are.
    const reads = calls.filter((c) => c.includes('windowsAutopilotDeviceIdentities/')).slice(readsBefore)
    expect(reads.some((c) => c.includes('dev-a'))).toBe(false)
    expect(reads.some((c) => c.includes('dev-c'))).toBe(true)
  })

  it('an import still waiting for its devices does not hold the next one: it is sent meanwhile, and both are followed', async () => {
    const { db, repo } = setup(['A'])
    const { graph, calls } = fakeGraph({ states: { A: 'complete', B: 'pending' } })
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock, 3_600_000)
    // The first import is sent, its record cleaned up, the Autopilot sync run: it waits for a device no profile targets.
    for (let i = 0; i < 10 && repo.get('imp-1')!.state !== 'waiting'; i++) await registrationStep(deps)
    expect(repo.get('imp-1')!.state).toBe('waiting')
    confirmImport(repo, 'imp-2', ['B'], '2026-01-01T00:01:01Z')
    clock.now += 60_000
    const sentBefore = calls.filter((c) => c.endsWith('/import')).length
    const step = await registrationStep(deps)
    // Sent now, not after the first import's hour of waiting; and the first is still followed (its device read again).
    expect(calls.filter((c) => c.endsWith('/import'))).toHaveLength(sentBefore + 1)
    expect(repo.rows('imp-2')[0]).toMatchObject({ status: 'submitted' })
    expect(repo.get('imp-1')!.state).toBe('waiting')
    expect(step.nextInMs).toBe(10)
  })

  it('a whole batch refused with 400 (an unpadded hash) fails its rows with Intune’s words instead of resending', async () => {
    const { db, repo } = setup(['A'])
    const { graph, calls } = fakeGraph({ states: {}, importFails: 400 })
    await registrationStep({ db, beta: graph, ctx: { correlationId: 'c' }, timing: { pollMs: 10, importTimeoutMs: 1, appearTimeoutMs: 1, retryBaseMs: 1_000 } })
    expect(repo.rows('imp-1')[0]).toMatchObject({ status: 'error', errorName: 'BadRequest' })
    expect(repo.get('imp-1')!.message).toBe('Intune refused batch 1 as not valid (HTTP 400): Cannot convert the literal to Edm.Binary.')
    expect(calls.filter((c) => c.endsWith('/import'))).toHaveLength(1)
  })

  it('after a crash mid-send, adopts only records carrying its own importId; others are never adopted or deleted', async () => {
    const { db, repo } = setup(['A', 'B'])
    repo.markSubmitting('imp-1', [0, 1], 1, '2026-01-01T00:00:02Z')
    const { graph, calls } = fakeGraph({
      states: { A: 'complete' },
      recoverable: [
        { id: 'rec-A', serialNumber: 'A', importId: 'imp-1' },
        { id: 'theirs-B', serialNumber: 'B', importId: 'someone-else' },
      ],
    })
    await registrationStep({
      db,
      beta: graph,
      ctx: { correlationId: 'c' },
      timing: { pollMs: 10, importTimeoutMs: 60_000, appearTimeoutMs: 60_000, retryBaseMs: 1_000 },
    })
    const rows = repo.rows('imp-1')
    expect(rows[0]).toMatchObject({ status: 'complete', recordDeleted: true })
    expect(rows[1]!.status).toBe('queued')
    expect(calls.some((c) => c.includes('theirs-B'))).toBe(false)
  })
})

describe('registration upload: a retry budget, then Failed with Retry and Discard', () => {
  const serverError = () => new GraphError(500, 'InternalServerError', 'req-42', null, 'An internal server error has occurred')
  const offline = () => new AppFailure('offline', 'Intune cannot be reached (connection refused).')

  /** Steps until the import is no longer uploading (or `max` tries), each time once its next try is due. */
  async function tryUntilStopped(deps: StepDeps, clock: { now: number }, repo: ReturnType<typeof createRegistrationRepo>, max: number) {
    for (let i = 0; i < max && repo.get('imp-1')!.state === 'uploading'; i++) {
      const due = repo.get('imp-1')!.nextAttemptAt
      if (due) clock.now = Math.max(clock.now, Date.parse(due))
      await registrationStep(deps)
    }
  }

  it('stops after 8 tries Intune answered with an error: Failed with its last answer, the hashes kept; before that each try says why and when the next is', async () => {
    const { db, repo } = setup(['A', 'B'])
    const { graph, calls } = fakeGraph({ states: {}, importError: serverError })
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock)
    const posts = () => calls.filter((c) => c.endsWith('/import')).length

    await registrationStep(deps)
    const first = repo.get('imp-1')!
    expect(first).toMatchObject({ state: 'uploading', failedTries: 1, errorTries: 1 })
    // Intune's answer in a sentence; its ids and text are kept beside it for "Details for support".
    expect(first.message).toBe('Batch 1 could not be sent yet: Intune had an internal error (HTTP 500).')
    expect(first.intune).toMatchObject({ status: 500, code: 'InternalServerError', requestId: 'req-42', message: 'An internal server error has occurred' })
    // Not tried again before its time: the wait is kept on the import (and so across a restart).
    expect(Date.parse(first.nextAttemptAt!)).toBe(clock.now + 2_000)
    const early = await registrationStep(deps)
    expect(posts()).toBe(1)
    expect(early.nextInMs).toBe(2_000)

    await tryUntilStopped(deps, clock, repo, 20)
    expect(posts()).toBe(8)
    const failed = repo.get('imp-1')!
    expect(failed).toMatchObject({ state: 'failed', errorTries: 8, nextAttemptAt: null })
    expect(failed.message).toBe(
      'Batch 1 could not be sent: Intune had an internal error (HTTP 500). Intune answered with an error 8 times in a row, so the upload stopped trying.',
    )
    expect(failed.intune).toMatchObject({ status: 500, requestId: 'req-42' })
    // Nothing is lost: the rows and their hashes stay until the technician discards the upload.
    expect(repo.rows('imp-1').map((r) => r.hardwareHash)).toEqual(['QUJD', 'QUJD'])
    // A Failed import is not unfinished: nothing more is tried, and the next import is not held by it.
    expect(await registrationStep(deps)).toEqual({ nextInMs: null, changed: false })
    expect(posts()).toBe(8)
    const audit = db.prepare("SELECT details FROM audit_log WHERE action = 'registration-failed'").pluck().all() as string[]
    expect(audit.map((d) => JSON.parse(d) as Record<string, unknown>)).toEqual([expect.objectContaining({ importId: 'imp-1', tries: 8 })])
  })

  it('tries that reach no Intune at all (offline) do not spend the budget: it goes on once online', async () => {
    const { db, repo } = setup(['A'])
    const options: Parameters<typeof fakeGraph>[0] = { states: { A: 'complete' }, importError: offline }
    const { graph } = fakeGraph(options)
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock)
    await tryUntilStopped(deps, clock, repo, 20)
    expect(repo.get('imp-1')).toMatchObject({ state: 'uploading', failedTries: 20, errorTries: 0 })
    // The waits double, then stay at their cap (64 s with this 1 s base; 2 minutes with the app's 2 s).
    expect(Date.parse(repo.get('imp-1')!.nextAttemptAt!) - clock.now).toBe(64_000)
    options.importError = null
    await tryUntilStopped(deps, clock, repo, 5)
    expect(repo.get('imp-1')).toMatchObject({ state: 'syncing', failedTries: 0, errorTries: 0, nextAttemptAt: null, message: null })
  })

  it('Retry sends a Failed import again with its budget whole, after looking for what Intune already received', async () => {
    const { db, repo } = setup(['A'])
    const options: Parameters<typeof fakeGraph>[0] = { states: { A: 'complete' }, importError: serverError }
    const { graph, calls } = fakeGraph(options)
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock)
    await tryUntilStopped(deps, clock, repo, 20)
    expect(repo.get('imp-1')!.state).toBe('failed')
    options.importError = null
    expect(retryImport(db, 'imp-1')).toBe(true)
    expect(repo.get('imp-1')).toMatchObject({ state: 'uploading', failedTries: 0, errorTries: 0, nextAttemptAt: null, message: null })
    calls.length = 0
    await tryUntilStopped(deps, clock, repo, 5)
    // Looked for by serial first (the last POST may have reached Intune), then sent once.
    expect(calls[0]).toMatch(/^GET .*\?\$filter=contains\(serialNumber%2C'A'\)/)
    expect(calls.filter((c) => c.endsWith('/import'))).toHaveLength(1)
    expect(repo.rows('imp-1')[0]).toMatchObject({ status: 'complete', recordDeleted: true })
    // Nothing to retry on an import that is under way.
    expect(retryImport(db, 'imp-1')).toBe(false)
  })

  it('Discard: a batch Intune never received is dropped and the hashes cleared; one Intune is processing is not; one Intune cannot be asked about only when told', async () => {
    const { db, repo } = setup(['A', 'B'])
    const options: Parameters<typeof fakeGraph>[0] = { states: {}, importError: serverError }
    const { graph, calls } = fakeGraph(options)
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock)
    await registrationStep(deps)
    expect(repo.rows('imp-1').map((r) => r.status)).toEqual(['submitting', 'submitting'])

    // Intune cannot be asked whether the 500 hid a batch it received: not discarded unless the technician says so.
    options.readError = offline
    const unchecked = await discardImport(deps, 'imp-1', false)
    expect(unchecked).toMatchObject({
      discarded: false,
      notice: { kind: 'unchecked', message: expect.stringMatching(/could not be asked whether it received 2 devices/) },
    })
    expect(repo.get('imp-1')!.state).toBe('uploading')

    // Intune has A and is processing it: not discarded (Intune documents no way to stop it), A adopted as the next try would.
    options.readError = null
    options.recoverable = [{ id: 'rec-A', serialNumber: 'A', importId: 'imp-1' }]
    options.states = { A: 'pending' }
    const processing = await discardImport(deps, 'imp-1', false)
    expect(processing).toMatchObject({
      discarded: false,
      notice: { kind: 'processing', message: expect.stringMatching(/already received 1 device .* still processing it/) },
    })
    expect(repo.rows('imp-1').map((r) => r.status)).toEqual(['submitted', 'queued'])

    // A ends in error; now nothing of it is with Intune: discarded, its record deleted, the hashes cleared, audited.
    options.states = { A: 'error' }
    calls.length = 0
    const done = await discardImport(deps, 'imp-1', false)
    expect(done).toEqual({ discarded: true, notice: null })
    expect(calls).toContain(`DELETE ${IMPORTS}/rec-A`)
    expect(calls.some((c) => c.endsWith('/import'))).toBe(false)
    expect(repo.get('imp-1')).toMatchObject({ state: 'cancelled', message: 'Discarded: 2 devices not registered.', finishedAt: expect.any(String) })
    expect(repo.rows('imp-1').map((r) => [r.serialNumber, r.status, r.hardwareHash])).toEqual([
      ['A', 'error', ''],
      ['B', 'queued', ''],
    ])
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'registration-discard'").pluck().get()).toBe(1)
    // Never sent afterwards.
    expect(await registrationStep(deps)).toEqual({ nextInMs: null, changed: false })
  })

  it('Discard anyway, when Intune cannot be asked, says the devices may still be registered', async () => {
    const { db, repo } = setup(['A'])
    const { graph } = fakeGraph({ states: {}, importError: serverError, readError: offline })
    const clock = { now: Date.parse('2026-01-01T00:00:02Z') }
    const deps = stepDeps(db, graph, clock)
    await registrationStep(deps)
    expect(await discardImport(deps, 'imp-1', true)).toEqual({ discarded: true, notice: null })
    expect(repo.get('imp-1')!.state).toBe('cancelled')
    expect(repo.get('imp-1')!.message).toMatch(/may still be registered: check Windows Autopilot devices later/)
  })
})
