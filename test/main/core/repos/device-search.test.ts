import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { checkIntegrity } from '@core/db/open-database'
import { deviceRowState } from '@support/device-row-defaults'

const row = (i: number, extra: Partial<DeviceRow> = {}): DeviceRow => ({
  id: `id-${String(i).padStart(4, '0')}`,
  serialNumber: `PF${String(i).padStart(5, '0')}`,
  manufacturer: 'LENOVO',
  model: '21HD',
  groupTag: 'BENCH-LDN',
  purchaseOrder: '',
  userPrincipalName: '',
  addressableUserName: '',
  displayName: '',
  ...deviceRowState,
  ...extra,
})

/** A migrated in-memory cache and its devices repo. */
function freshCache() {
  const db = new Database(':memory:')
  migrate(db)
  return { db, repo: createDevicesRepo(db) }
}

/** 2,600 devices whose serials are not in insertion order (31 is prime to 5,000). */
const scattered = (prefix: string) => Array.from({ length: 2600 }, (_, i) => row((i * 31) % 5000, { id: `${prefix}-${i}` }))

describe('device search (FTS5 trigram + serial prefix)', () => {
  let db: Database.Database
  let repo: ReturnType<typeof createDevicesRepo>
  const serials = (search: string, limit = 50) => repo.list(search, limit, null).items.map((d) => d.serialNumber)

  beforeEach(() => {
    db = new Database(':memory:')
    migrate(db)
    repo = createDevicesRepo(db)
    repo.save(
      [
        ...Array.from({ length: 30 }, (_, i) => row(i)),
        row(100, {
          serialNumber: 'CND1234XYZ',
          manufacturer: 'HP',
          model: 'EliteBook 840 G10',
          groupTag: 'KIOSK-PAR',
          userPrincipalName: 'Anna.Anderson@contoso.com',
        }),
        row(101, { serialNumber: '5CG0000ABC', manufacturer: 'HP', displayName: 'PAR-5CG0000ABC', groupTag: '100%_TAG' }),
        row(102, { serialNumber: 'pf-lower-1', manufacturer: 'Dell Inc.' }),
      ],
      '2026-01-01T00:00:00Z',
    )
    db.prepare("UPDATE devices SET seen_in_run = 'run-1'").run()
  })

  it('finds a substring anywhere in serial, UPN, group tag, model, manufacturer or device name, ignoring case', () => {
    expect(serials('1234x')).toEqual(['CND1234XYZ'])
    expect(serials('anderson@')).toEqual(['CND1234XYZ'])
    expect(serials('kiosk')).toEqual(['CND1234XYZ'])
    expect(serials('elitebook 840')).toEqual(['CND1234XYZ'])
    expect(serials('par-5cg')).toEqual(['5CG0000ABC'])
    expect(serials('dell')).toEqual(['pf-lower-1'])
    expect(repo.list('lenovo', 10, null).total).toBe(30)
  })

  it('matches one or two characters at the start of the serial number as OEMs print it (upper case)', () => {
    expect(serials('5')).toEqual(['5CG0000ABC'])
    expect(serials('cn')).toEqual(['CND1234XYZ'])
    expect(repo.list('pf', 100, null).total).toBe(30)
    // Three characters and more find the rare lower-case serial through the case-insensitive index.
    expect(serials('pf-')).toEqual(['pf-lower-1'])
  })

  it('treats FTS syntax and LIKE wildcards in the search box as plain text', () => {
    for (const hostile of ['"', '""', 'a" OR "b', 'NEAR(a b)', '*', 'PF*', '-PF', 'col:val', '(((', '%_T', "'; DROP TABLE devices; --"]) {
      expect(() => repo.list(hostile, 10, null)).not.toThrow()
    }
    expect(serials('%_T')).toEqual(['5CG0000ABC'])
    expect(serials('PF*')).toEqual([])
    expect(checkIntegrity(db, true)).toEqual([])
  })

  it('leaves control characters out of a search (a pasted NUL, a barcode GS separator) instead of failing on them', () => {
    expect(serials('\u0000CND1234')).toEqual(['CND1234XYZ'])
    expect(serials('CND\u001d1234')).toEqual(['CND1234XYZ'])
    expect(serials('anna.anderson\u0000')).toEqual(['CND1234XYZ'])
    expect(serials('\u0000\u001f')).toEqual(serials(''))
  })

  it('keeps the index in step with updates and deletes', () => {
    repo.save([row(100, { serialNumber: 'CND1234XYZ', groupTag: 'BENCH-NYC' })], '2026-01-02T00:00:00Z')
    expect(serials('kiosk')).toEqual([])
    expect(serials('nyc')).toEqual(['CND1234XYZ'])
    expect(repo.remove('id-0100')).toBe(1)
    expect(serials('nyc')).toEqual([])
    expect(repo.deleteNotSeenIn('run-1')).toBe(0)
    expect(repo.deleteNotSeenIn('run-3')).toBe(32)
    expect(repo.list('lenovo', 10, null).total).toBe(0)
    expect(checkIntegrity(db, true)).toEqual([])
  })

  it('pages search results by keyset without gaps or repeats', () => {
    const seen: string[] = []
    let after = null
    for (let guard = 0; guard < 10; guard++) {
      const page = repo.list('lenovo', 7, after)
      seen.push(...page.items.map((d) => d.serialNumber))
      if (!page.next) break
      after = page.next
    }
    expect(seen).toHaveLength(30)
    expect(new Set(seen).size).toBe(30)
    expect([...seen].sort()).toEqual(seen)
  })
})

