import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import type { ExportScope } from '@shared/diagnostics-schemas'
import { useTempDirs } from '@support/temp-dir'
import { setupBench } from '@support/bundle-fixture'

const CONTOSO = '11111111-2222-4333-8444-555555555555'

/**
 * The app log is one file for every tenant used on this PC. A bundle is one tenant's: its log holds
 * that tenant's lines only, whatever the scope — never another tenant's ids, names or Graph paths,
 * and not the app-wide lines (sign-ins, switches) that name any tenant; but the app window's own lines
 * (it died, froze), which name none.
 */
describe('diagnostics bundle: the app log of the exported tenant only', () => {
  const tempDir = useTempDirs()

  function benchWithSharedLog() {
    const bench = setupBench(tempDir())
    const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: '2026-11-23T08:15:00.000Z', pid: 1, ...fields })
    appendFileSync(
      join(bench.options.logDir, 'app.log'),
      [
        line({ tenantId: 't', msg: 'ours: provisioning PF4SER1X' }),
        '    at ours (src/main/core/dispatch.ts:1:2)',
        line({ tenantId: CONTOSO, msg: 'graph GET /beta/deviceManagement/windowsAutopilotDeviceIdentities/contoso-ztd-1', tenantName: 'Contoso Ltd' }),
        '    at theirs (contoso-stack)',
        // App-wide: written by no tenant's core, but naming one.
        line({ msg: 'signed in', tenant: CONTOSO, displayName: 'Contoso Ltd' }),
        // The app's window (FileLogger forApp): names no tenant, in every tenant's bundle.
        line({ appWide: true, msg: 'renderer process gone', reason: 'crashed' }),
        // appWide as a line's own field, after another tenant's: not the logger's binding.
        line({ tenantId: CONTOSO, appWide: true, msg: 'graph GET contoso-ztd-2' }),
        line({ tenant: CONTOSO, appWide: true, msg: 'signed in again' }),
        // A line of ours that mentions a tenantId in its message stays ours.
        line({ tenantId: 't', msg: 'ours: a message quoting "tenantId":"x"' }),
      ].join('\n') + '\n',
    )
    return bench
  }

  const scopes = (failedId: number): ExportScope[] => [
    { kind: 'device', id: 'dev-1' },
    { kind: 'attempt', id: String(failedId) },
    { kind: 'job', id: 'J1' },
    { kind: 'day', id: '2026-11-23' },
  ]

  it.each(['device', 'attempt', 'job', 'day'])('a %s bundle carries its own tenant’s lines and none of another’s', (kind) => {
    const { db, options, failedId } = benchWithSharedLog()
    const scope = scopes(failedId).find((s) => s.kind === kind)!
    for (const redact of [
      { serials: false, users: false },
      { serials: true, users: true },
    ]) {
      const log = strFromU8(unzipSync(exportBundle(db, { ...options, scope, redact }).zip)['app-log.jsonl']!)
      expect(log).toContain('ours: provisioning')
      expect(log).toContain('at ours (')
      expect(log).toContain('ours: a message quoting')
      expect(log).toContain('renderer process gone')
      for (const leak of [CONTOSO, 'Contoso Ltd', 'contoso-ztd-1', 'contoso-ztd-2', 'contoso-stack', 'signed in'])
        expect(log, `${kind} ${JSON.stringify(redact)}`).not.toContain(leak)
    }
  })
})
