import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { serialRanks, warmAnchors } from '@core/repos/device-anchors'
import { countCap, ftsPhrase } from '@core/repos/device-search'
import type { DeviceCursor } from '@shared/device-schemas'
import { deviceRowState } from '@support/device-row-defaults'

/**
 * The list picks its plan by the number of matches (sorted by serial rank in memory, sorted in SQL
 * when the ranks are stale, the serial index walked when there are more than the count cap). Every
 * plan must return what the one query it replaced returned: the same rows, in the same order, on
 * every page, after every cursor and from every position.
 */
const firstNames = ['Anna', 'anna', 'ANNA', 'Ben', 'Jürgen', 'ÅSA', 'Ωmega', 'carmen']
const lastNames = ['Anderson', 'anders', 'Brown', 'Müller', 'chen']
const serialFormats = [
  (n: number) => `PF${n.toString(36).toUpperCase().padStart(6, '0')}`,
  (n: number) => `5CG${String(n % 100_000).padStart(7, '0')}`,
  (n: number) => `pf-${n.toString(36)}`, // a rare lower-case serial
  (n: number) => `${n % 500}`.padStart(4, '0'), // short and often shared by two OEMs
  (n: number) => `Ü${n % 7000}😀`, // beyond ASCII: SQLite's byte order is not JavaScript's
]

function device(i: number): DeviceRow {
  const h = Math.imul(i + 1, 2_654_435_761) >>> 0
  const hasUser = h % 5 !== 0
  return {
    id: `${(h % 9973).toString(16)}-${i}`,
    serialNumber: serialFormats[h % serialFormats.length]!(Math.floor(h / 7)),
    manufacturer: ['LENOVO', 'HP', 'Dell Inc.'][(h >>> 3) % 3]!,
    // 'ThinkBook' on ~92 % of the rows: more matches than the count cap.
    model: (h >>> 5) % 12 === 0 ? 'Latitude 7440' : 'ThinkBook 14 G6',
    groupTag: ['BENCH-LDN', 'bench-par', 'KIOSK', ''][(h >>> 7) % 4]!,
    purchaseOrder: '',
    userPrincipalName: hasUser ? `${firstNames[(h >>> 9) % firstNames.length]}.${lastNames[(h >>> 13) % lastNames.length]}${i % 97}@Contoso.com` : '',
    addressableUserName: '',
    displayName: (h >>> 11) % 3 === 0 ? `PC-${i}` : '',
    ...deviceRowState,
  }
}

const searches = [
  // UPN prefixes in every case, few to many matches
  'anna.and',
  'ANNA.AND',
  'Anna.Anderson1',
  'anna.anderson17@',
  'jürgen.m',
  'JÜRGEN',
  'åsa',
  'ωmega.',
  // substrings anywhere, serial prefixes, device names
  'nders',
  'contoso.com',
  'CONTOSO',
  'PF0',
  'pf0',
  'pf-',
  '5cg00',
  '0042',
  '😀',
  'pc-12',
  'bench-',
  'ldn',
  // more matches than the cap
  'thinkbook',
  'book 14',
  '@contoso',
  // misses and FTS syntax as text
  'zzqx',
  'qqq',
  'a"b',
  'NEAR(a b)',
]

