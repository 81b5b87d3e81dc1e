import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createRegistrationRepo } from '@core/repos/registration-repo'
import type { GraphClient } from '@core/graph/graph-client'
import { GraphError } from '@core/graph/graph-error'
import { registrationStep, type StepDeps } from '@core/registration/upload-step.worker'
import { registrationMethods } from '@core/registration/registration.worker'

const IMPORTS = '/deviceManagement/importedWindowsAutopilotDeviceIdentities'

/** A scripted Graph: the import answers with records, the listing reports `states`, deletes are logged. */
function fakeGraph(options: { states: Record<string, string>; importFails?: number; recoverable?: Array<Record<string, unknown>> }) {
  const calls: string[] = []
  const graph = {
    baseUrl: 'https://graph.test/beta',
    urlOf: (path: string) => `https://graph.test/beta${path}`,
    onRetry() {},
    async post(path: string, body: unknown) {
      calls.push(`POST ${path}`)
      if (path.endsWith('/import')) {
        if (options.importFails) throw new GraphError(options.importFails, 'BadRequest', null, null, 'Cannot convert the literal to Edm.Binary')
        const rows = (body as { importedWindowsAutopilotDeviceIdentities: Array<{ serialNumber: string }> }).importedWindowsAutopilotDeviceIdentities
        return { value: rows.map((row) => ({ id: `rec-${row.serialNumber}`, serialNumber: row.serialNumber, state: { deviceImportStatus: 'pending' } })) }
      }
      return null
    },
    async getJson(path: string) {
      calls.push(`GET ${path}`)
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
  return { db, beta: graph, ctx: { correlationId: 'c' }, timing: { pollMs: 10, importTimeoutMs: 60_000, appearTimeoutMs }, now: () => clock.now }
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
    await expect(step).rejects.toMatchObject({ code: 'offline' })
    expect(repo.get('imp-1')?.message).toMatch(/^Batch 1 could not be sent yet: Intune cannot be reached/)
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
    await registrationStep({ db, beta: graph, ctx: { correlationId: 'c' }, timing: { pollMs: 10, importTimeoutMs: 1, appearTimeoutMs: 1 } })
    expect(repo.rows('imp-1')[0]).toMatchObject({ status: 'error', errorName: 'BadRequest' })
    expect(repo.get('imp-1')!.message).toMatch(/Edm.Binary/)
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
    await registrationStep({ db, beta: graph, ctx: { correlationId: 'c' }, timing: { pollMs: 10, importTimeoutMs: 60_000, appearTimeoutMs: 60_000 } })
    const rows = repo.rows('imp-1')
    expect(rows[0]).toMatchObject({ status: 'complete', recordDeleted: true })
    expect(rows[1]!.status).toBe('queued')
    expect(calls.some((c) => c.includes('theirs-B'))).toBe(false)
  })
})
