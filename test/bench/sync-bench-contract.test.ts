import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/**
 * `npm run bench:sync` is issue 19's contract (flags and JSON keys): this runs it small and checks the
 * shape only — never a timing, which belongs to the benchmark's own runs (docs/benchmarks.md). A schema
 * change once broke the bench's in-memory ceiling (a new NOT NULL column its rows lacked) and nothing
 * in `npm test` noticed.
 */
describe('bench:sync contract', () => {
  it('runs a small latency-bound sync with --resync and prints one JSON object with every documented key', () => {
    const run = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bench/sync.bench.ts', '--devices', '2500', '--page-latency-ms', '5', '--resync'], {
      encoding: 'utf8',
      timeout: 240_000,
    })
    expect(run.status, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as Record<string, unknown>
    expect(result).toMatchObject({ devices: 2500, pages: 3, pageLatencyMs: 5, firstLoad: true })
    for (const key of [
      'seconds',
      'rowsPerSec',
      'ceilingRowsPerSec',
      'ratioToCeiling',
      'ceilingSeconds',
      'writeSeconds',
      'writePathRatio',
      'eventLoopP999Ms',
      'maxEventLoopBlockMs',
      'dbBytesPerRow',
      'devicePagesSeconds',
      'latencyFloorSeconds',
      'ratioToLatencyFloor',
      'bareClientSeconds',
      'ratioToBareClient',
      'resyncSeconds',
      'resyncRatioToLatencyFloor',
    ])
      expect(typeof result[key], key).toBe('number')
    expect(result.dbBytesPerRow as number).toBeLessThan(1024 * 4)
  }, 300_000)
})