describe('device list plans give the same pages as the single query they replaced', () => {
  const db = new Database(':memory:')
  migrate(db)
  const repo = createDevicesRepo(db)
  const columns = `id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag,
    user_principal_name AS userPrincipalName, display_name AS displayName, profile_status AS profileStatus,
    enrollment_state AS enrollmentState, synced_at AS syncedAt`
  const matches = 'rowid IN (SELECT rowid FROM devices_fts WHERE devices_fts MATCH @phrase)'
  /** The previous implementation: one query, keyset or OFFSET, every match sorted by SQLite. */
  const reference = (search: string, limit: number, after: DeviceCursor | null, position: number | null) => {
    const phrase = ftsPhrase(search.trim())
    let from: DeviceCursor | null = null
    if (position !== null && position > 0) {
      from =
        (db.prepare(`SELECT serial_number AS serialNumber, id FROM devices WHERE ${matches} ORDER BY serial_number, id LIMIT 1 OFFSET @offset`).get({
          phrase,
          offset: position,
        }) as DeviceCursor | undefined) ?? null
      if (!from) return []
    }
    const cursor = from ?? after
    const keyset = from ? 'AND (serial_number, id) >= (@s, @i)' : after ? 'AND (serial_number, id) > (@s, @i)' : ''
    return db
      .prepare(`SELECT ${columns} FROM devices WHERE ${matches} ${keyset} ORDER BY serial_number, id LIMIT @limit`)
      .all({ phrase, limit, ...(cursor ? { s: cursor.serialNumber, i: cursor.id } : {}) })
  }
  const matchCount = (search: string) =>
    (db.prepare(`SELECT count(*) AS n FROM devices_fts WHERE devices_fts MATCH ?`).get(ftsPhrase(search.trim())) as { n: number }).n

  const expectSamePages = (search: string) => {
    const n = matchCount(search)
    const first = repo.list(search, 40, null)
    expect(first.items, search).toEqual(reference(search, 40, null, null))
    expect(first.total).toBe(Math.min(n, countCap))
    expect(first.totalCapped).toBe(n > countCap)
    // Page by page (the first pages only when there are thousands).
    let after = first.next
    for (let pages = 0; after && pages < 12; pages++) {
      const page = repo.list(search, 40, after)
      expect(page.items, `${search} after ${after.serialNumber}`).toEqual(reference(search, 40, after, null))
      after = page.next
    }
    if (n <= 480) expect(after).toBeNull()
    // Cursors between rows: just past a row's id, and a serial no row has.
    const all = reference(search, 200, null, null) as DeviceCursor[]
    for (const row of [all[0], all[Math.floor(all.length / 2)], all[all.length - 1]].filter((r) => r !== undefined)) {
      for (const cursor of [
        { serialNumber: row.serialNumber, id: `${row.id}~` },
        { serialNumber: `${row.serialNumber}0`, id: '' },
      ]) {
        expect(repo.list(search, 15, cursor).items, `${search} after ${cursor.serialNumber}/${cursor.id}`).toEqual(reference(search, 15, cursor, null))
      }
    }
    for (const position of [1, 39, Math.floor(n / 2), n - 1, n, n + 3]) {
      if (position > 3000) continue
      expect(repo.list(search, 9, null, position).items, `${search} at ${position}`).toEqual(reference(search, 9, null, position))
    }
  }

  beforeAll(() => {
    repo.save(
      Array.from({ length: 11_500 }, (_, i) => device(i)),
      '2026-01-01T00:00:00Z',
    )
  })

  it('has a set that exercises every plan', () => {
    const counts = searches.map(matchCount)
    expect(counts.filter((n) => n > countCap).length).toBeGreaterThanOrEqual(2)
    expect(counts.filter((n) => n > 500 && n <= countCap).length).toBeGreaterThanOrEqual(3)
    expect(counts.filter((n) => n > 0 && n < 50).length).toBeGreaterThanOrEqual(3)
    expect(counts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(2)
  })

  it('with serial ranks in memory (after a sync warmed them)', async () => {
    await warmAnchors(db, async () => undefined, 3000)
    expect(serialRanks(db)).not.toBeNull()
    for (const search of searches) expectSamePages(search)
  })

  it('with the ranks stale after a change, and fresh again after a rewarm', async () => {
    repo.save([device(20_000), { ...device(5), serialNumber: 'AAA-MOVED-TO-FRONT' }], '2026-01-02T00:00:00Z')
    expect(serialRanks(db)).toBeNull()
    for (const search of searches) expectSamePages(search)
    expect(repo.list('aaa-moved', 5, null).items.map((d) => d.id)).toEqual([device(5).id])
    await warmAnchors(db, async () => undefined, 3000)
    expect(serialRanks(db)).not.toBeNull()
    for (const search of searches) expectSamePages(search)
  })

  it('drops the ranks when a known device only changes its serial (a scan refresh)', async () => {
    await warmAnchors(db, async () => undefined, 3000)
    repo.save([{ ...device(7), serialNumber: '0000-NOW-FIRST' }], '2026-01-03T00:00:00Z')
    expect(serialRanks(db)).toBeNull()
    for (const search of ['contoso', 'anna.and', 'book']) expectSamePages(search)
    await warmAnchors(db, async () => undefined, 3000)
    repo.save([{ ...device(7), serialNumber: '0000-NOW-FIRST', groupTag: 'NEW-TAG' }], '2026-01-04T00:00:00Z')
    expect(serialRanks(db)).not.toBeNull()
  })
})
