import Database from 'better-sqlite3'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkCache } from '@core/db/cache-check'
import { useTempDirs } from '@support/temp-dir'
import { seedDamageable, smashRootOf } from '@support/damaged-db'

/** What the one whole-file pragma the check used to run says: its problems, or the error it stops with. */
function wholeFileQuickCheck(file: string): string[] {
  const db = new Database(file, { readonly: true })
  try {
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>
    return rows.map((row) => row.quick_check).filter((message) => message !== 'ok')
  } catch (error) {
    return [(error as Error).message]
  } finally {
    db.close()
  }
}

/** Garbage inside one record of the FTS5 index: its B-tree page stays sound, only FTS5 can tell. */
function smashFts5Record(file: string) {
  const db = new Database(file, { readonly: true })
  const block = db.prepare('SELECT block FROM devices_fts_data WHERE id > 10 ORDER BY length(block) DESC LIMIT 1').pluck().get() as Buffer
  db.close()
  const bytes = readFileSync(file)
  const at = bytes.indexOf(block)
  if (at < 0 || block.length < 1000) throw new Error('no FTS5 leaf record to damage')
  bytes.fill(0xa5, at + 200, at + 600)
  writeFileSync(file, bytes)
}

/** Pages dropped from the freelist (its head and count zeroed in the header): in no B-tree and on no list. */
function orphanFreePages(file: string, orphan = true) {
  const db = new Database(file)
  db.exec('CREATE TABLE scratch (x BLOB)')
  db.prepare('INSERT INTO scratch SELECT randomblob(3000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4)').run()
  db.exec('DROP TABLE scratch')
  db.pragma('wal_checkpoint(TRUNCATE)')
  const free = db.pragma('freelist_count', { simple: true }) as number
  db.close()
  if (!orphan) return free
  const bytes = readFileSync(file)
  bytes.writeUInt32BE(0, 32) // first freelist trunk page
  bytes.writeUInt32BE(0, 36) // number of free pages
  writeFileSync(file, bytes)
  return free
}

/** A leaf page of the users table listed on the freelist as well, the counts raised to match: the freelist itself looks sound. */
function freeAPageInUse(file: string) {
  orphanFreePages(file, false)
  const db = new Database(file, { readonly: true })
  const page = (db.prepare("SELECT pageno FROM dbstat WHERE name = 'users' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 1").get() as { pageno: number })
    .pageno
  db.close()
  const bytes = readFileSync(file)
  const pageSize = bytes.readUInt16BE(16)
  const trunk = (bytes.readUInt32BE(32) - 1) * pageSize
  const leaves = bytes.readUInt32BE(trunk + 4)
  bytes.writeUInt32BE(page, trunk + 8 + 4 * leaves)
  bytes.writeUInt32BE(leaves + 1, trunk + 4)
  bytes.writeUInt32BE(bytes.readUInt32BE(36) + 1, 36)
  writeFileSync(file, bytes)
}

describe('the check after start, in steps (cache-check.ts)', () => {
  const tempDir = useTempDirs()
  const seeded = () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file, 3000)
    return file
  }

  it('passes a sound file, as the whole-file quick_check does', () => {
    const file = seeded()
    expect(wholeFileQuickCheck(file)).toEqual([])
    expect(checkCache(file)).toMatchObject({ outcome: 'ok', problems: [], damaged: [], userMadeDamaged: false })
  })

  it.each([
    ['a cache table', (file: string) => smashRootOf(file, 'users'), ['users'], false],
    ['the devices table', (file: string) => smashRootOf(file, 'devices'), ['devices'], false],
    ['an index of the cache', (file: string) => smashRootOf(file, 'devices_by_serial'), ['devices'], false],
    ['the search index B-tree', (file: string) => smashRootOf(file, 'devices_fts_data'), ['devices_fts', 'devices_fts_data'], false],
    ['a record inside the search index', smashFts5Record, ['devices_fts'], false],
    ['a user-made table', (file: string) => smashRootOf(file, 'outbox'), ['outbox'], true],
  ] as const)('finds damage to %s where the whole-file quick_check does, and names it', (_what, damage, names, userMade) => {
    const file = seeded()
    damage(file)
    expect(wholeFileQuickCheck(file).length).toBeGreaterThan(0)
    const result = checkCache(file)
    expect(result).toMatchObject({ outcome: 'damaged', userMadeDamaged: userMade })
    expect(result.damaged).toEqual(names)
    expect(result.problems[0]).toMatch(new RegExp(`^(${names.join('|')}): `))
  })

  it('counts every page as the whole-file quick_check does: pages in no B-tree and on no freelist are found', () => {
    const file = seeded()
    const orphaned = orphanFreePages(file)
    expect(orphaned).toBeGreaterThan(0)
    expect(wholeFileQuickCheck(file)).toContainEqual(expect.stringMatching(/never used/))
    expect(checkCache(file)).toMatchObject({ outcome: 'damaged', problems: [`${orphaned} pages never used`], damaged: [], userMadeDamaged: false })
  })

  it('finds a page that is on the freelist and in a B-tree, as the whole-file quick_check does', () => {
    const file = seeded()
    freeAPageInUse(file)
    expect(wholeFileQuickCheck(file).length).toBeGreaterThan(0)
    expect(checkCache(file)).toMatchObject({ outcome: 'damaged', problems: ['1 pages both in a B-tree and on the freelist'], damaged: [] })
  })
})
