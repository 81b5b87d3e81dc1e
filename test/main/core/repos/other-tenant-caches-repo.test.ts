import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeDatabase } from '@core/db/open-database'
import { otherTenantCacheHas } from '@core/repos/other-tenant-caches-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb } from '@support/bench-fixture'

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('other tenants’ cache files', () => {
  const tempDir = useTempDirs()

  it('finds a device by serial (any case) or by ZtdId, and leaves the file exactly as it was', () => {
    const dir = tempDir()
    const { db, devices } = openBenchDb(dir, 3)
    closeDatabase(db)
    const file = join(dir, 'bench.db')
    const before = digest(file)
    const device = devices[1]!
    expect(otherTenantCacheHas(file, { serialNumber: device.serialNumber.toLowerCase(), ztdId: null })).toBe(true)
    expect(otherTenantCacheHas(file, { serialNumber: null, ztdId: device.id.toUpperCase() })).toBe(true)
    expect(otherTenantCacheHas(file, { serialNumber: 'NOT-THERE', ztdId: '00000000-0000-0000-0000-000000000000' })).toBe(false)
    expect(digest(file)).toBe(before)
  })

  it('a missing, damaged or foreign file is no answer, never an error', () => {
    const dir = tempDir()
    const query = { serialNumber: 'PF3ABCDE', ztdId: null }
    expect(otherTenantCacheHas(join(dir, 'cache-gone.db'), query)).toBe(false)
    const garbage = join(dir, 'cache-garbage.db')
    writeFileSync(garbage, 'this is not a database, just text that happens to be here'.repeat(100))
    expect(otherTenantCacheHas(garbage, query)).toBe(false)
    expect(readFileSync(garbage, 'utf8').startsWith('this is not a database')).toBe(true)
  })
})
