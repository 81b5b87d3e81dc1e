import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { serialRanks, warmAnchors } from '@core/repos/device-anchors'
import { countCap, ftsPhrase } from '@core/repos/device-search'
import { createDenseWalk, foldsToAscii, maxWalkRows } from '@core/repos/device-dense-walk'
import type { DeviceCursor } from '@shared/device-schemas'
import { deviceRowState } from '@support/device-row-defaults'
import { bucketSlices, chooseBuckets } from '@core/repos/device-search-buckets'
import { createBucketPlan } from '@core/repos/device-bucket-plan'
import { createSearchIndexer } from '@core/repos/devices-search-index'
import { createBulkWriter } from '@core/sync/bulk-writer'

/**
 * The list picks its plan by the number of matches (sorted by serial rank in memory, sorted in SQL
 * when the ranks are stale, the serial index walked when there are more than the count cap). Every
 * plan must return what the one query it replaced returned: the same rows, in the same order, on
 * every page, after every cursor and from every position. Words in more rows than the cap are found
 * by testing rows in serial order (device-dense-walk.ts), so the rows hold what that test must get
 * right: characters that fold into ASCII (U+212A KELVIN SIGN, U+017F LONG S), text beyond ASCII,
 * a dense word absent from the first 1,400 rows in serial order, and (last test) rows whose index
 * entry is behind their text.
 */
// Each plan is checked against the one query it replaced, which sorts every match in SQL on every call:
// a sweep took 16–18.6 s of the default 20 s on a slow 2-core machine. Slow by design, not stuck.
vi.setConfig({ testTimeout: 60_000 })

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
  const serialNumber = serialFormats[h % serialFormats.length]!(Math.floor(h / 7))
  return {
    id: `${(h % 9973).toString(16)}-${i}`,
    serialNumber,
    // ' Ltd' on every row but the ~1,400 first in serial order: a dense word the walk cannot reach.
    manufacturer: `${['LENOVO', 'HP', 'Dell Inc.'][(h >>> 3) % 3]!}${serialNumber < '03' ? '' : ' Ltd'}`,
    // 'ThinkBook' on ~92 % of the rows (more matches than the count cap), some with a KELVIN SIGN for the k.
    model: (h >>> 5) % 12 === 0 ? 'Latitude 7440' : (h >>> 17) % 40 === 0 ? 'Thin\u212aBook 14 G6' : 'ThinkBook 14 G6',
    groupTag: ['BENCH-LDN', 'bench-par', 'KIOSK', ''][(h >>> 7) % 4]!,
    purchaseOrder: '',
    userPrincipalName: hasUser
      ? `${firstNames[(h >>> 9) % firstNames.length]}.${lastNames[(h >>> 13) % lastNames.length]}${i % 97}@${i % 61 === 0 ? 'Conto\u017fo' : 'Contoso'}.com`
      : '',
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
  // more matches than the cap: spread over the serial order, some through a character that folds
  // into ASCII, absent from the first rows; as terms beyond ASCII (the FTS plan)
  'thinkbook',
  'THINKBOOK',
  'book 14',
  '@contoso',
  'ltd',
  'o ltd',
  'thin\u212abook',
  'conto\u017fo',
  // misses and FTS syntax as text
  'zzqx',
  'qqq',
  'a"b',
  'NEAR(a b)',
]

/**
 * The trigram entries' keys (device-search-buckets.ts): all in the catch-all (a cache upgraded from
 * schema 6, before its next sync), all in serial buckets, or buckets with the newest rows still in
 * the catch-all (the plan adds those to every page).
 */
const variants = [
  { keys: 'without serial buckets', rowsLeftInCatchAll: null, asItLoads: false },
  { keys: 'keyed in serial buckets', rowsLeftInCatchAll: 0, asItLoads: false },
  { keys: 'in serial buckets but the last ~600 rows in serial order', rowsLeftInCatchAll: 600, asItLoads: false },
  // bulk-writer.ts: a first load waiting on Graph indexes each page as it comes and extends the buckets.
  { keys: 'in serial buckets extended page by page by a first load that waited on Graph', rowsLeftInCatchAll: 0, asItLoads: true },
] as const

for (const variant of variants)
  describe(`device list plans give the same pages as the single query they replaced (search entries ${variant.keys})`, () => {
    describePlans(variant.rowsLeftInCatchAll, variant.asItLoads)
  })

/**
 * Pages as Graph sends them, in serial order (SQLite's: UTF-8 bytes, then id), except every 29th row,
 * which comes on the last pages, below serials already indexed; written by the sync's bulk writer on a
 * clock where each page came 300 ms after the last, so it indexes them as they come.
 */