describe('jumping to any position of the list', () => {
  it('returns the same rows as walking there page by page, filtered or not, and stays right after changes', () => {
    const { repo } = freshCache()
    repo.save(
      Array.from({ length: 3500 }, (_, i) => row((i * 7919) % 10_000, { id: `id-${i}`, groupTag: i % 3 === 0 ? 'THIRD-TAG' : 'OTHER' })),
      'now',
    )
    const all = repo.list('', 5000, null).items.map((d) => d.id)
    for (const position of [0, 1, 999, 1000, 1001, 2500, 3499]) {
      expect(repo.list('', 3, null, position).items.map((d) => d.id)).toEqual(all.slice(position, position + 3))
    }
    expect(repo.list('', 3, null, 3500).items).toEqual([])
    const third = repo.list('third-tag', 5000, null).items.map((d) => d.id)
    expect(repo.list('third-tag', 4, null, 700).items.map((d) => d.id)).toEqual(third.slice(700, 704))
    repo.remove(all[0]!)
    expect(repo.list('', 2, null, 1000).items.map((d) => d.id)).toEqual(all.slice(1001, 1003))
  })
})

describe('jumping while a sync writes', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('walks to the position alone while rows keep changing, and takes the anchors again once the list is still', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const { serialRanks } = await import('@core/repos/device-anchors')
    const { db, repo } = freshCache()
    repo.save(scattered('s'), 'now')
    const all = () => repo.list('', 5000, null).items.map((d) => d.id)
    // Warm: the anchors (and the ranks taken with them) are there.
    vi.advanceTimersByTime(1500)
    expect(repo.list('', 3, null, 2000).items.map((d) => d.id)).toEqual(all().slice(2000, 2003))
    expect(serialRanks(db)).not.toBeNull()
    // A sync writes a page every few hundred milliseconds: each jump is right, and no walk of the whole list is made for it.
    for (let page = 0; page < 3; page++) {
      repo.upsertMany([row(6000 + page, { id: `s-new-${page}`, serialNumber: `0-FIRST-${page}` })], 'run', 'now')
      vi.advanceTimersByTime(300)
      for (const position of [0, 999, 1000, 1777, 2600 + page]) {
        expect(repo.list('', 3, null, position).items.map((d) => d.id)).toEqual(all().slice(position, position + 3))
      }
      expect(serialRanks(db)).toBeNull()
    }
    expect(repo.list('', 3, null, 2604).items).toEqual([])
    // Still for a second: the next jump takes the anchors again.
    vi.advanceTimersByTime(1000)
    expect(repo.list('', 3, null, 1500).items.map((d) => d.id)).toEqual(all().slice(1500, 1503))
    expect(serialRanks(db)).not.toBeNull()
  })
})

