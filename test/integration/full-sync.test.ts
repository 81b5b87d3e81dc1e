import { afterEach, describe, expect, it } from 'vitest'
import { dataChangedSchema } from '@shared/data-topics'
import { createCore, type Core } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { startScriptedGraph, devicePage, graphDevice, type PageScript } from '@support/scripted-graph-server'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { readFileSync } from 'node:fs'

describe('full sync (core + database worker + HTTP)', () => {
  const tempDir = useTempDirs()
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setup(script: PageScript[], dataDir = tempDir(), allowTestHooks = false) {
    const graph = await startScriptedGraph(script)
    const core = await createCore({ dataDir, tenant: graph.tenant, workerPath: workerPath(), appVersion: 'test', transport: 'http', allowTestHooks })
    const events: Array<{ name: string; payload: unknown }> = []
    core.bus.subscribe((name, payload) => events.push({ name, payload }))
    cleanups.push(
      () => graph.close(),
      () => core.close(),
    )
    return { graph, core, events, handlers: createHandlers(core), dataDir }
  }

  const sync = async (core: Core) => {
    await core.sync.start('corr-sync')
    await core.sync.idle()
    return core.sync.status()
  }

  it('pages through every nextLink into SQLite, with progress events and request ids', async () => {
    const { core, graph, events, handlers } = await setup([
      { devices: devicePage(0, 100), next: 'next' },
      { devices: [], next: 'next' },
      { devices: devicePage(100, 100), next: 'next' },
      { devices: devicePage(200, 50) },
    ])
    const status = await sync(core)
    expect(status).toMatchObject({ running: false, deviceCount: 250, lastError: null })
    expect(status.lastSuccessAt).not.toBeNull()
    expect(graph.requests.filter((r) => /windowsAutopilotDeviceIdentities/i.test(r.url))).toHaveLength(4)
    expect(graph.requests.every((r) => r.clientRequestId === 'corr-sync')).toBe(true)
    const progress = events.filter((e) => e.name === 'sync:progress').map((e) => e.payload as { phase: string; devices: number })
    expect(progress.at(-1)).toMatchObject({ phase: 'done', devices: 250 })
    // A sync says what changed as domain topics (src/shared/data-topics.ts), never as table names.
    const topics = events.filter((e) => e.name === 'data:changed').flatMap((e) => dataChangedSchema.parse(e.payload).topics)
    expect(topics).toEqual(expect.arrayContaining(['devices', 'sync', 'profiles']))
    const ctx = { correlationId: 'c', log: core.log }
    const page = await handlers['devices:list-devices']({ search: 'ser00001', limit: 5, after: null, position: null }, ctx)
    expect(page.total).toBe(10)
    expect(page.items.map((d) => d.serialNumber)).toEqual(['SER000010', 'SER000011', 'SER000012', 'SER000013', 'SER000014'])
    const rest = await handlers['devices:list-devices']({ search: 'ser00001', limit: 5, after: page.next, position: null }, ctx)
    expect(rest.items.map((d) => d.serialNumber)).toEqual(['SER000015', 'SER000016', 'SER000017', 'SER000018', 'SER000019'])
    expect(rest.next).toBeNull()
    const log = readFileSync(core.log.file, 'utf8')
    expect(log).toContain('"requestId":"req-1"')
    expect(log).not.toContain(graph.token)
  })

  it('maps Graph statuses to admin-center profile status and accepts 0001-01-01 as "never"', async () => {
    const { core, handlers } = await setup([
      {
        devices: [
          graphDevice(1, { deploymentProfileAssignmentStatus: 'pending' }),
          graphDevice(2, { deploymentProfileAssignmentStatus: 'notAssigned', deploymentProfileAssignedDateTime: '0001-01-01T00:00:00Z' }),
          graphDevice(3, { remediationState: 'automaticRemediationRequired' }),
          graphDevice(4, { id: 'NOT-a-lowercase-ID', serialNumber: 'X' }),
          { id: 'no-serial' },
        ],
      },
    ])
    await sync(core)
    const ctx = { correlationId: 'c', log: core.log }
    const page = await handlers['devices:list-devices']({ search: '', limit: 10, after: null, position: null }, ctx)
    expect(page.items.map((d) => [d.serialNumber, d.profileStatus])).toEqual([
      ['SER000001', 'assigning'],
      ['SER000002', 'notAssigned'],
      ['SER000003', 'fixPending'],
      ['X', 'assigned'],
    ])
    expect(await handlers['devices:get-device']({ id: 'not-a-lowercase-id' }, ctx)).toMatchObject({ serialNumber: 'X' })
  })

  it('keeps every cached row when a sync fails halfway, and deletes only after a complete pass', async () => {
    const dataDir = tempDir()
    const first = await setup([{ devices: devicePage(0, 50), next: 'next' }, { devices: devicePage(50, 50) }], dataDir)
    await sync(first.core)
    await first.core.close()
    await first.graph.close()
    cleanups.splice(0)

    const failing = await setup(
      [
        { devices: devicePage(0, 10), next: 'next' },
        { status: 500, body: '{"error":{"code":"InternalServerError"}}' },
      ],
      dataDir,
    )
    // The server answers 500 on page 2 every time: the client retries with backoff, then gives up.
    const failed = await sync(failing.core)
    expect(failed.lastError).toMatchObject({ code: 'upstream' })
    expect(failed.deviceCount).toBe(100)
    await failing.core.close()
    await failing.graph.close()
    cleanups.splice(0)

    const shrunk = await setup([{ devices: devicePage(0, 30) }], dataDir)
    const done = await sync(shrunk.core)
    expect(done.deviceCount).toBe(30)
    expect(done.lastError).toBeNull()
  }, 60_000)

  it('reads profiles, ESPs, apps and settings while the device pages come in, not after them', async () => {
    // Every answer 40 ms late: one after another, the directory's reads would follow the last device page.
    const graph = await startScriptedGraph(
      [0, 1, 2, 3, 4].map((k) => ({ devices: devicePage(k * 20, 20), ...(k < 4 ? { next: 'next' as const } : {}) })),
      undefined,
      40,
    )
    const core = await createCore({ dataDir: tempDir(), tenant: graph.tenant, workerPath: workerPath(), appVersion: 'test', transport: 'http' })
    cleanups.push(
      () => graph.close(),
      () => core.close(),
    )
    const status = await sync(core)
    expect(status).toMatchObject({ deviceCount: 100, lastError: null })
    const order = graph.requests.map((r) => (/windowsAutopilotDeviceIdentities/i.test(r.url) ? 'page' : 'directory'))
    expect(order.filter((kind) => kind === 'page')).toHaveLength(5)
    // All of the directory's reads were answered before the third device page was asked for.
    expect(order.lastIndexOf('directory')).toBeLessThan(order.indexOf('page', order.indexOf('page', order.indexOf('page') + 1) + 1))
    expect(graph.requests.filter((r) => /windowsAutopilotDeploymentProfiles|windowsAutopilotSettings/i.test(r.url))).toHaveLength(2)
  })

  it('stops on a nextLink that repeats forever, keeping the cache', async () => {
    const { core } = await setup([{ devices: devicePage(0, 10), next: 'same' }])
    const status = await sync(core)
    expect(status.lastError).toMatchObject({ code: 'paging-loop', message: expect.stringMatching(/same page/) })
    expect(status.deviceCount).toBe(10)
  })

  it('meets a full disk mid-sync: says so, keeps what it saved, takes the technician’s writes, and the next sync finishes', async () => {
    const script: PageScript[] = [{ devices: devicePage(1000, 1000) }]
    const { core, events, handlers } = await setup(script, tempDir(), true)
    expect((await sync(core)).deviceCount).toBe(1000)
    const ctx = { correlationId: 'c', log: core.log }
    // The tenant grows (the server reads the script at each request), and the disk has room for a few pages
    // more: the new rows fill it part-way and SQLite rolls back their transaction on its own.
    script.splice(0, 1, { devices: devicePage(0, 1000), next: 'next' }, { devices: devicePage(1000, 1000), next: 'next' }, { devices: devicePage(2000, 1000) })
    await core.db.call('test.cap-database', { extraPages: 8 })
    const seenBefore = events.length
    const failed = await sync(core)
    expect(failed.lastError).toMatchObject({ code: 'disk-full' })
    expect(failed.deviceCount).toBeGreaterThanOrEqual(1000)
    expect(failed.deviceCount).toBeLessThan(3000)
    // The lists are told to show what the failed pass kept.
    const told = events.slice(seenBefore).filter((e) => e.name === 'data:changed')
    expect(told.flatMap((e) => dataChangedSchema.parse(e.payload).topics)).toEqual(expect.arrayContaining(['devices', 'sync']))

    // The technician's own writes still go through (a few rows fit), and nothing of the cache is lost.
    await handlers['prefs:set-preference']({ key: 'devices.search', value: 'ser0015' }, ctx)
    const kept = await handlers['devices:list-devices']({ search: 'ser0015', limit: 5, after: null, position: null }, ctx)
    expect(kept.total).toBe(100)
    await handlers['changes:queue-change']({ deviceId: kept.items[0]!.id, change: { kind: 'group-tag', groupTag: 'AFTER-FULL' } }, ctx)
    expect((await handlers['changes:list-changes']({ deviceId: null, includeFinished: false }, ctx)).map((item) => item.deviceId)).toContain(kept.items[0]!.id)

    // Space freed: the next sync completes and every device is there and searchable.
    await core.db.call('test.cap-database', { extraPages: null })
    const done = await sync(core)
    expect(done).toMatchObject({ lastError: null, deviceCount: 3000 })
    const found = await handlers['devices:list-devices']({ search: 'ser00299', limit: 20, after: null, position: null }, ctx)
    expect(found.items.map((d) => d.serialNumber)).toEqual(Array.from({ length: 10 }, (_, k) => `SER00299${k}`))
    expect(found.searchBehind).toBeUndefined()
  }, 60_000)

  it('reports garbage JSON and wrong shapes clearly', async () => {
    const { core } = await setup([{ status: 200, body: '{"value": "not a list"}' }])
    expect((await sync(core)).lastError?.message).toMatch(/without a "value" list/)
  })
})
