import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { inspectBundle } from '@core/diagnostics/inspect-bundle'
import { createAttemptsRepo } from '@core/repos/attempts-repo'
import { useTempDirs } from '@support/temp-dir'
import { insertAttempt, setupBench } from '@support/bundle-fixture'

const plain = { serials: false, users: false }
const VOID_AT = '2026-11-23T08:40:00.000Z'
/** Free text typed by the technician: a UPN no row ties to a device, a known one, and the device's serial. */
const REASON = 'Test press for zed.zimmer@contoso.com and anna.anderson1@contoso.com on PF4SER1X'

/** dev-1's failed attempt (0x80180014, job J1) voided with a reason, then a real attempt that succeeded. */
function benchWithVoidedFailure(dir: string) {
  const bench = setupBench(dir)
  createAttemptsRepo(bench.db).setVoided(bench.failedId, { at: VOID_AT, reason: REASON })
  insertAttempt(bench.db, 'dev-1', 'PF4SER1X', 'J1', [
    { type: 'provision-pressed', at: '2026-11-23T09:00:00.000Z' },
    { type: 'succeeded', at: '2026-11-23T09:30:00.000Z' },
  ])
  return bench
}

describe('diagnostics bundle: voided attempts', () => {
  const tempDir = useTempDirs()

  it('are kept as evidence and marked, and left out of the summary QR, summary.csv and the count in summary.html', () => {
    const { db, options } = benchWithVoidedFailure(tempDir())
    const { zip } = exportBundle(db, { ...options, scope: { kind: 'job', id: 'J1' }, redact: plain })
    const files = unzipSync(zip)
    const attempts = JSON.parse(strFromU8(files['attempts.json']!)) as Array<{ errorCode: string | null; voided: unknown }>
    expect(attempts.map((a) => [a.errorCode, a.voided])).toEqual([
      ['0x80180014', { at: VOID_AT, reason: REASON }],
      [null, null],
    ])
    const review = inspectBundle(zip)
    expect(review.attempts.map((a) => a.voided ?? null)).toEqual([{ at: VOID_AT, reason: REASON }, null])
    // The case is the attempt that counts, not the voided failure.
    expect(review.summaryQr).toMatchObject({ lastError: null, stage: 'succeeded' })
    const csvLine = strFromU8(files['summary.csv']!).split('\r\n')[1]!
    expect(csvLine).toMatch(/,"1","Succeeded",""$/)
    const html = strFromU8(files['summary.html']!)
    expect(html).toContain('<h2>Pre-provisioning attempts (1; 1 void, not counted)</h2>')
    expect(html).toContain(`<td>Void: ${REASON} · Failed (0x80180014)</td>`)
  })

  it('with only voided attempts, there is no summary QR and the summary counts none', () => {
    const { db, options, failedId } = setupBench(tempDir())
    createAttemptsRepo(db).setVoided(failedId, { at: VOID_AT, reason: 'stray key' })
    const { zip } = exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: plain })
    expect(inspectBundle(zip).summaryQr).toBeNull()
    expect(strFromU8(unzipSync(zip)['summary.csv']!).split('\r\n')[1]).toMatch(/,"0","",""$/)
  })

  it('in a redacted bundle, the reason goes through the same redaction as other free text', () => {
    const { db, options } = benchWithVoidedFailure(tempDir())
    const { zip } = exportBundle(db, { ...options, scope: { kind: 'job', id: 'J1' }, redact: { serials: true, users: true } })
    const everything = Object.entries(unzipSync(zip))
      .map(([name, bytes]) => `${name}\n${strFromU8(bytes)}`)
      .join('\n')
      .toLowerCase()
    for (const secret of ['zed.zimmer@contoso.com', 'anna.anderson1@contoso.com', 'PF4SER1X']) expect(everything, secret).not.toContain(secret.toLowerCase())
    const review = inspectBundle(zip)
    const reason = review.attempts[0]!.voided!.reason
    expect(reason).toMatch(/^Test press for user-[0-9a-f]+ and user-[0-9a-f]+ on serial-[0-9a-f]{12}$/)
    // The same pseudonym as everywhere else in the bundle.
    expect(reason).toContain(review.devices[0]!.serialNumber as string)
  })

  it('a bundle from before the void was exported (no such field) still opens, with no attempt marked', () => {
    const { db, options } = setupBench(tempDir())
    const files = unzipSync(exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: plain }).zip)
    const attempts = JSON.parse(strFromU8(files['attempts.json']!)) as Array<Record<string, unknown>>
    expect(attempts.every((a) => 'voided' in a)).toBe(true)
    const { voided: _voided, ...old } = attempts[0]!
    // attempts.json replaced: its checksum no longer matches (a warning); it is still read.
    const review = inspectBundle(zipSync({ ...files, 'attempts.json': strToU8(JSON.stringify([old])) }))
    expect(review.attempts[0]!.voided).toBeNull()
    expect(review.summaryQr).toMatchObject({ lastError: '0x80180014' })
  })
})