describe('serial lookups (a serial barcode, the hash CSV check, the handover)', () => {
  it('find every device whose serial matches whatever the case, through an index rather than a read of every row', () => {
    const { db, repo } = freshCache()
    repo.save(
      [
        ...Array.from({ length: 500 }, (_, i) => row(i, { id: `l-${i}` })),
        row(900, { id: 'oem-a', serialNumber: 'CND1234XYZ' }),
        row(901, { id: 'oem-b', serialNumber: 'cnd1234xyz' }),
        row(902, { id: 'mixed', serialNumber: 'MxL5Q' }),
      ],
      'now',
    )
    expect(repo.findBySerial('cnd1234XYZ').map((d) => d.id)).toEqual(['oem-a', 'oem-b'])
    expect(repo.findBySerial(' mxl5q ').map((d) => d.id)).toEqual(['mixed'])
    expect(repo.findBySerial('CND1234XY')).toEqual([])
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as Array<{ detail: string }>).map((step) => step.detail).join(' | ')
    // The statements of devices-repo, handover-facts-repo and other-tenant-caches-repo.
    for (const sql of [
      'SELECT id FROM devices WHERE serial_number = ? COLLATE NOCASE ORDER BY id LIMIT 2',
      'SELECT 1 FROM devices WHERE serial_number = ? COLLATE NOCASE LIMIT 1',
    ]) {
      expect(plan(sql)).toMatch(/USING (COVERING )?INDEX devices_by_serial_nocase/)
    }
  })
})

describe('match counts', () => {
  it('counts matches exactly up to 10,000 and says "more" beyond, while the total without a search stays exact', () => {
    const { repo } = freshCache()
    repo.save(
      Array.from({ length: 10_050 }, (_, i) => row(i, { id: `id-${i}`, serialNumber: `CAP${String(i).padStart(6, '0')}` })),
      'now',
    )
    expect(repo.list('cap', 5, null)).toMatchObject({ total: 10_000, totalCapped: true })
    expect(repo.list('CA', 5, null)).toMatchObject({ total: 10_000, totalCapped: true })
    expect(repo.list('cap00001', 5, null)).toMatchObject({ total: 10, totalCapped: false })
    expect(repo.list('', 5, null)).toMatchObject({ total: 10_050, totalCapped: false })
    repo.remove('id-0')
    expect(repo.list('', 5, null).total).toBe(10_049)
  })
})

describe('anchors warmed in slices after a sync', () => {
  it('give the same positions as a full walk, and are dropped when rows change meanwhile', async () => {
    const { warmAnchors, keyAtPosition, serialRanks } = await import('@core/repos/device-anchors')
    const { db, repo } = freshCache()
    repo.save(scattered('w'), 'now')
    await warmAnchors(db, async () => undefined, 700)
    const all = repo.list('', 3000, null).items
    for (const position of [0, 999, 1000, 2599]) expect(keyAtPosition(db, position)?.id).toBe(all[position]!.id)
    // Every row's rank is its position, across the slices' seams (700, 1400, 2100).
    const rowidOf = db.prepare('SELECT rowid FROM devices WHERE id = ?').pluck()
    const ranks = serialRanks(db)!
    expect(all.map((d) => ranks[rowidOf.get(d.id) as number])).toEqual(all.map((_, position) => position))
    repo.save([row(9998, { id: 'w-new-1', serialNumber: 'B-SECOND' })], 'now')
    let yields = 0
    await warmAnchors(
      db,
      async () => {
        if (++yields === 1) repo.save([row(9999, { id: 'w-new-2', serialNumber: 'A-FIRST' })], 'now')
      },
      700,
    )
    expect(yields).toBeGreaterThan(0)
    expect(keyAtPosition(db, 0)?.id).toBe('w-new-2')
    expect(keyAtPosition(db, 1)?.id).toBe('w-new-1')
  })
})
