import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createRegistrationRepo } from '@core/repos/registration-repo'
import { registrationMethods } from '@core/registration/registration.worker'
import type { WorkerContext } from '@core/worker/method'

const hashRow = (serialNumber: string) => ({ file: 'a.csv', line: 2, serialNumber, productKey: '', hardwareHash: 'T0FB', groupTag: '', assignedUser: '' })
const report = { files: [], rows: 1, issues: [], duplicates: [] } as never

describe('registration: the upload on this PC that holds a serial’s hash', () => {
  it('names the newest unfinished upload with the serial (Failed, under way, or registered and waiting), never a finished, discarded or refused one', async () => {
    const db = new Database(':memory:')
    migrate(db)
    const repo = createRegistrationRepo(db)
    const upload = (id: string, createdAt: string, state: string, serial: string, status = 'queued') => {
      repo.saveDraft({ id, createdAt, report, files: [], rows: [hashRow(serial)] })
      repo.update(id, { state })
      repo.setRow(id, 0, { status })
    }
    upload('old-failed', '2026-12-01T09:00:00Z', 'failed', 'PF1AAA')
    upload('new-failed', '2026-12-02T09:00:00Z', 'failed', 'PF1AAA', 'submitting')
    upload('done', '2026-12-03T09:00:00Z', 'done', 'PF1BBB', 'complete')
    upload('discarded', '2026-12-04T09:00:00Z', 'cancelled', 'PF1CCC')
    upload('refused', '2026-12-05T09:00:00Z', 'failed', 'PF1DDD', 'error')
    upload('waiting', '2026-12-06T09:00:00Z', 'waiting', 'PF1EEE', 'complete')
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    const find = (serialNumber: string) => registrationMethods['registration:find-held-hash'].run(ctx, { serialNumber })
    expect(await find(' pf1aaa ')).toEqual({ upload: { importId: 'new-failed', state: 'failed', createdAt: '2026-12-02T09:00:00Z', registered: false } })
    expect(await find('PF1BBB')).toEqual({ upload: null })
    expect(await find('PF1CCC')).toEqual({ upload: null })
    expect(await find('PF1DDD')).toEqual({ upload: null })
    expect(await find('PF1EEE')).toEqual({ upload: { importId: 'waiting', state: 'waiting', createdAt: '2026-12-06T09:00:00Z', registered: true } })
    expect(await find('PF1ZZZ')).toEqual({ upload: null })
    db.close()
  })
})
