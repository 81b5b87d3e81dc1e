import { describe, expect, it } from 'vitest'
import { createScanStore } from '@renderer/stores/scan-store'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { keyboardLayouts, typeThroughLayout } from '@qr/payload/keyboard-layouts'
import { createFakeApi, device, idleStatus, ok } from '@support/renderer/fake-api'

const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const qr = (serialNumber = 'PF3ABCDE', id = '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11') => buildWindowsQrPayload({ id, ztdId, serialNumber })
const cached = device('PF3ABCDE', { id: ztdId, syncedAt: '2026-01-05T10:00:00Z' })
const fresh = { ...cached, groupTag: 'BENCH-NEW' }
const fail = (code: 'offline' | 'not-found' | 'internal', message: string = code) => ({ ok: false as const, error: { code, message } })

describe('scan store', () => {
  it('shows the cached device at once, then the online refresh by id', async () => {
    let releaseRefresh: () => void = () => {}
    const api = createFakeApi({
      'devices:get-device': () => ok(cached),
      'devices:refresh-device': () => new Promise((resolve) => (releaseRefresh = () => resolve(ok({ device: fresh, source: 'online', notice: null })))),
    })
    const store = createScanStore(api)
    const done = store.getState().submit(qr(), 'camera')
    await new Promise((r) => setTimeout(r, 0))
    const first = store.getState().lookup!
    expect(first).toMatchObject({ status: 'found', source: 'cache', refreshing: true, device: { groupTag: 'BENCH-A' } })
    expect(first.cardMs).toBeLessThan(50)
    expect(store.getState().resolved).toEqual({ deviceId: ztdId, at: 1 })
    releaseRefresh()
    await done
    expect(store.getState().lookup).toMatchObject({ status: 'found', source: 'online', refreshing: false, notice: null, device: { groupTag: 'BENCH-NEW' } })
    expect(api.callsTo('devices:get-device')).toEqual([{ id: ztdId }])
    expect(api.callsTo('devices:refresh-device')).toEqual([{ id: ztdId }])
    expect(store.getState().resolved).toEqual({ deviceId: ztdId, at: 2 })
  })

  it('says the tenant does not know a scanned ZtdId (wrong tenant or deleted), not "register it"', async () => {
    const api = createFakeApi({
      'devices:get-device': () => ok(null),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'Not found' } }),
    })
    const store = createScanStore(api)
    await store.getState().submit(qr(), 'keyboard')
    expect(store.getState().lookup).toMatchObject({ status: 'not-found', reason: 'unknown-ztdid', device: null })
    expect(store.getState().resolved).toBeNull()
  })

  it('keeps the cached card with a notice when Intune cannot be reached, and says so when nothing is cached', async () => {
    const offline = { device: null, source: 'cache' as const, notice: { code: 'offline', message: 'Intune cannot be reached' } }
    const withCache = createScanStore(
      createFakeApi({ 'devices:get-device': () => ok(cached), 'devices:refresh-device': () => ok({ ...offline, device: cached }) }),
    )
    await withCache.getState().submit(qr(), 'keyboard')
    expect(withCache.getState().lookup).toMatchObject({ status: 'found', source: 'cache', notice: { code: 'offline' } })
    const without = createScanStore(createFakeApi({ 'devices:get-device': () => ok(null), 'devices:refresh-device': () => ok(offline) }))
    await without.getState().submit(qr(), 'keyboard')
    expect(without.getState().lookup).toMatchObject({ status: 'not-found', reason: 'unknown-offline', notice: { code: 'offline' } })
    const broken = createScanStore(createFakeApi({ 'devices:get-device': () => ok(null), 'devices:refresh-device': () => fail('internal', 'boom') }))
    await broken.getState().submit(qr(), 'keyboard')
    expect(broken.getState().lookup).toMatchObject({ status: 'failed', error: { code: 'internal' } })
  })

  it('cross-checks the serial in the QR with the record', async () => {
    const api = createFakeApi({
      'devices:get-device': () => ok(cached),
      'devices:refresh-device': () => ok({ device: cached, source: 'online', notice: null }),
    })
    const store = createScanStore(api)
    await store.getState().submit(qr('pf3abcde'), 'keyboard')
    expect(store.getState().lookup?.serialMismatch).toBeNull()
    await store.getState().submit(qr('OTHER123'), 'keyboard')
    expect(store.getState().lookup?.serialMismatch).toEqual({ scanned: 'OTHER123', record: 'PF3ABCDE' })
  })

  it('looks serials up in the cache (box-label barcodes, typed serials): one, several, none', async () => {
    const twins = [device('DUP1', { id: 'a' }), device('DUP1', { id: 'b' })]
    const api = createFakeApi({
      'devices:find-by-serial': (request) => ok(request.serialNumber === 'PF3ABCDE' ? [cached] : request.serialNumber === 'DUP1' ? twins : []),
      'devices:refresh-device': (request) => ok({ device: request.id === ztdId ? cached : twins[1]!, source: 'online', notice: null }),
      'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2026-11-23T08:00:00.000Z' }),
    })
    const store = createScanStore(api)
    await store.getState().submit('PF3ABCDE', 'camera')
    expect(store.getState().lookup).toMatchObject({ status: 'found', query: { kind: 'serial' }, device: { id: ztdId } })
    await store.getState().submit('DUP1', 'keyboard')
    expect(store.getState().lookup).toMatchObject({ status: 'multiple', candidates: twins })
    await store.getState().choose('b')
    expect(store.getState().lookup).toMatchObject({ status: 'found', device: { id: 'b' } })
    expect(store.getState().resolved?.deviceId).toBe('b')
    await store.getState().submit('NOPE1234', 'keyboard')
    expect(store.getState().lookup).toMatchObject({ status: 'not-found', reason: 'unknown-serial' })
  })

  it('a serial the never-synced cache lacks is "not known yet", never "not registered" (issue #15 item 3)', async () => {
    const api = createFakeApi({ 'devices:find-by-serial': () => ok([]), 'sync:get-status': () => ok({ ...idleStatus, online: false }) })
    const store = createScanStore(api)
    await store.getState().submit('PF3NEVER1', 'keyboard')
    expect(store.getState().lookup).toMatchObject({ status: 'not-found', reason: 'unknown-not-synced' })
  })

  it('repairs a serial typed through a non-US layout by trying the alternatives', async () => {
    const api = createFakeApi({
      'devices:find-by-serial': (request) => ok(request.serialNumber === '5CG1234XYZ' ? [device('5CG1234XYZ', { id: 'hp' })] : []),
      'devices:refresh-device': () => ok({ device: device('5CG1234XYZ', { id: 'hp' }), source: 'online', notice: null }),
    })
    const store = createScanStore(api)
    await store.getState().submit(
      typeThroughLayout(
        '5CG1234XYZ',
        keyboardLayouts.find((l) => l.id === 'de')!,
      ),
      'keyboard',
    )
    expect(store.getState().lookup).toMatchObject({ status: 'found', device: { id: 'hp' } })
    expect(api.callsTo('devices:find-by-serial').map((r) => r.serialNumber)).toEqual(['5CG1234XZY', '5CG1234XYZ'])
  })

  it('ignores the camera seeing the same code again, but not a deliberate keyboard scan', async () => {
    let clock = 0
    const api = createFakeApi({
      'devices:get-device': () => ok(cached),
      'devices:refresh-device': () => ok({ device: cached, source: 'online', notice: null }),
    })
    const store = createScanStore(api, { now: () => clock, repeatWindowMs: 3000 })
    await store.getState().submit(qr(), 'camera')
    clock = 100
    await store.getState().submit(qr(), 'camera')
    clock = 2900
    await store.getState().submit(qr(), 'camera')
    expect(store.getState().seq).toBe(1)
    await store.getState().submit(qr(), 'keyboard')
    expect(store.getState().seq).toBe(2)
    clock = 10_000
    await store.getState().submit(qr(), 'camera')
    expect(store.getState().seq).toBe(3)
  })

  it('never lets a slow answer for an old scan overwrite a newer one', async () => {
    const slow: Array<() => void> = []
    const api = createFakeApi({
      'devices:get-device': (request) => new Promise((resolve) => slow.push(() => resolve(ok(request.id === ztdId ? cached : null)))),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
    })
    const store = createScanStore(api)
    const first = store.getState().submit(qr(), 'keyboard')
    const second = store.getState().submit('{"ZtdId":"11111111-2222-4333-8444-555555555555"}', 'keyboard')
    slow[1]!()
    await second
    slow[0]!()
    await first
    expect(store.getState().lookup).toMatchObject({ status: 'not-found', query: { ztdId: '11111111-2222-4333-8444-555555555555' } })
  })

  it('explains rejected scans and buffers multi-block payloads', async () => {
    const api = createFakeApi({
      'devices:get-device': () => ok(cached),
      'devices:refresh-device': () => ok({ device: cached, source: 'online', notice: null }),
    })
    const store = createScanStore(api)
    await store.getState().submit('WIFI:S:bench;;', 'camera')
    expect(store.getState().rejected).toMatchObject({ code: 'wifi', origin: 'camera' })
    expect(api.calls.filter((c) => c.channel.startsWith('devices:'))).toEqual([])
    const block = (n: number, fields: object) => JSON.stringify({ Id: 'r1', SequenceBlockNumber: n, TotalBlocks: 2, ...fields })
    await store.getState().submit(block(2, { SerialNumber: 'PF3ABCDE' }), 'camera')
    expect(store.getState().blocks).toEqual({ received: 1, total: 2 })
    await store.getState().submit(block(1, { ZtdId: ztdId }), 'camera')
    expect(store.getState().blocks).toBeNull()
    expect(store.getState().lookup).toMatchObject({ status: 'found', query: { ztdId, serialNumber: 'PF3ABCDE' } })
    store.getState().clear()
    expect(store.getState()).toMatchObject({ lookup: null, rejected: null, blocks: null })
  })

  it('a scan that is not the next block of a partial code ends it and says the blocks were set aside', async () => {
    const api = createFakeApi({
      'devices:get-device': () => ok(cached),
      'devices:refresh-device': () => ok({ device: cached, source: 'online', notice: null }),
      'devices:find-by-serial': () => ok([cached]),
    })
    const store = createScanStore(api)
    const block = (n: number, fields: object, id = 'r1') => JSON.stringify({ Id: id, SequenceBlockNumber: n, TotalBlocks: 2, ...fields })
    // A complete code after block 1 of 2: the device is found, "Block 1 of 2 read" goes, the set-aside block is said.
    await store.getState().submit(block(1, { ZtdId: ztdId }), 'keyboard')
    expect(store.getState().blocks).toEqual({ received: 1, total: 2 })
    await store.getState().submit(qr(), 'keyboard')
    expect(store.getState()).toMatchObject({ blocks: null, blocksSetAside: { sequences: [1], total: 2 }, lookup: { status: 'found' } })
    // Said once: the next scan clears it.
    await store.getState().submit(qr(), 'keyboard')
    expect(store.getState().blocksSetAside).toBeNull()
    // A serial, and something unreadable, end a partial code the same way.
    await store.getState().submit(block(2, { SerialNumber: 'PF3ABCDE' }), 'keyboard')
    await store.getState().submit('PF3ABCDE', 'keyboard')
    expect(store.getState()).toMatchObject({ blocks: null, blocksSetAside: { sequences: [2], total: 2 } })
    await store.getState().submit(block(1, { ZtdId: ztdId }), 'keyboard')
    await store.getState().submit('WIFI:S:bench;;', 'keyboard')
    expect(store.getState()).toMatchObject({ blocks: null, blocksSetAside: { sequences: [1], total: 2 }, rejected: { code: 'wifi' } })
    // A block of another code starts that code over: the first code's block is set aside.
    await store.getState().submit(block(1, { ZtdId: ztdId }), 'keyboard')
    await store.getState().submit(block(1, { ZtdId: ztdId }, 'r2'), 'keyboard')
    expect(store.getState()).toMatchObject({ blocks: { received: 1, total: 2 }, blocksSetAside: { sequences: [1], total: 2 } })
    // …and its own next block completes it, with nothing more set aside.
    await store.getState().submit(block(2, { SerialNumber: 'PF3ABCDE' }, 'r2'), 'keyboard')
    expect(store.getState()).toMatchObject({ blocks: null, blocksSetAside: null, lookup: { status: 'found' } })
  })
})
