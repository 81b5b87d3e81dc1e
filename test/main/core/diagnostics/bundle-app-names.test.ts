import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { openArchive } from '@core/diagnostics/open-archive'
import { createMobileAppsRepo } from '@core/repos/mobile-apps-repo'
import { useTempDirs } from '@support/temp-dir'
import { setupBench } from '@support/bundle-fixture'

const VPN = 'aaaaaaaa-0000-4000-8000-000000000001'
const UNUSED = 'bbbbbbbb-0000-4000-8000-000000000002'

/** A bundle carries names for the app GUIDs it shows, so it reads as names on a machine without the tenant's catalogue. */
describe('diagnostics bundle: app names', () => {
  const tempDir = useTempDirs()

  function benchWithAppLog() {
    const bench = setupBench(tempDir())
    createMobileAppsRepo(bench.db).replaceAll(
      [
        { id: VPN, display_name: 'Contoso VPN Client', app_type: 'win32LobApp' },
        { id: UNUSED, display_name: 'Company Portal', app_type: 'winGetApp' },
      ],
      't',
    )
    appendFileSync(
      join(bench.options.logDir, 'app.log'),
      JSON.stringify({ level: 40, time: '2026-11-23T08:21:00.000Z', tenantId: 't', msg: `ESP app Win32App_${VPN.toUpperCase()}_1 failed on PF4SER1X` }) + '\n',
    )
    return bench
  }

  it('writes app-names.json for the GUIDs the bundle shows (only those), and the review reads it', () => {
    const { db, options } = benchWithAppLog()
    const { zip } = exportBundle(db, { ...options, scope: { kind: 'device', id: 'pf4ser1x' }, redact: { serials: false, users: false } })
    expect(JSON.parse(strFromU8(unzipSync(zip)['app-names.json']!))).toEqual({ [VPN]: 'Contoso VPN Client' })
    const review = openArchive(zip, 'b.zip')
    expect(review.warnings).toEqual([])
    expect(review.names).toEqual({ [VPN]: 'Contoso VPN Client' })
  })

  it('keeps app names under redaction, while serials and users are replaced', () => {
    const { db, options } = benchWithAppLog()
    const { zip } = exportBundle(db, { ...options, scope: { kind: 'device', id: 'pf4ser1x' }, redact: { serials: true, users: true } })
    const files = unzipSync(zip)
    expect(JSON.parse(strFromU8(files['app-names.json']!))).toEqual({ [VPN]: 'Contoso VPN Client' })
    const log = strFromU8(files['app-log.jsonl']!)
    expect(log).toContain(`Win32App_${VPN.toUpperCase()}_1`)
    expect(log).not.toContain('PF4SER1X')
  })
})
