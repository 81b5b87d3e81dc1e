import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleForNode } from '@support/node-bundle'
import { startScriptedGraph, devicePage, type PageScript } from '@support/scripted-graph-server'
import { useTempDirs, workerPath } from '@support/temp-dir'

let childScript = ''

function runChild(env: Record<string, string>, killAfterMs: number | null) {
  return new Promise<{ output: string; killed: boolean }>((resolve) => {
    const child = spawn(process.execPath, [childScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({ output, killed: signal === 'SIGKILL' })
    })
  })
}

/** Deterministic "random" kill points, spread over start-up, queueing and the sync itself. */
const killPoints = [90, 260, 430, 610, 820, 1050, 1400, 1900]

describe('a sync killed with SIGKILL at random points', () => {
  const tempDir = useTempDirs()
  let graph: Awaited<ReturnType<typeof startScriptedGraph>>
  const pages = 12
  beforeAll(async () => {
    childScript = await bundleForNode('test/support/sync-child.ts', 'ab-kill')
    const script: PageScript[] = Array.from({ length: pages }, (_, i) => ({
      devices: devicePage(i * 250, 250),
      next: i < pages - 1 ? ('next' as const) : ('none' as const),
    }))
    graph = await startScriptedGraph(script, 'kill-token-000001', 60)
  })
  afterAll(() => graph?.close())

  it('always leaves a sound database with every acknowledged change exactly once, and the next sync completes', async () => {
    const dataDir = tempDir()
    const env = { AB_DATA_DIR: dataDir, AB_WORKER: workerPath(), AB_GRAPH: `${graph.origin}/beta`, AB_TOKEN: graph.token }
    // First a full, unkilled run so later runs have devices to change.
    expect((await runChild({ ...env, AB_RUN: '0' }, null)).output).toContain('synced')
    let acknowledged = 0 // the first run found an empty cache, so it had nothing to change
    for (const [index, killAfter] of killPoints.entries()) {
      const run = await runChild({ ...env, AB_RUN: String(index + 1) }, killAfter)
      const queued = run.output.includes('queued')
      if (queued) acknowledged += 2
      const db = new Database(join(dataDir, 'cache-kill.db'))
      expect(db.pragma('integrity_check', { simple: true }), `run ${index + 1}`).toBe('ok')
      const items = db.prepare("SELECT payload FROM outbox WHERE state <> 'discarded'").all() as Array<{ payload: string }>
      const payloads = items.map((i) => i.payload)
      expect(new Set(payloads).size, 'no change duplicated').toBe(payloads.length)
      // Every acknowledged change is there; an unacknowledged one may or may not have made it.
      expect(payloads.length).toBeGreaterThanOrEqual(acknowledged)
      expect(payloads.length).toBeLessThanOrEqual(acknowledged + 2)
      acknowledged = payloads.length
      db.close()
    }
    const last = await runChild({ ...env, AB_RUN: '99' }, null)
    expect(last.output).toContain('synced')
    const db = new Database(join(dataDir, 'cache-kill.db'), { readonly: true })
    expect((db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n).toBe(pages * 250)
    expect((db.prepare('SELECT count(*) AS n FROM devices WHERE search_dirty <> 0').get() as { n: number }).n).toBe(0)
    expect((db.prepare('SELECT state FROM sync_runs ORDER BY started_at DESC LIMIT 1').get() as { state: string }).state).toBe('complete')
    const interrupted = (db.prepare("SELECT count(*) AS n FROM sync_runs WHERE state = 'interrupted'").get() as { n: number }).n
    expect(interrupted).toBeGreaterThan(0)
    db.close()
  }, 120_000)
})
