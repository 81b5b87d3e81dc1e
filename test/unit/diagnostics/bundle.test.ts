import Database from 'better-sqlite3'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/main/core/db/migrations'
import { createDevicesRepo, type DeviceRow } from '../../../src/main/core/repos/devices-repo'
import { createOutboxRepo } from '../../../src/main/core/repos/outbox-repo'
import { exportBundle } from '../../../src/main/core/diagnostics/export-bundle'
import { inspectBundle } from '../../../src/main/core/diagnostics/inspect-bundle'
import { ArchiveError } from '../../../src/main/core/diagnostics/safe-unzip'
import { useTempDirs } from '../../support/temp-dir'

const device = (i: number, extra: Partial<DeviceRow> = {}): DeviceRow => ({
  id: `dev-${i}`, serialNumber: `PF4SER${i}X`, manufacturer: 'LENOVO', model: '21HD', groupTag: 'BENCH-LDN', purchaseOrder: 'PO-1',
  userPrincipalName: `anna.anderson${i}@contoso.com`, addressableUserName: `Anna Anderson ${i}`, displayName: `LDN-PF4SER${i}X`,
  profileStatus: 'assigned', profileAssignedAt: null, enrollmentState: 'notContacted', remediationState: 'noRemediationRequired',
  profileId: '', userlessEnrollmentStatus: 'allowed', managedDeviceId: '', entraDeviceId: '', lastContactedAt: null, ...extra,
})

describe('diagnostics bundle: export, then review offline', () => {
  const tempDir = useTempDirs()

  function setup() {
    const db = new Database(':memory:')
    migrate(db)
    createDevicesRepo(db).save([device(1), device(2), device(3)], '2026-11-23T08:00:00Z')
    db.prepare("INSERT INTO attempts (device_id, started_at, ended_at, outcome, error_code, next_action) VALUES ('dev-1', '2026-11-23T08:10:00Z', '2026-11-23T08:25:00Z', 'failed', '0x81039001', 'retry')").run()
    createOutboxRepo(db).queue('dev-1', { kind: 'assign-user', userPrincipalName: 'ben.brown@contoso.com', addressableUserName: 'Ben' }, 'corr-1')
    const logDir = join(tempDir(), 'logs')
    mkdirSync(logDir)
    writeFileSync(join(logDir, 'app.log'), [
      JSON.stringify({ level: 30, time: '2026-11-22T01:00:00.000Z', msg: 'old line about PF4SER1X' }),
      JSON.stringify({ level: 40, time: '2026-11-23T08:20:00.000Z', msg: 'attempt failed for PF4SER1X (anna.anderson1@contoso.com)', correlationId: 'corr-1' }),
    ].join('\n') + '\n')
    const options = {
      deviceIds: ['dev-1', 'dev-2'], since: '2026-11-23T00:00:00.000Z', appVersion: '9.9.9', tenant: { id: 't', displayName: 'Contoso' }, logDir,
      now: () => new Date('2026-11-23T09:00:00Z'),
    }
    return { db, options }
  }

  it('round-trips: the review shows exactly what was exported', () => {
    const { db, options } = setup()
    const { zip, manifest } = exportBundle(db, { ...options, redact: false })
    const review = inspectBundle(zip)
    expect(review.warnings).toEqual([])
    expect(review.manifest).toEqual(manifest)
    expect(review.devices.map((d) => d.serialNumber)).toEqual(['PF4SER1X', 'PF4SER2X'])
    expect(review.attempts).toEqual([expect.objectContaining({ device_id: 'dev-1', outcome: 'failed', error_code: '0x81039001' })])
    expect(review.errors).toEqual([expect.objectContaining({ code: '0x81039001', action: 'retry' })])
    expect(review.outbox).toHaveLength(1)
    expect(review.logLines.map((l) => l.msg)).toEqual(['attempt failed for PF4SER1X (anna.anderson1@contoso.com)'])
    const files = unzipSync(zip)
    expect(Object.keys(files).sort()).toEqual(['app-log.jsonl', 'attempts.json', 'audit.json', 'devices.json', 'errors.json', 'manifest.json', 'outbox.json', 'profiles.json', 'summary.csv', 'summary.html'])
    expect(strFromU8(files['summary.csv']!)).toContain('"PF4SER1X"')
    expect(strFromU8(files['summary.html']!)).not.toMatch(/<script/i)
  })

  it('leaves none of the redacted values anywhere, in any entry or entry name, with consistent pseudonyms', () => {
    const { db, options } = setup()
    const { zip } = exportBundle(db, { ...options, redact: true })
    const files = unzipSync(zip)
    const everything = Object.entries(files).map(([name, bytes]) => `${name}\n${strFromU8(bytes)}`).join('\n').toLowerCase()
    for (const secret of ['PF4SER1X', 'PF4SER2X', 'anna.anderson1@contoso.com', 'anna.anderson2@contoso.com', 'Anna Anderson 1', 'ben.brown@contoso.com']) {
      expect(everything, secret).not.toContain(secret.toLowerCase())
    }
    expect(everything).not.toMatch(/\bben\b/)
    expect(everything).toContain('bench-ldn')
    const review = inspectBundle(zip)
    const pseudonym = review.devices[0]!.serialNumber as string
    expect(pseudonym).toMatch(/^serial-[0-9a-f]{12}$/)
    expect(review.logLines[0]!.msg).toContain(pseudonym)
    expect(review.manifest.redaction).toEqual({ serials: true, users: true })
    // A second export draws a new key: pseudonyms cannot be linked across bundles.
    expect(inspectBundle(exportBundle(db, { ...options, redact: true }).zip).devices[0]!.serialNumber).not.toBe(pseudonym)
  })

  it('reports a file changed after export, and refuses unknown formats and foreign archives', () => {
    const { db, options } = setup()
    const files = unzipSync(exportBundle(db, { ...options, redact: false }).zip)
    files['attempts.json'] = strToU8('[]')
    expect(inspectBundle(zipSync(files)).warnings).toContain('attempts.json does not match its checksum: it was changed after export.')
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>
    files['manifest.json'] = strToU8(JSON.stringify({ ...manifest, formatVersion: 99 }))
    expect(() => inspectBundle(zipSync(files))).toThrow(/newer Autopilot Bench/)
    expect(() => inspectBundle(zipSync({ 'readme.txt': strToU8('hi') }))).toThrow(/not an Autopilot Bench diagnostics bundle/)
    files['manifest.json'] = strToU8('{not json')
    expect(() => inspectBundle(zipSync(files))).toThrow(ArchiveError)
  })
})
