import { dirname, join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { openArchiveInWorker } from '@core/diagnostics/open-archive-in-worker'
import { useCoreOnMock } from '@support/core-on-mock'
import { workerPath } from '@support/temp-dir'

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

  it('is terminated when the request is given up (the dispatch timeout aborts its signal)', async () => {
    const archiveWorker = join(dirname(workerPath()), 'archive-worker.cjs')
    const abandon = new AbortController()
    const started = Date.now()
    const opening = openArchiveInWorker(archiveWorker, { name: 'big.zip', bytesBase64: bigArchiveBase64(48) }, abandon.signal)
    setTimeout(() => abandon.abort(), 5)
    await expect(opening).rejects.toMatchObject({ code: 'timeout' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
