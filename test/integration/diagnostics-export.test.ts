import { unzipSync, strFromU8, zipSync, strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { channels } from '@shared/channels'
import { startHttpTransport } from '@web/http-transport'
import { useCoreOnMock } from '@support/core-on-mock'
import { useTempDirs } from '@support/temp-dir'

/** Export through the real database worker and the contract, then open it again: nothing enters the cache. */
describe('diagnostics through the core (mock tenant)', () => {
  const start = useCoreOnMock()
  const tempDir = useTempDirs()

  it('exports a failed attempt recorded at the bench, with progress, and opens it read-only', async () => {
    const { core, handlers, ctx } = await start({ seed: 5, devices: 20, throttle: 'off' })
    const progress: string[] = []
    core.bus.subscribe((name, payload) => {
      if (name === 'diagnostics:progress') progress.push((payload as { step: string }).step)
    })
    const device = (await handlers['devices:list-devices']({ search: '', limit: 1, after: null, position: null }, ctx)).items[0]!
    await handlers['bench:add-device']({ deviceId: device.id, jobId: null }, ctx)
    await handlers['attempts:record-event']({ deviceId: device.id, event: { type: 'provision-pressed', at: '2026-11-23T08:00:00.000Z' } }, ctx)
    await handlers['attempts:record-event']({ deviceId: device.id, event: { type: 'failed', at: '2026-11-23T08:12:30.000Z', code: '0x80180014' } }, ctx)

    const envelope = await dispatch(
      handlers,
      'diagnostics:export-bundle',
      { scope: { kind: 'device', id: device.serialNumber }, redact: { serials: true } },
      { log: core.log },
    )
    if (!envelope.ok) throw new Error(envelope.error.message)
    const exported = { value: channels['diagnostics:export-bundle'].response.parse(envelope.value) }
    expect(exported.value).toMatchObject({ deviceCount: 1, attemptCount: 1, fileName: expect.stringMatching(/^autopilot-bench-diagnostics-device-.*\.zip$/) })
    // Redacting serials: the file name carries the serial's pseudonym, not the serial.
    expect(exported.value.fileName).toMatch(/^autopilot-bench-diagnostics-device-serial-[0-9a-f]{12}-\d{8}T\d{6}Z\.zip$/)
    expect(exported.value.fileName.toLowerCase()).not.toContain(device.serialNumber.toLowerCase())
    expect(progress[0]).toBe('reading')
    expect(progress.at(-1)).toBe('done')
    const zip = Buffer.from(exported.value.bytesBase64, 'base64')
    const everything = Object.entries(unzipSync(zip))
      .map(([name, bytes]) => name + strFromU8(bytes))
      .join('\n')
    expect(everything).not.toContain(device.serialNumber)

    const countBefore = (await handlers['sync:get-status']({}, ctx)).deviceCount
    const openedEnvelope = await dispatch(handlers, 'diagnostics:open-archive', { name: 'b.zip', bytesBase64: exported.value.bytesBase64 }, { log: core.log })
    if (!openedEnvelope.ok) throw new Error(openedEnvelope.error.message)
    const opened = { value: channels['diagnostics:open-archive'].response.parse(openedEnvelope.value) }
    if (opened.value.kind !== 'bundle') throw new Error('expected a bundle review')
    expect(opened.value.attempts).toEqual([expect.objectContaining({ deviceId: device.id, phase: 'failed', errorCode: '0x80180014' })])
    expect(opened.value.errors[0]).toMatchObject({ code: '0x80180014', status: 'known' })
    expect(opened.value.summaryQr).toMatchObject({ ztdId: device.id, lastError: '0x80180014', stage: 'failed', elapsedSeconds: 750 })
    expect((await handlers['sync:get-status']({}, ctx)).deviceCount).toBe(countBefore)

    const refused = await dispatch(
      handlers,
      'diagnostics:open-archive',
      { name: 'x.cab', bytesBase64: Buffer.from('MSCF0000').toString('base64') },
      { log: core.log },
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/-zip/) } })
  })

  it('lets only open-archive carry a body over 1 MiB over HTTP', async () => {
    const { core, handlers } = await start({ seed: 5, devices: 5, throttle: 'off' }, { sync: false })
    const transport = await startHttpTransport({ handlers, bus: core.bus, log: core.log, token: 't'.repeat(64), staticDir: tempDir() })
    try {
      // ~2 MiB of incompressible-ish noise inside an otherwise foreign ZIP.
      const noise = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24)
      const body = JSON.stringify({
        name: 'big.zip',
        bytesBase64: Buffer.from(zipSync({ 'noise.bin': [noise, { level: 0 }], 'a.evtx': strToU8('ElfFile') })).toString('base64'),
      })
      const post = (channel: string) =>
        fetch(`${transport.url}/api/rpc/${channel}`, {
          method: 'POST',
          body,
          headers: { Authorization: `Bearer ${'t'.repeat(64)}`, 'Content-Type': 'application/json', Origin: transport.url },
        })
      const opened = (await (await post('diagnostics:open-archive')).json()) as { ok: boolean; value?: { kind: string } }
      expect(opened).toMatchObject({ ok: true, value: { kind: 'windows' } })
      expect((await post('devices:get-device')).status).toBe(413)
    } finally {
      await transport.close()
    }
  })
})
