import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createRegistrationRepo } from '@core/repos/registration-repo'
import { registrationMethods } from '@core/registration/registration.worker'
import type { WorkerContext } from '@core/worker/method'

const hashOf = (serial: string) => Buffer.from(`hardware hash of ${serial}!`).toString('base64')
const report = { files: [], rows: 1, issues: [], duplicates: [] } as never
const csvOf = (lines: string[]) => Buffer.from(['Device Serial Number,Windows Product ID,Hardware Hash', ...lines].join('\r\n')).toString('base64')

describe('registration: a second check of a file this PC just uploaded', () => {
  it('refuses the rows an upload not ended registered or still sends (by serial or hash), not only those in the cache', async () => {
    const db = new Database(':memory:')
    migrate(db)
    const repo = createRegistrationRepo(db)
    const serials = ['WALK-1', 'WALK-2', 'WALK-3', 'WALK-4', 'WALK-5']
    const rows = serials.map((serialNumber, i) => ({
      file: 'huge.csv',
      line: i + 2,
      serialNumber,
      productKey: '',
      hardwareHash: hashOf(serialNumber),
      groupTag: '',
      assignedUser: '',
    }))
    repo.saveDraft({ id: 'big', createdAt: '2026-12-07T23:20:00.000Z', report, files: [], rows })
    repo.confirm('big', '2026-12-07T23:21:00.000Z', null)
    repo.update('big', { state: 'waiting' })
    repo.setRow('big', 0, { status: 'complete', submitted_at: '2026-12-07T23:26:10.000Z' })
    repo.setRow('big', 1, { status: 'complete', submitted_at: '2026-12-07T23:26:10.000Z' })
    repo.setRow('big', 2, { status: 'submitting', submitted_at: '2026-12-07T23:27:00.000Z' })
    repo.setRow('big', 3, { status: 'error', error_code: 806 })
    // An upload that ended long ago: its devices are in the cache or not, and the cache decides.
    repo.saveDraft({
      id: 'old',
      createdAt: '2026-12-01T09:00:00.000Z',
      report,
      files: [],
      rows: [{ ...rows[0]!, serialNumber: 'OLD-1', hardwareHash: hashOf('OLD-1') }],
    })
    repo.confirm('old', '2026-12-01T09:01:00.000Z', null)
    repo.update('old', { state: 'done' })
    repo.setRow('old', 0, { status: 'complete' })
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    const csv = csvOf([
      ...serials.map((serial) => `${serial.toLowerCase()},,${hashOf(serial)}`),
      // Another serial, the same hash as a row in the upload: the same device.
      `RELABELLED-9,,${hashOf('WALK-2')}`,
      `OLD-1,,${hashOf('OLD-1')}`,
      `FRESH-1,,${hashOf('FRESH-1')}`,
    ])
    const check = await registrationMethods['registration:check-files'].run(ctx, { files: [{ name: 'huge.csv', dataBase64: csv }] } as never)
    expect(check.report).toMatchObject({ rows: 8, valid: 3 })
    expect(check.rows.map((row) => row.serialNumber)).toEqual(['walk-4', 'OLD-1', 'FRESH-1'])
    const refused = Object.fromEntries(check.report.errors.map((error) => [error.line, error]))
    expect(Object.keys(refused)).toEqual(['2', '3', '4', '6', '7'])
    expect(refused[2]).toMatchObject({ code: 'already-registered' })
    expect(refused[2]!.message).toBe(
      'Serial number walk-1 was uploaded from this PC at 2026-12-07 23:26 UTC (the upload of 5 devices confirmed 2026-12-07 23:21 UTC) and Intune registered it; it is not in the device list yet.',
    )
    expect(refused[2]!.fix).toMatch(/806 ZtdDeviceAlreadyAssigned/)
    expect(refused[4]!.message).toBe(
      'Serial number walk-3 is in an upload from this PC that has not ended (the upload of 5 devices confirmed 2026-12-07 23:21 UTC).',
    )
    // Waiting to be sent in that upload: sending it again would send it twice.
    expect(refused[6]!.message).toContain('walk-5 is in an upload from this PC that has not ended')
    expect(refused[7]!.message).toContain('Serial number RELABELLED-9 was uploaded from this PC')
    db.close()
  })
})
