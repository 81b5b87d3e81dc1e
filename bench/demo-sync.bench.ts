/**
 * `npm run bench:demo-sync -- [--devices N] [--in-process]`: the sync the app runs when it opens on its
 * embedded demo tenant, with the demo's mock hosted as the app hosts it — on a thread of its own
 * (mock-intune/in-worker.ts) — or, with `--in-process`, on the thread that hosts the core, as before
 * session 24. One launch per run: a fresh process, data folder and mock, so the code is as cold as at
 * an app's start. Prints JSON: devices, hosting, seconds, eventLoopP999Ms and maxEventLoopBlockMs (this
 * process's event loop, which hosts the core as Electron's main does), blocksOver16Ms (gaps a 1 ms
 * ticker saw), mainGcMs (this isolate's GC pauses during the sync) and mockStartMs (starting the mock,
 * before the core: part of the app's start).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { createCore } from '../src/main/core/create-core'
import { embeddedMockTenant, newEmbeddedMockToken } from '../src/main/core/tenant'
import { startMockIntune, startMockIntuneInWorker } from '../src/mock-intune'
import { bundledWorkerPath } from '../src/main/core/worker/bundled-worker-path'
import { bundleDbWorker } from './support/worker-bundle'
import { argValue, round } from './support/stats'

const devices = argValue('devices', 2000)
const inProcess = process.argv.includes('--in-process')

async function main() {
  const workerPath = await bundleDbWorker()
  const token = newEmbeddedMockToken()
  // As src/main/index.ts starts it (or, --in-process, as the app did before). Its start is part of the app's.
  const mockStarted = performance.now()
  const server = inProcess
    ? await startMockIntune({ port: 0, token, devices })
    : await startMockIntuneInWorker(bundledWorkerPath(workerPath, 'mock-intune-worker'), { port: 0, token, devices })
  const mockStartMs = performance.now() - mockStarted
  const dataDir = mkdtempSync(join(tmpdir(), 'ab-bench-demo-'))
  try {
    const core = await createCore({ dataDir, tenant: embeddedMockTenant(server, token), workerPath, appVersion: 'bench', transport: 'http' })
    const gcs: number[] = []
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcs.push(round(entry.duration, 1))
    })
    observer.observe({ entryTypes: ['gc'] })
    // Every gap over 16 ms between ticks of a 1 ms timer: each is a block of the core's event loop.
    const blocks: number[] = []
    let last = performance.now()
    const ticker = setInterval(() => {
      const now = performance.now()
      if (now - last > 16) blocks.push(round(now - last, 1))
      last = now
    }, 1)
    const loop = monitorEventLoopDelay({ resolution: 1 })
    loop.enable()
    const started = performance.now()
    await core.sync.start('bench-demo-sync')
    await core.sync.idle()
    const seconds = (performance.now() - started) / 1000
    loop.disable()
    clearInterval(ticker)
    observer.disconnect()
    const status = await core.sync.status()
    await core.close()
    if (status.lastError) throw new Error(`sync failed: ${status.lastError.message}`)
    console.log(
      JSON.stringify(
        {
          devices: status.deviceCount,
          hosting: inProcess ? 'in-process' : 'worker',
          mockStartMs: round(mockStartMs, 1),
          seconds: round(seconds, 3),
          eventLoopP999Ms: round(loop.percentile(99.9) / 1e6, 1),
          maxEventLoopBlockMs: round(loop.max / 1e6, 1),
          blocksOver16Ms: blocks,
          mainGcMs: gcs,
        },
        null,
        2,
      ),
    )
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
