import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { inspectBundle } from '@core/diagnostics/inspect-bundle'
import { openArchive } from '@core/diagnostics/open-archive'
import { ArchiveError } from '@core/diagnostics/safe-unzip'
import { useTempDirs } from '@support/temp-dir'
import { insertAttempt, setupBench } from '@support/bundle-fixture'
import { createBenchRepo } from '@core/repos/bench-repo'
import type { ExportScope } from '@shared/diagnostics-schemas'

const plain = { serials: false, users: false }
const json = (files: Record<string, Uint8Array>, name: string) => JSON.parse(strFromU8(files[name]!)) as unknown

describe('diagnostics bundle: export, then review offline', () => {
  const tempDir = useTempDirs()

  it('round-trips: the review shows exactly what was exported', () => {
    const { db, options } = setupBench(tempDir())
    const progress: string[] = []
    const { zip, manifest } = exportBundle(db, {
      ...options,
      scope: { kind: 'device', id: 'pf4ser1x' },
      redact: plain,
      onProgress: (p) => progress.push(p.step),
    })
    expect(progress[0]).toBe('reading')
    expect(progress.at(-1)).toBe('done')
    const files = unzipSync(zip)
    const review = openArchive(zip, 'b.zip')
    if (review.kind !== 'bundle') throw new Error('expected our bundle')
    expect(review.warnings).toEqual([])
    expect(review.manifest.files).toEqual(manifest.files)
    expect(review.manifest.scope).toEqual({ kind: 'device', id: 'pf4ser1x', name: null, deviceCount: 1, since: manifest.scope.since })
    expect(review.devices).toEqual(json(files, 'devices.json'))
    expect(review.devices.map((d) => d.serialNumber)).toEqual(['PF4SER1X'])
    expect(review.outbox).toEqual(json(files, 'outbox.json'))
    expect(review.errors).toEqual(json(files, 'errors.json'))
    expect(review.attempts).toHaveLength(1)
    expect(review.attempts[0]).toMatchObject({ deviceId: 'dev-1', serialNumber: 'PF4SER1X', jobId: 'J1', phase: 'failed', errorCode: '0x80180014' })
    expect(review.attempts[0]!.timeline.map((t) => t.type)).toEqual(['provision-pressed', 'failed'])
    expect(review.errors).toEqual([
      expect.objectContaining({
        code: '0x80180014',
        status: 'known',
        title: expect.stringMatching(/Enrollment blocked/),
        citation: expect.stringMatching(/^Microsoft Learn: .*Windows Autopilot troubleshooting FAQ/),
        links: expect.arrayContaining([
          expect.objectContaining({ url: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\/autopilot\/troubleshooting-faq/) }),
        ]),
      }),
    ])
    expect(review.logLines.map((l) => [l.level, l.msg])).toEqual([['warn', 'attempt failed for PF4SER1X (anna.anderson1@contoso.com)']])
    expect(review.summaryQr).toEqual({
      text: JSON.stringify({ ZtdId: 'dev-1', SerialNumber: 'PF4SER1X', LastError: '0x80180014', Stage: 'failed', ElapsedSeconds: 900 }),
      serialNumber: 'PF4SER1X',
      ztdId: 'dev-1',
      lastError: '0x80180014',
      stage: 'failed',
      elapsedSeconds: 900,
    })
    const html = strFromU8(files['summary.html']!)
    expect(html).not.toMatch(/<script/i)
    expect(html).toMatch(/<svg[^>]*aria-label="Summary QR: PF4SER1X"/)
    expect(strFromU8(files['summary.csv']!)).toContain('"PF4SER1X"')
    // Summaries for people: statuses and stages in words, the attempt's device by its serial, times in UTC.
    const csvLine = strFromU8(files['summary.csv']!).split('\r\n')[1]!
    expect(csvLine).toMatch(/^"PF4SER1X",.*,"Assigned","1","Failed \(0x80180014\)","0x80180014"$/)
    expect(html).toMatch(/<tr><td>PF4SER1X<\/td><td>\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/td><td>Failed \(0x80180014\)<\/td><td>0x80180014<\/td>/)
    expect(html).not.toContain('<td>dev-1</td>')
    expect(html).not.toMatch(/pseudonyms/)
  })

  it('scopes: an attempt, a job, a day', () => {
    const { db, options, failedId } = setupBench(tempDir())
    const ids = (scope: Parameters<typeof exportBundle>[1]['scope']) =>
      inspectBundle(exportBundle(db, { ...options, scope, redact: plain }).zip).attempts.map((a) => a.deviceId)
    expect(ids({ kind: 'attempt', id: String(failedId) })).toEqual(['dev-1'])
    expect(ids({ kind: 'attempt', id: 'att-dev-2-2026-11-24T09:00:00.000Z' })).toEqual(['dev-2'])
    expect(ids({ kind: 'job', id: 'J1' })).toEqual(['dev-1'])
    expect(ids({ kind: 'day', id: '2026-11-24' })).toEqual(['dev-2'])
    // A device scanned onto the bench that day and never provisioned (sent back, say) is in the day's bundle too.
    db.prepare("INSERT INTO bench_devices (device_id, serial_number, added_at, stage, stage_since) VALUES ('dev-3', 'PF4SER3X', ?, 'scanned', ?)").run(
      '2026-11-24T11:00:00.000Z',
      '2026-11-24T11:00:00.000Z',
    )
    const day = inspectBundle(exportBundle(db, { ...options, scope: { kind: 'day', id: '2026-11-24' }, redact: plain }).zip)
    expect(day.devices.map((d) => d.serialNumber)).toEqual(['PF4SER2X', 'PF4SER3X'])
    expect(day.manifest.scope.deviceCount).toBe(2)
    expect(
      inspectBundle(exportBundle(db, { ...options, scope: { kind: 'day', id: '2026-11-23' }, redact: plain }).zip).devices.map((d) => d.serialNumber),
    ).toEqual(['PF4SER1X'])
    // An attempt across midnight UTC (4 PM at a bench in California) belongs to both days.
    insertAttempt(db, 'dev-3', 'PF4SER3X', null, [
      { type: 'provision-pressed', at: '2026-11-22T23:40:00.000Z' },
      { type: 'failed', at: '2026-11-23T00:20:00.000Z', code: '0x80180014' },
    ])
    for (const day of ['2026-11-22', '2026-11-23']) {
      const bundle = inspectBundle(exportBundle(db, { ...options, scope: { kind: 'day', id: day }, redact: plain }).zip)
      expect(
        bundle.attempts.map((a) => a.deviceId),
        day,
      ).toContain('dev-3')
      expect(
        bundle.devices.map((d) => d.serialNumber),
        day,
      ).toContain('PF4SER3X')
    }
    expect(ids({ kind: 'day', id: '2026-11-21' })).toEqual([])
    // The bench's own day, midnight to midnight on its clock: in California that attempt is the
    // afternoon of the 22nd, and only that day's.
    const benchDay = (id: string) =>
      inspectBundle(exportBundle(db, { ...options, scope: { kind: 'day', id, timeZone: 'America/Los_Angeles' }, redact: plain }).zip)
    const californian = benchDay('2026-11-22')
    expect(californian.attempts.map((a) => a.deviceId)).toContain('dev-3')
    expect(californian.manifest.scope).toMatchObject({ kind: 'day', id: '2026-11-22', timeZone: 'America/Los_Angeles', since: '2026-11-22T08:00:00.000Z' })
    expect(benchDay('2026-11-23').attempts.map((a) => a.deviceId)).not.toContain('dev-3')
    // Scanned at 11:00 UTC on the 24th: 3 AM that day in California, still the 24th.
    expect(benchDay('2026-11-24').devices.map((d) => d.serialNumber)).toContain('PF4SER3X')
    expect(inspectBundle(exportBundle(db, { ...options, scope: { kind: 'day', id: '2026-11-24' }, redact: plain }).zip).manifest.scope.timeZone).toBe('UTC')
    expect(() => ids({ kind: 'device', id: 'NOPE' })).toThrow(/No device NOPE/)
    expect(() => ids({ kind: 'job', id: 'J9' })).toThrow(/does not exist/)
  })

  it('a day’s bundle holds a device first seen on an earlier day and scanned again, or its attempt carried on, that day', () => {
    const { db, options } = setupBench(tempDir())
    const bench = createBenchRepo(db)
    const day = (id: string) => inspectBundle(exportBundle(db, { ...options, scope: { kind: 'day', id }, redact: plain }).zip)
    // dev-1 was scanned and failed on the 23rd; on the 24th it is scanned again (to be reset and tried again).
    bench.put({ deviceId: 'dev-1', jobId: 'J1', serialNumber: 'PF4SER1X', now: '2026-11-23T08:00:00.000Z' })
    bench.put({ deviceId: 'dev-1', jobId: 'J1', serialNumber: 'PF4SER1X', now: '2026-11-24T14:00:00.000Z' })
    expect(day('2026-11-24').devices.map((d) => d.serialNumber)).toEqual(['PF4SER1X', 'PF4SER2X'])
    expect(day('2026-11-23').devices.map((d) => d.serialNumber)).toEqual(['PF4SER1X'])
    // dev-3 succeeded late on the 22nd and was resealed the next morning: the 23rd's work too, attempt included.
    insertAttempt(db, 'dev-3', 'PF4SER3X', null, [
      { type: 'provision-pressed', at: '2026-11-22T16:00:00.000Z' },
      { type: 'succeeded', at: '2026-11-22T17:30:00.000Z' },
      { type: 'resealed', at: '2026-11-23T08:05:00.000Z' },
    ])
    const next = day('2026-11-23')
    expect(next.devices.map((d) => d.serialNumber)).toEqual(['PF4SER1X', 'PF4SER3X'])
    expect(next.attempts.map((a) => a.deviceId)).toContain('dev-3')
    // Nothing of either on a day without their activity.
    expect(day('2026-11-21').devices).toEqual([])
  })

  it('a job’s bundle holds the job’s own attempts, not another job’s on a device they share', () => {
    const { db, options } = setupBench(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('J2', 'Fabrikam order 7', 't', '2026-11-23T07:00:00.000Z')").run()
    insertAttempt(db, 'dev-1', 'PF4SER1X', 'J2', [
      { type: 'provision-pressed', at: '2026-11-23T09:00:00.000Z' },
      { type: 'failed', at: '2026-11-23T09:05:00.000Z', code: '0x800705B4' },
    ])
    const job = (id: string) => inspectBundle(exportBundle(db, { ...options, scope: { kind: 'job', id }, redact: { serials: false, users: false } }).zip)
    expect(job('J1').attempts.map((a) => a.errorCode)).toEqual(['0x80180014'])
    expect(job('J2').attempts.map((a) => a.errorCode)).toEqual(['0x800705B4'])
    // The device bundle still tells the device's whole story.
    const device = inspectBundle(exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: { serials: false, users: false } }).zip)
    expect(device.attempts.map((a) => a.errorCode)).toEqual(['0x80180014', '0x800705B4'])
  })

  it('names the file by the job’s name and an attempt’s by its device’s serial, not by ids', () => {
    const { db, options, failedId } = setupBench(tempDir())
    const name = (scope: ExportScope) => exportBundle(db, { ...options, scope, redact: { serials: false, users: false } }).fileName
    expect(name({ kind: 'job', id: 'J1' })).toMatch(/^autopilot-bench-diagnostics-job-Contoso_order_42-\d{8}T\d{6}Z\.zip$/)
    expect(name({ kind: 'attempt', id: String(failedId) })).toMatch(/^autopilot-bench-diagnostics-attempt-PF4SER1X-\d{8}T\d{6}Z\.zip$/)
  })

  it('leaves none of the redacted values anywhere, in any entry or entry name, with consistent pseudonyms', () => {
    const { db, options } = setupBench(tempDir())
    const redact = { serials: true, users: true }
    const { zip } = exportBundle(db, { ...options, scope: { kind: 'job', id: 'J1' }, redact })
    const files = unzipSync(zip)
    const everything = Object.entries(files)
      .map(([name, bytes]) => `${name}\n${strFromU8(bytes)}`)
      .join('\n')
      .toLowerCase()
    for (const secret of ['PF4SER1X', 'anna.anderson1@contoso.com', 'Anna Anderson 1', 'ben.brown@contoso.com']) {
      expect(everything, secret).not.toContain(secret.toLowerCase())
    }
    expect(everything).not.toMatch(/\bben\b/)
    expect(everything).toContain('bench-ldn')
    const review = inspectBundle(zip)
    const pseudonym = review.devices[0]!.serialNumber as string
    expect(pseudonym).toMatch(/^serial-[0-9a-f]{12}$/)
    expect(review.attempts[0]!.serialNumber).toBe(pseudonym)
    expect(review.summaryQr?.serialNumber).toBe(pseudonym)
    expect(review.logLines[0]!.msg).toContain(pseudonym)
    expect(review.manifest.redaction).toEqual(redact)
    expect(strFromU8(files['summary.html']!)).toContain('serial numbers and user names are pseudonyms')
    // A second export draws a new key: pseudonyms cannot be linked across bundles.
    expect(inspectBundle(exportBundle(db, { ...options, scope: { kind: 'job', id: 'J1' }, redact }).zip).devices[0]!.serialNumber).not.toBe(pseudonym)
    // Serials only: users stay readable.
    const serialsOnly = inspectBundle(exportBundle(db, { ...options, scope: { kind: 'job', id: 'J1' }, redact: { serials: true, users: false } }).zip)
    expect(serialsOnly.devices[0]).toMatchObject({ serialNumber: expect.stringMatching(/^serial-/), userPrincipalName: 'anna.anderson1@contoso.com' })
    const serialsOnlyHtml = strFromU8(
      unzipSync(exportBundle(db, { ...options, scope: { kind: 'job', id: 'J1' }, redact: { serials: true, users: false } }).zip)['summary.html']!,
    )
    expect(serialsOnlyHtml).toContain(' · serial numbers are pseudonyms</p>')
  })

  it('refuses a bundle when a file breaks a limit of the reader, rather than calling it damaged JSON', () => {
    const { db, options } = setupBench(tempDir())
    const files = unzipSync(exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: plain }).zip)
    const zip = zipSync({ ...files, 'devices.json': [new Uint8Array(8 * 1024 * 1024).fill(0x20), { level: 9 }] })
    expect(() => inspectBundle(zip)).toThrow(/^This ZIP was refused: entry "devices.json" claims to expand \d+× \(the compression-ratio limit is 200×/)
  })

  it('reports a file changed after export, and refuses unknown formats and foreign archives', () => {
    const { db, options } = setupBench(tempDir())
    const files = unzipSync(exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: plain }).zip)
    files['attempts.json'] = strToU8('[]')
    expect(inspectBundle(zipSync(files)).warnings).toContain('attempts.json does not match its checksum: it was changed after export.')
    files['devices.json'] = strToU8('{"not":"a list"}')
    expect(inspectBundle(zipSync(files)).warnings).toContain('devices.json does not have the expected shape and was skipped.')
    // Which files each section cannot trust, for the sections to say so.
    const { 'outbox.json': _outbox, ...withoutOutbox } = files
    expect(inspectBundle(zipSync(withoutOutbox)).fileIssues).toEqual({ 'attempts.json': 'changed', 'devices.json': 'unreadable', 'outbox.json': 'missing' })
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>
    files['manifest.json'] = strToU8(JSON.stringify({ ...manifest, formatVersion: 99 }))
    expect(() => inspectBundle(zipSync(files))).toThrow(/newer Autopilot Bench/)
    expect(() => inspectBundle(zipSync({ 'readme.txt': strToU8('hi') }))).toThrow(/not an Autopilot Bench diagnostics bundle/)
    files['manifest.json'] = strToU8('{not json')
    expect(() => inspectBundle(zipSync(files))).toThrow(ArchiveError)
  })

  it('still opens a format-1 bundle (legacy attempt rows)', () => {
    const v1 = {
      formatVersion: 1,
      app: 'autopilot-bench',
      appVersion: '0.1.0',
      createdAt: '2026-11-23T09:00:00.000Z',
      tenant: { id: 't', displayName: 'Contoso' },
      scope: { kind: 'devices', deviceCount: 1, since: null },
      redaction: { serials: false, users: false },
      files: [],
    }
    const attempts = [
      { id: 1, device_id: 'dev-1', started_at: '2026-11-23T08:10:00Z', ended_at: '2026-11-23T08:25:00Z', outcome: 'failed', error_code: '0x81039001' },
    ]
    const review = inspectBundle(zipSync({ 'manifest.json': strToU8(JSON.stringify(v1)), 'attempts.json': strToU8(JSON.stringify(attempts)) }))
    expect(review.attempts[0]).toMatchObject({ deviceId: 'dev-1', phase: 'failed', errorCode: '0x81039001' })
    expect(review.attempts[0]!.timeline.map((t) => t.label)).toEqual(['Started', 'Ended: failed'])
  })
})
