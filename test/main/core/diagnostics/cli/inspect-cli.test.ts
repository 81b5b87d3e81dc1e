import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { useTempDirs } from '@support/temp-dir'
import { setupBench } from '@support/bundle-fixture'
import { EVTX_AUTOPILOT, EVTX_DEVICE_MANAGEMENT, TENANT_ID, fakeCab, fakeEvtx, sampleRegUtf16, sampleZtdJson } from '@support/windows-diagnostics-samples'

/** The CLI exactly as `npm run --silent diag:inspect -- FILE` runs it (run-ts → esbuild → node), without the app. */
const inspect = (file: string) =>
  spawnSync(process.execPath, ['scripts/run-ts.mjs', 'src/main/core/diagnostics/cli/inspect-cli.ts', file], { encoding: 'utf8', timeout: 60_000 })

describe('diag:inspect', () => {
  const tempDir = useTempDirs()

  it('prints a JSON summary of our bundle and of an MDMDiagnostics archive (exit 0), a clear error otherwise', () => {
    const dir = tempDir()
    const { db, options } = setupBench(dir)
    writeFileSync(
      join(dir, 'bundle.zip'),
      exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: { serials: false, users: false } }).zip,
    )
    writeFileSync(
      join(dir, 'mdm.zip'),
      zipSync({
        'MdmDiagReport_RegistryDump.reg': sampleRegUtf16({ regedit: false }),
        'AutopilotDDSZTDFile.json': strToU8(sampleZtdJson()),
        [EVTX_DEVICE_MANAGEMENT]: fakeEvtx(),
      }),
    )
    writeFileSync(join(dir, 'diag.cab'), fakeCab())
    writeFileSync(join(dir, 'other.zip'), zipSync({ 'readme.txt': strToU8('hi') }))

    const bundle = inspect(join(dir, 'bundle.zip'))
    expect(bundle.status, bundle.stderr).toBe(0)
    const b = JSON.parse(bundle.stdout) as Record<string, unknown>
    expect(b).toMatchObject({
      kind: 'autopilot-bench-bundle',
      tenant: { displayName: 'Contoso' },
      devices: [{ id: 'dev-1', serialNumber: 'PF4SER1X' }],
      attempts: [{ deviceId: 'dev-1', phase: 'failed', errorCode: '0x80180014' }],
      errors: [{ code: '0x80180014', status: 'known', meaning: expect.stringMatching(/Intune refused the MDM enrollment/) }],
      warnings: [],
    })

    const mdm = inspect(join(dir, 'mdm.zip'))
    expect(mdm.status, mdm.stderr).toBe(0)
    const m = JSON.parse(mdm.stdout) as {
      kind: string
      tenant: { id: string }
      registryFindings: { found: Array<{ label: string }> }
      filesNotParsed: Array<{ name: string }>
    }
    expect(m.kind).toBe('mdm-diagnostics')
    expect(m.tenant.id).toBe(TENANT_ID)
    expect(m.registryFindings.found.map((f) => f.label)).toContain('CloudAssignedOobeConfig')
    expect(m.filesNotParsed).toEqual([])
    expect((m as unknown as { eventLogs: unknown }).eventLogs).toEqual([{ file: EVTX_DEVICE_MANAGEMENT, records: 0, events: [], damaged: 0 }])

    // A ZIP whose Autopilot event log is not an EVTX: read, with the unread log said in the warnings (not `warnings: []`).
    writeFileSync(
      join(dir, 'bad-log.zip'),
      zipSync({ 'MdmDiagReport_RegistryDump.reg': sampleRegUtf16({ regedit: false }), [EVTX_AUTOPILOT]: strToU8('not an event log') }),
    )
    const badLog = inspect(join(dir, 'bad-log.zip'))
    expect(badLog.status, badLog.stderr).toBe(0)
    const bl = JSON.parse(badLog.stdout) as { eventLogs: unknown[]; warnings: string[] }
    expect(bl.eventLogs).toEqual([])
    expect(bl.warnings).toContain(
      `1 event log could not be read — ${EVTX_AUTOPILOT}: its events are missing from the event timeline (why is said beside each log).`,
    )

    for (const [file, code, message] of [
      ['diag.cab', 'unreadable', /-zip/],
      ['other.zip', 'not-diagnostics', /neither/],
      ['missing.zip', 'not-found', /no such file/],
    ] as const) {
      const result = inspect(join(dir, file))
      expect(result.status, file).toBe(1)
      expect(JSON.parse(result.stdout)).toEqual({ error: { code, message: expect.stringMatching(message) } })
      expect(result.stderr).toMatch(message)
    }
  }, 180_000)
})
