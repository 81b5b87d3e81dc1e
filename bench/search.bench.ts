/**
 * `npm run bench:search -- --devices N`: SQL time of the device list queries inside the database
 * worker's connection (same migrations, same repo code), p50/p95 per query kind. Prints JSON.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/db/open-database'
import { createDevicesRepo } from '../src/main/core/repos/devices-repo'
import { createSearchIndexer } from '../src/main/core/repos/devices-search-index'
import { syntheticDevice } from './support/synthetic-devices'
import { argValue, percentile, round } from './support/stats'

const devices = argValue('devices', 100_000)
const samples = argValue('samples', 200)
const dir = mkdtempSync(join(tmpdir(), 'ab-bench-search-'))
const file = join(dir, 'cache.db')
const { db } = openDatabase(file, { uncleanExit: false })
const repo = createDevicesRepo(db)

const fillStarted = performance.now()
const indexer = createSearchIndexer(db)
for (let start = 0; start < devices; start += 5000) {
  const rows = Array.from({ length: Math.min(5000, devices - start) }, (_, k) => syntheticDevice(start + k))
  const dirty = repo.upsertMany(rows, 'bench', '2026-01-01T00:00:00Z')
  for (let k = 0; k < dirty.length; k += 1000) indexer.indexRows(dirty.slice(k, k + 1000))
}
db.pragma('wal_checkpoint(TRUNCATE)')
const fillSeconds = (performance.now() - fillStarted) / 1000

const pick = (i: number) => syntheticDevice(Math.floor((i * 7919) % devices))
const time = (fn: () => unknown) => {
  const started = performance.now()
  fn()
  return performance.now() - started
}
const measure = (make: (i: number) => () => unknown) => {
  const ms = Array.from({ length: samples }, (_, i) => time(make(i)))
  return { p50: round(percentile(ms, 50), 3), p95: round(percentile(ms, 95), 3), max: round(Math.max(...ms), 3) }
}
const cursorAt = (position: number) => {
  const row = db.prepare('SELECT serial_number AS serialNumber, id FROM devices ORDER BY serial_number, id LIMIT 1 OFFSET ?').get(position) as {
    serialNumber: string
    id: string
  }
  return row
}
const middle = cursorAt(Math.floor(devices / 2))
const nearEnd = cursorAt(devices - 101)

const results = {
  serialPrefix2: measure((i) => () => repo.list(pick(i).serialNumber.slice(0, 2), 100, null)),
  serialPrefix6: measure((i) => () => repo.list(pick(i).serialNumber.slice(0, 6), 100, null)),
  substring3: measure((i) => () => repo.list(pick(i).serialNumber.slice(2, 5), 100, null)),
  substring5: measure((i) => () => repo.list(pick(i).serialNumber.slice(1, 6), 100, null)),
  miss: measure((i) => () => repo.list(`zq${i}xw`, 100, null)),
  upnPrefix: measure((i) => () => repo.list(pick(i).userPrincipalName.slice(0, 8) || 'anna.and', 100, null)),
  pageStart: measure(() => () => repo.list('', 100, null)),
  pageMiddle: measure(() => () => repo.list('', 100, middle)),
  pageEnd: measure(() => () => repo.list('', 100, nearEnd)),
  jumpToPosition: measure((i) => () => repo.list('', 100, null, (i * 104_729) % devices)),
}
const bytes = statSync(file).size
db.close()
rmSync(dir, { recursive: true, force: true })
console.log(JSON.stringify({ devices, samples, fillSeconds: round(fillSeconds, 1), dbBytesPerRow: round(bytes / devices, 0), results }, null, 2))
