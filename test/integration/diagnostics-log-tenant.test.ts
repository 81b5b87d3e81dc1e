import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { useTempDirs } from '@support/temp-dir'
import { startTwoTenants } from '@support/two-tenant-host'

/**
 * The app log is one file for every tenant used on this PC. Through the real core host, worker and
 * both tenants' syncs: a day bundle of one tenant carries that tenant's lines only — never the other
 * tenant's id, name, device ids or Graph paths (the tester's Fabrikam day bundle held 1,662 lines of
 * everyone's activity, Contoso Ltd's included).
 */
const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function twoTenants() {
  const dataDir = tempDir()
  return { ...(await startTwoTenants(dataDir, cleanups)), dataDir }
}

describe('a diagnostics bundle after using two tenants today', () => {
  it('holds the exported tenant’s log lines only, both ways, redacted or not', async () => {
    const { call, customer, customerDevices, demoDevices } = await twoTenants()
    const day = new Date().toISOString().slice(0, 10)
    const exportLog = async (redact: { serials: boolean; users: boolean }) => {
      const exported = await call('diagnostics:export-bundle', { scope: { kind: 'day', id: day }, redact })
      if (!exported.ok) throw new Error(exported.error.message)
      return strFromU8(unzipSync(Buffer.from(exported.value.bytesBase64, 'base64'))['app-log.jsonl']!)
    }
    // On the demo tenant (active after twoTenants): its sync's lines, none of the customer's.
    for (const redact of [
      { serials: false, users: false },
      { serials: true, users: true },
    ]) {
      const log = await exportLog(redact)
      const tenants = new Set(
        log
          .trim()
          .split('\n')
          .map((line) => /"tenantId":"([^"]*)"/.exec(line)?.[1]),
      )
      expect(tenants).toEqual(new Set(['demo']))
      for (const leak of [customer.id, customer.displayName, customer.domain, ...customerDevices.slice(0, 5).map((d) => d.id)]) expect(log).not.toContain(leak)
    }
    // The other way round: on the customer tenant, none of the demo tenant's lines.
    await call('identity:switch-tenant', { tenantId: customer.id })
    const log = await exportLog({ serials: true, users: true })
    const tenants = new Set(
      log
        .trim()
        .split('\n')
        .map((line) => /"tenantId":"([^"]*)"/.exec(line)?.[1]),
    )
    expect(tenants).toEqual(new Set([customer.id]))
    for (const leak of ['"tenantId":"demo"', 'Contoso (demo tenant)', ...demoDevices.slice(0, 5).map((d) => d.id)]) expect(log).not.toContain(leak)
  })
})