async function loadAsIndexedPageByPage(db: Database.Database, devices: DeviceRow[], syncedAt: string) {
  const bytes = (text: string) => Buffer.from(text, 'utf8')
  const sorted = [...devices].sort((a, b) => Buffer.compare(bytes(a.serialNumber), bytes(b.serialNumber)) || Buffer.compare(bytes(a.id), bytes(b.id)))
  const pages = [...sorted.filter((_, k) => k % 29 !== 0), ...sorted.filter((_, k) => k % 29 === 0)]
  let now = 0
  const writer = createBulkWriter(db, { clock: () => now })
  for (let start = 0; start < pages.length; start += 1000) {
    now += 300
    await writer.write(pages.slice(start, start + 1000), 'load', syncedAt)
  }
  await writer.finish()
  expect(writer.isIndexingAsItLoads()).toBe(true)
  expect(db.prepare('SELECT count(*) FROM search_buckets').pluck().get()).toBeGreaterThan(40)
}

function describePlans(rowsLeftInCatchAll: number | null, asItLoads: boolean) {
  const db = new Database(':memory:')
  migrate(db)
  const repo = createDevicesRepo(db)
  const columns = `id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag,
    user_principal_name AS userPrincipalName, display_name AS displayName, profile_status AS profileStatus,
    enrollment_state AS enrollmentState, synced_at AS syncedAt`
  // An FTS rowid holds the device rowid in its low 40 bits.
  const matches = `rowid IN (SELECT rowid & ${2 ** 40 - 1} FROM devices_fts WHERE devices_fts MATCH @phrase)`
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
    for (const position of [1, 39, 700, 2900, Math.floor(n / 2), n - 1, n, n + 3]) {
      if (position > 3000) continue
      expect(repo.list(search, 9, null, position).items, `${search} at ${position}`).toEqual(reference(search, 9, null, position))
    }
  }

  beforeAll(async () => {
    const devices = Array.from({ length: 11_500 }, (_, i) => device(i))
    if (asItLoads) return loadAsIndexedPageByPage(db, devices, '2026-01-01T00:00:00Z')
    repo.save(devices, '2026-01-01T00:00:00Z')
    if (rowsLeftInCatchAll === null) return
    // Small buckets, so pages span several; rows saved from now on are keyed by their serial's bucket.
    expect(chooseBuckets(db, 97)).toBeGreaterThan(100)
    // All but the last buckets' rows (about rowsLeftInCatchAll) move out of the catch-all.
    const indexer = createSearchIndexer(db)
    const slices = bucketSlices(db, 1)
    for (const [lo, hi] of slices.slice(0, slices.length - Math.round(rowsLeftInCatchAll / 97))) indexer.rekeySerials(lo, hi)
    const left = db.prepare('SELECT count(*) FROM devices WHERE search_bucket = 0').pluck().get() as number
    if (rowsLeftInCatchAll === 0) expect(left).toBe(0)
    else expect(left).toBeGreaterThan(rowsLeftInCatchAll / 2)
    expect(db.prepare('SELECT count(*) FROM devices_fts_docsize').pluck().get()).toBe(11_500)
  })

  if (rowsLeftInCatchAll !== null)
    it('reads dense words bucket by bucket, exactly as the FTS match orders them', () => {
      const bucketPage = createBucketPlan(db, columns)
      for (const word of ['thinkbook', 'ltd', '@contoso', 'book 14', 'o ltd', 'thin\u212abook', 'zzqx']) {
        const phrase = ftsPhrase(word)
        const all = reference(word, 100_000, null, null) as DeviceCursor[]
        const cursors = [null, all[0], all[3_000], all[all.length - 30], all[all.length - 1], { serialNumber: all[5_000]?.serialNumber ?? '', id: '' }]
        for (const after of cursors) {
          const rows = bucketPage(phrase, 25, after ?? null, 0)
          expect(rows, `${word} after ${after?.serialNumber}`).not.toBeNull()
          expect(rows, `${word} after ${after?.serialNumber}`).toEqual(reference(word, 26, after ?? null, null))
        }
        for (const offset of [1, 37, 700, 2_900, all.length - 3, all.length + 2]) {
          const rows = bucketPage(phrase, 25, null, offset)
          // From a position the rows before it are counted by bucket: only without catch-all matches.
          if (rowsLeftInCatchAll > 0 && all.length > 0) expect(rows).toBeNull()
          else expect(rows, `${word} from ${offset}`).toEqual(reference(word, 26, null, offset))
        }
      }
    })

  it('has a set that exercises every plan', () => {
    const counts = searches.map(matchCount)
    expect(counts.filter((n) => n > countCap).length).toBeGreaterThanOrEqual(2)
    expect(counts.filter((n) => n > 500 && n <= countCap).length).toBeGreaterThanOrEqual(3)
    expect(counts.filter((n) => n > 0 && n < 50).length).toBeGreaterThanOrEqual(3)
    expect(counts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(2)
    // The dense words' special rows are there: folded into ASCII, and 'ltd' only after 1,000+ rows.
    expect(matchCount('thin\u212abook')).toBeGreaterThan(countCap)
    expect(db.prepare(`SELECT count(*) FROM devices WHERE model LIKE '%\u212a%'`).pluck().get()).toBeGreaterThan(100)
    expect(db.prepare(`SELECT count(*) FROM devices WHERE user_principal_name LIKE '%\u017f%'`).pluck().get()).toBeGreaterThan(100)
    expect(matchCount('ltd')).toBeGreaterThan(countCap)
    const firstLtd = (reference('ltd', 1, null, null) as DeviceCursor[])[0]!
    expect(db.prepare('SELECT count(*) FROM devices WHERE (serial_number, id) < (?, ?)').pluck().get(firstLtd.serialNumber, firstLtd.id)).toBeGreaterThan(1000)
  })

  it('walks to the same rows as the FTS match when the words are dense, and gives up when they lie beyond its budget', () => {
    const walk = createDenseWalk(db, columns)
    for (const word of ['thinkbook', 'THINKBOOK', 'book 14', '@contoso', 'contoso', 'bench-', 'ltd', 'o ltd', 'zzqx']) {
      const phrase = ftsPhrase(word)
      const all = reference(word, 100_000, null, null) as DeviceCursor[]
      for (const [after, offset] of [
        [null, 0],
        [null, 37],
        [all[3_000], 0],
        [all[all.length - 30], 0],
        [{ serialNumber: all[5_000]?.serialNumber ?? '', id: '' }, 0],
      ] as Array<[DeviceCursor | null, number]>) {
        const rows = walk(word, phrase, 25, after, offset, maxWalkRows)
        const expected = reference(word, 26, after, offset > 0 ? offset : null)
        // Null only when the page (or the end of the list) lies beyond the rows the walk may read.
        const last = expected.length === 26 ? (expected[25] as DeviceCursor) : { serialNumber: '\u{10ffff}', id: '' }
        const span = db
          .prepare('SELECT count(*) FROM devices WHERE (serial_number, id) > (?, ?) AND (serial_number, id) <= (?, ?)')
          .pluck()
          .get(after?.serialNumber ?? '', after?.id ?? '', last.serialNumber, last.id) as number
        if (rows === null) expect(span, `${word} after ${after?.serialNumber} from ${offset}`).toBeGreaterThan(maxWalkRows)
        else expect(rows, `${word} after ${after?.serialNumber} from ${offset}`).toEqual(expected)
      }
    }
    // Every row read before the first 'ltd': too few matches within 1,000 rows, so the FTS plan must do it.
    expect(walk('ltd', ftsPhrase('ltd'), 25, null, 0, 1000)).toBeNull()
    expect(walk('thinkbook', ftsPhrase('thinkbook'), 25, null, 0, 1000)).not.toBeNull()
  })

  if (rowsLeftInCatchAll === null)
    it('knows every character the trigram index folds into ASCII (the walk asks the index about rows holding one)', () => {
      // Each code point beyond ASCII, tripled, indexed as the devices are: which trigrams come out ASCII?
      const folds = new Database(':memory:')
      migrate(folds)
      folds.exec(`CREATE VIRTUAL TABLE temp.folds_vocab USING fts5vocab(main, devices_fts, 'row')`)
      const add = folds.prepare('INSERT INTO devices_fts (rowid, serial_number) VALUES (?, ?)')
      folds.transaction(() => {
        for (let c = 0x80; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) add.run(c, String.fromCodePoint(c).repeat(3))
      })()
      const asciiTrigrams = (folds.prepare('SELECT term FROM temp.folds_vocab').pluck().all() as string[]).filter((t) =>
        [...t].every((ch) => ch.charCodeAt(0) < 0x80),
      )
      const sources = asciiTrigrams.flatMap(
        (t) => folds.prepare('SELECT rowid FROM devices_fts WHERE devices_fts MATCH ?').pluck().all(ftsPhrase(t)) as number[],
      )
      expect(sources.map((c) => String.fromCodePoint(c)).sort()).toEqual([...foldsToAscii].sort())
      folds.close()
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

  it('with index entries behind the rows (a sync page committed, its indexing slice not run yet)', async () => {
    // Searchable text changed (search_dirty 2: the index still has the old text) and new rows never indexed (1).
    // Some move across the serial order too: their entries stay under their old serial's bucket until indexed.
    const changed = Array.from({ length: 400 }, (_, k) => device(11 * k + 3)).map((d, k) =>
      k % 2 === 0
        ? { ...d, manufacturer: 'Acme', model: 'Optiplex' }
        : { ...d, manufacturer: `${d.manufacturer} Ltd Ltd`, userPrincipalName: '', ...(k % 3 === 0 ? { serialNumber: `${k % 10}MOVED-${k}` } : {}) },
    )
    const added = Array.from({ length: 400 }, (_, k) => device(40_000 + k))
    repo.upsertMany([...changed, ...added], null, '2026-01-05T00:00:00Z')
    expect(db.prepare('SELECT search_dirty, count(*) AS n FROM devices WHERE search_dirty <> 0 GROUP BY 1').all()).toEqual([
      { search_dirty: 1, n: 400 },
      { search_dirty: 2, n: 400 },
    ])
    for (const search of ['thinkbook', 'ltd', '@contoso', 'book 14', 'optiplex', 'acme']) expectSamePages(search)
    await warmAnchors(db, async () => undefined, 3000)
    for (const search of ['thinkbook', 'ltd', '@contoso', 'book 14']) expectSamePages(search)
  })
}
