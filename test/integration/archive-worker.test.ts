import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { openArchiveInWorker } from '@core/diagnostics/open-archive-in-worker'
import { useCoreOnMock } from '@support/core-on-mock'
import { workerPath } from '@support/temp-dir'
import { claims4GiB, lyingHeader, manyEntries, sharedStreamBomb } from '@support/zip-bombs'
import type { ArchiveWorkerUsage } from '@core/diagnostics/archive-protocol'

const MiB = 1024 * 1024
const archiveWorkerPath = () => join(dirname(workerPath()), 'archive-worker.cjs')
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** The hostile archives of docs/diagnostics.md › Archive limits, and the words each refusal must say. */
const bombs = () => [
  { name: 'shared-stream.zip', bytes: sharedStreamBomb().zip, says: /^This ZIP was refused: its entries share compressed data \(a zip bomb\)/ },
  { name: 'claims-4gib.zip', bytes: claims4GiB(), says: /^This ZIP was refused: entry .* claims 4096 MiB uncompressed; the limit per entry is 256 MiB/ },
  {
    name: 'lying-header.zip',
    bytes: lyingHeader(),
    says: /^This ZIP is damaged: entry .* does not match its header: its data inflates beyond the 1000 bytes its header claims/,
  },
  { name: 'many-entries.zip', bytes: manyEntries(5001), says: /^This ZIP was refused: it has 5001 entries; the limit is 5000 \(the entry-count limit\)/ },
]

/** A foreign (Windows-style) ZIP of about `mib` MiB, stored, so its size is real. */
function bigArchiveBase64(mib: number): string {
  const noise = new Uint8Array(mib * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24)
  return Buffer.from(zipSync({ 'noise.bin': [noise, { level: 0 }], 'a.evtx': strToU8('ElfFile') })).toString('base64')
}

/** Opening an archive runs in its own worker thread: the main thread keeps answering meanwhile. */
describe('archive worker', () => {
  const start = useCoreOnMock()

  it('keeps the main thread responsive while a large archive is opened', async () => {
    const { core, handlers } = await start({ seed: 5, devices: 5, throttle: 'off' }, { sync: false })
    const bytesBase64 = bigArchiveBase64(48)
    const order: string[] = []
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    try {
      const opening = dispatch(handlers, 'diagnostics:open-archive', { name: 'big.zip', bytesBase64 }, { log: core.log }).then((result) => {
        order.push('open-archive')
        return result
      })
      const info = dispatch(handlers, 'app:get-info', {}, { log: core.log }).then(() => order.push('app:get-info'))
      const devices = dispatch(handlers, 'devices:list-devices', { search: '', limit: 5 }, { log: core.log }).then(() => order.push('devices:list-devices'))
      const ticked = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => order.push(`timer after ${ticks} ticks`))
      const opened = await opening
      await Promise.all([info, devices, ticked])
      expect(opened).toMatchObject({ ok: true, value: { kind: 'windows' } })
      // Other channels (one of them through the database worker) and timers ran before the archive finished.
      expect(order.indexOf('open-archive')).toBe(3)
    } finally {
      clearInterval(timer)
    }
  })

  it('answers contract errors from the worker as before (empty archive, not a ZIP)', async () => {
    const { core, handlers } = await start({ seed: 5, devices: 5, throttle: 'off' }, { sync: false })
    expect(await dispatch(handlers, 'diagnostics:open-archive', { name: 'e.zip', bytesBase64: '' }, { log: core.log })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
    expect(
      await dispatch(handlers, 'diagnostics:open-archive', { name: 'n.txt', bytesBase64: Buffer.from('hello').toString('base64') }, { log: core.log }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringContaining('not a ZIP archive') },
    })
  })

  it('refuses each zip bomb by the limit it breaks, while other channels keep answering', async () => {
    const { core, handlers } = await start({ seed: 5, devices: 5, throttle: 'off' }, { sync: false })
    const requests = bombs().map((bomb) => ({ ...bomb, bytesBase64: b64(bomb.bytes) })) // built before the clock starts: building is the test's work
    const latencies: number[] = []
    let opening = true
    const pinging = (async () => {
      while (opening) {
        const sent = performance.now()
        expect(await dispatch(handlers, 'app:get-info', {}, { log: core.log })).toMatchObject({ ok: true })
        latencies.push(performance.now() - sent)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    try {
      for (const bomb of requests) {
        const result = await dispatch(handlers, 'diagnostics:open-archive', { name: bomb.name, bytesBase64: bomb.bytesBase64 }, { log: core.log })
        expect(result, bomb.name).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(bomb.says) } })
      }
    } finally {
      opening = false
      await pinging
    }
    expect(latencies.length).toBeGreaterThan(0)
    // Generous: the machine running the tests is shared; a main thread blocked by inflating would take seconds.
    expect(Math.max(...latencies)).toBeLessThan(1_000)
  })

  it('stays within its memory bound: refused bombs leave the worker small', async () => {
    for (const bomb of bombs()) {
      let usage: ArchiveWorkerUsage | undefined
      await expect(
        openArchiveInWorker(archiveWorkerPath(), { name: bomb.name, bytesBase64: b64(bomb.bytes) }, undefined, (u) => (usage = u)),
      ).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(bomb.says),
      })
      expect(usage, bomb.name).toBeDefined()
      // The shared-stream bomb would hold 500 MiB and the 4 GiB claim 4 GiB; refused, the worker holds a few MiB.
      expect(usage!.peakArrayBuffersBytes, bomb.name).toBeLessThan(64 * MiB)
      expect(usage!.peakHeapUsedBytes, bomb.name).toBeLessThan(64 * MiB)
      expect(usage!.elapsedMs, bomb.name).toBeLessThan(5_000)
    }
  })

  it('ends cleanly with a named refusal when the reader runs out of its resourceLimits, not the app', async () => {
    // A stand-in reader that only allocates: the limits are the Worker's, whatever the worker runs.
    const dir = mkdtempSync(join(tmpdir(), 'ab-oom-'))
    const hog = join(dir, 'hog.cjs')
    writeFileSync(hog, "const held = []; for (;;) held.push('x'.repeat(1 << 20) + Math.random())\n")
    try {
      await expect(openArchiveInWorker(hog, { name: 'huge.zip', bytesBase64: '' })).rejects.toMatchObject({
        code: 'invalid',
        message: 'huge.zip was refused: reading it needed more memory than the archive reader may use (768 MB).',
      })
      // This process is still here, and answers.
      expect(process.memoryUsage().heapUsed).toBeLessThan(512 * MiB)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000) // filling 768 MB and dying of it takes seconds on a loaded machine

  it('is terminated when the request is given up (the dispatch timeout aborts its signal)', async () => {
    const archiveWorker = archiveWorkerPath()
    const abandon = new AbortController()
    const started = Date.now()
    const opening = openArchiveInWorker(archiveWorker, { name: 'big.zip', bytesBase64: bigArchiveBase64(48) }, abandon.signal)
    setTimeout(() => abandon.abort(), 5)
    await expect(opening).rejects.toMatchObject({ code: 'timeout' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
