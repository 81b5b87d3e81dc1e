import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '@core/create-core'
import { createGraphClient, type GraphClientOptions } from '@core/graph/graph-client'
import type { AppFailure } from '@core/app-error'
import { startHostileServer, json } from '@support/hostile-server'
import { startScriptedGraph, devicePage, type PageScript } from '@support/scripted-graph-server'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { openDatabase } from '@core/db/open-database'
import { runFullSync } from '@core/sync/full-sync.worker'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { createSyncRunsRepo } from '@core/repos/sync-runs-repo'
import { join } from 'node:path'

/**
 * The hardening of "Hardening before real tenants" items 1–3 (docs/reference/graph-api.md
 * B14–B17), each weakness against real HTTP servers on 127.0.0.1: where the token may go, bounded
 * and cancellable waiting, and garbage answers named (and the cache kept).
 */
const token = 'hardening-token-0001'
const devicesPath = '/deviceManagement/windowsAutopilotDeviceIdentities'
const quiet = { log: () => undefined }

describe('Graph client hardening (real local servers)', () => {
  const tempDir = useTempDirs()
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function hostile(answer: Parameters<typeof startHostileServer>[0]) {
    const server = await startHostileServer(answer)
    cleanups.push(() => server.close())
    return server
  }

  const clientFor = (origin: string, extra: Partial<GraphClientOptions> = {}) =>
    createGraphClient({ baseUrl: `${origin}/beta`, getToken: async () => token, log: quiet, ...extra })

  async function coreOn(tenant: { graphBaseUrl: string }, dataDir = tempDir()) {
    const core = await createCore({
      dataDir,
      workerPath: workerPath(),
      appVersion: 'test',
      transport: 'http',
      tenant: {
        id: 'hardening',
        displayName: 'Hardening',
        kind: 'graph',
        graphBaseUrl: tenant.graphBaseUrl,
        getToken: async () => token,
        close: async () => undefined,
      },
    })
    cleanups.push(() => core.close())
    return core
  }

  const sync = async (core: Core) => {
    await core.sync.start('corr-hardening')
    await core.sync.idle()
    return core.sync.status()
  }

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as AppFailure,
    )

  it('token weakness: a nextLink to another host stops the full sync; that host receives no request and no Authorization', async () => {
    const foreign = await hostile((_req, res) => json(res, 200, { value: [] }))
    const graph = await hostile((req, res) => {
      if (!req.url?.includes(devicesPath)) return json(res, 200, { value: [] })
      json(res, 200, { value: devicePage(0, 5), '@odata.nextLink': `${foreign.origin}/beta${devicesPath}?$skiptoken=stolen` })
    })
    const core = await coreOn({ graphBaseUrl: `${graph.origin}/beta` })
    const status = await sync(core)
    expect(status.lastError).toMatchObject({
      code: 'unsafe-link',
      message: expect.stringContaining(`another server (${foreign.origin.replace('http://', '')})`),
    })
    expect(foreign.requests).toEqual([])
    expect(graph.requests.every((r) => r.authorization === `Bearer ${token}`)).toBe(true)
    expect(status.deviceCount).toBe(5)
  })

  it('token weakness: a redirect is not followed (no Authorization to its target) and is named not-graph', async () => {
    const target = await hostile((_req, res) => json(res, 200, { value: [] }))
    const graph = await hostile((_req, res) => res.writeHead(302, { location: `${target.origin}/login` }).end())
    const error = await failure(clientFor(graph.origin).getJson(devicesPath, { correlationId: 'c' }))
    expect(error).toMatchObject({ code: 'not-graph' })
    expect(target.requests).toEqual([])
    expect(graph.requests).toHaveLength(1)
  })

  it('Retry-After weakness: 3600 s above the cap ends the sync at once with "Intune asks us to wait 1 h — try later"', async () => {
    const graph = await hostile((_req, res) => json(res, 429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '3600' }))
    const core = await coreOn({ graphBaseUrl: `${graph.origin}/beta` })
    const started = Date.now()
    const status = await sync(core)
    expect(status.lastError).toMatchObject({ code: 'wait-too-long', message: 'Intune asks us to wait 1 h — try later.' })
    // Nothing asked twice: the device list once, and the profiles, ESPs… (read alongside the device pages) once each.
    const paths = graph.requests.map((r) => r.url.split('?')[0])
    expect(paths.filter((path) => path === `/beta${devicesPath}`)).toHaveLength(1)
    expect(new Set(paths).size).toBe(paths.length)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('Retry-After weakness: 2147483648 s is no hot loop (one request in a 500 ms window)', async () => {
    const graph = await hostile((_req, res) => json(res, 503, { error: { code: 'ServiceUnavailable' } }, { 'retry-after': '2147483648' }))
    // Even with the cap lifted, the wait is a real (chunked) wait, not Node's 1 ms overflow.
    const controller = new AbortController()
    const outcome = failure(
      clientFor(graph.origin, { maxRetryAfterMs: Number.MAX_SAFE_INTEGER }).getJson(devicesPath, { correlationId: 'c', signal: controller.signal }),
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(graph.requests.length).toBe(1)
    controller.abort()
    expect(await outcome).toMatchObject({ code: 'cancelled' })
    // With the default cap the same answer ends at once instead.
    expect(await failure(clientFor(graph.origin).getJson(devicesPath, { correlationId: 'c' }))).toMatchObject({
      code: 'wait-too-long',
      message: expect.stringContaining('more than a day'),
    })
  })

  it('honours a fractional Retry-After and an HTTP-date one (guards; these already worked)', async () => {
    const httpDate = () => new Date(Date.now() + 2_000).toUTCString()
    const graph = await hostile((req, res, i) => {
      if (i === 0) return json(res, 429, {}, { 'retry-after': '0.3' })
      if (i === 2) return json(res, 503, {}, { 'retry-after': httpDate() })
      json(res, 200, { value: [] })
    })
    const client = clientFor(graph.origin)
    await client.getJson(devicesPath, { correlationId: 'c' })
    expect(graph.requests[1]!.at - graph.requests[0]!.at).toBeGreaterThanOrEqual(290)
    await client.getJson(devicesPath, { correlationId: 'c' })
    // An HTTP-date has one-second resolution: the wait is between 1 and 2 s.
    expect(graph.requests[3]!.at - graph.requests[2]!.at).toBeGreaterThanOrEqual(990)
    expect(graph.requests[3]!.at - graph.requests[2]!.at).toBeLessThan(3_000)
  })

  it('cancelling: an abort during a Retry-After wait returns promptly with cancelled', async () => {
    const graph = await hostile((_req, res) => json(res, 429, {}, { 'retry-after': '60' }))
    const controller = new AbortController()
    const outcome = failure(clientFor(graph.origin).getJson(devicesPath, { correlationId: 'c', signal: controller.signal }))
    await new Promise((resolve) => setTimeout(resolve, 150))
    const aborted = Date.now()
    controller.abort()
    expect(await outcome).toMatchObject({ code: 'cancelled' })
    expect(Date.now() - aborted).toBeLessThan(500)
    expect(graph.requests).toHaveLength(1)
  })

  it('cancelling: the client-wide signal (a sync run’s) stops a stalled body read too', async () => {
    const graph = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).write('{"value":['))
    const controller = new AbortController()
    const outcome = failure(clientFor(graph.origin, { signal: controller.signal }).getJson(devicesPath, { correlationId: 'c' }))
    await new Promise((resolve) => setTimeout(resolve, 150))
    controller.abort()
    expect(await outcome).toMatchObject({ code: 'cancelled' })
  })

  it('garbage weakness: an HTML 200 (captive portal) is named not-graph and not retried', async () => {
    const portal = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><h1>Welcome to Bench Guest Wi-Fi</h1>'))
    const error = await failure(clientFor(portal.origin).getJson(devicesPath, { correlationId: 'c' }))
    expect(error).toMatchObject({ code: 'not-graph', message: expect.stringContaining('A web page answered instead of Microsoft Graph') })
    expect(portal.requests).toHaveLength(1)
  })

  it('garbage weakness: an oversized page is named too-large, whether it says so or streams without end', async () => {
    const endless = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      res.write('{"value":[')
      pump()
    })
    const limit = { maxBodyBytes: 1024 * 1024 }
    expect(await failure(clientFor(endless.origin, limit).getJson(devicesPath, { correlationId: 'c' }))).toMatchObject({
      code: 'too-large',
      message: expect.stringContaining('larger than 1 MiB'),
    })
    expect(endless.requests).toHaveLength(1)
    const declared = await hostile((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) }).write('{"value":['),
    )
    expect(await failure(clientFor(declared.origin, limit).getJson(devicesPath, { correlationId: 'c' }))).toMatchObject({ code: 'too-large' })
  })

  it('garbage weakness: a stalled body (headers, then nothing) is named stalled within the body timeout, after bounded retries', async () => {
    const stalled = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).write('{"value":[{"id":"a"'))
    const started = Date.now()
    const error = await failure(
      clientFor(stalled.origin, { bodyStallMs: 300, timeoutMs: 10_000, maxRetries: 1, random: () => 0 }).getJson(devicesPath, { correlationId: 'c' }),
    )
    expect(error).toMatchObject({ code: 'stalled', message: expect.stringContaining('stopped sending') })
    expect(stalled.requests).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('garbage weakness: truncated JSON during a full sync is retried a bounded number of times, then named; every cached row is kept', async () => {
    const dataDir = tempDir()
    const first = await startScriptedGraph([{ devices: devicePage(0, 60), next: 'next' }, { devices: devicePage(60, 40) }], token)
    cleanups.push(() => first.close())
    const core = await coreOn(first.tenant, dataDir)
    expect(await sync(core)).toMatchObject({ deviceCount: 100, lastError: null })
    await core.close()
    cleanups.splice(0)
    await first.close()

    const truncated: PageScript[] = [
      { devices: devicePage(0, 10), next: 'next' },
      { status: 200, body: '{"value":[{"id":"00000000-0000-4000-8000-0000000' },
    ]
    const second = await startScriptedGraph(truncated, token)
    cleanups.push(() => second.close())
    const again = await coreOn(second.tenant, dataDir)
    const status = await sync(again)
    expect(status.lastError).toMatchObject({ code: 'bad-response', message: expect.stringContaining('cut off or not valid JSON') })
    // 1 + 4 retries (the default budget) of the broken page, then it stopped.
    expect(second.requests.filter((r) => r.url.includes('skiptoken=1'))).toHaveLength(5)
    expect(status.deviceCount).toBe(100)
  }, 30_000)

  it('paging weakness: a repeating nextLink (the mock’s repeat-nextlink fault) ends with paging-loop and keeps the cache', async () => {
    const { startMockIntune } = await import('@mock-intune')
    const { embeddedMockTenant } = await import('@core/tenant')
    const mock = await startMockIntune({ port: 0, seed: 3, devices: 30, throttle: 'off', pageSize: 10 })
    const core = await createCore({ dataDir: tempDir(), tenant: embeddedMockTenant(mock), workerPath: workerPath(), appVersion: 'test', transport: 'http' })
    cleanups.push(() => core.close())
    expect(await sync(core)).toMatchObject({ deviceCount: 30, lastError: null })
    const faults = await fetch(`${mock.url}/_sim/faults`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${mock.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ spec: 'repeat-nextlink=#2:path=windowsAutopilotDeviceIdentities' }),
    })
    expect(faults.ok).toBe(true)
    const started = Date.now()
    const status = await sync(core)
    expect(status.lastError).toMatchObject({ code: 'paging-loop', message: expect.stringContaining('same page') })
    expect(status.deviceCount).toBe(30)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('the Autopilot sync action’s 429 (10-minute rule) still schedules the next sync, even with a retry budget, never the cap', async () => {
    const { startMockIntune } = await import('@mock-intune')
    const { ManualClock } = await import('@mock-intune/clock')
    const { embeddedMockTenant } = await import('@core/tenant')
    const clock = new ManualClock(Date.now())
    const mock = await startMockIntune({ port: 0, seed: 8, devices: 20, throttle: 'off', speed: 1, clock })
    const core = await createCore({ dataDir: tempDir(), tenant: embeddedMockTenant(mock), workerPath: workerPath(), appVersion: 'test', transport: 'http' })
    cleanups.push(() => core.close())
    const act = async () => core.db.call('intune.action', { ...(await core.graphArgs('corr-action')), maxRetries: 4, action: 'autopilot-sync', deviceId: null })
    expect(await act()).toMatchObject({ done: true })
    clock.advance(2 * 60_000) // the sync has finished; 8 minutes of the rule remain: Retry-After 480 s, above the 2-minute cap
    const started = Date.now()
    const refused = await act()
    expect(refused).toMatchObject({ done: false, message: expect.stringContaining('every 10 minutes') })
    expect(refused.message).toMatch(/in 8 min/)
    clock.advance(7.5 * 60_000) // 30 s left: below the cap, yet a rule, not throttling — never waited out and retried
    const soon = await act()
    expect(soon).toMatchObject({ done: false, message: expect.stringContaining('(in 30 s)') })
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(mock.requestLog.filter((r) => r.method === 'POST' && /windowsautopilotsettings\/sync/i.test(r.path)).map((r) => r.status)).toEqual([204, 429, 429])
  })

  it('paging weakness: a repeating nextLink in the profile listing ends with paging-loop (it used to page 100 times and go on)', async () => {
    const graph = await hostile((req, res) => {
      const url = req.url ?? ''
      if (/windowsAutopilotDeploymentProfiles/i.test(url))
        return json(res, 200, { value: [], '@odata.nextLink': `${graph.origin}/beta/deviceManagement/windowsAutopilotDeploymentProfiles?$skiptoken=same` })
      if (/windowsAutopilotSettings/i.test(url)) return json(res, 200, { syncStatus: 'completed' })
      json(res, 200, { value: url.includes(devicesPath) ? devicePage(0, 3) : [] })
    })
    const core = await coreOn({ graphBaseUrl: `${graph.origin}/beta` })
    const status = await sync(core)
    expect(status.lastError).toMatchObject({ code: 'paging-loop' })
    expect(graph.requests.filter((r) => /windowsAutopilotDeploymentProfiles/i.test(r.url))).toHaveLength(2)
  })

  it('cancelling a full sync run during a Retry-After wait stops at once with cancelled; the run is recorded, every cached row kept', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    cleanups.push(async () => void db.close())
    const graphV1 = (origin: string) => createGraphClient({ baseUrl: `${origin}/v1.0`, getToken: async () => token, log: quiet })
    const first = await startScriptedGraph([{ devices: devicePage(0, 40), next: 'next' }, { devices: devicePage(40, 20) }], token)
    cleanups.push(() => first.close())
    const run = (graph: ReturnType<typeof createGraphClient>, v1: ReturnType<typeof createGraphClient>, runId: string, signal?: AbortSignal) =>
      runFullSync({ db, graph, graphV1: v1, log: quiet, runId, correlationId: runId, onProgress: () => undefined, ...(signal ? { signal } : {}) })
    expect(await run(clientFor(first.origin), graphV1(first.origin), 'run-1')).toMatchObject({ devices: 60 })

    const throttled = await startScriptedGraph(
      [
        { devices: devicePage(0, 10), next: 'next' },
        { status: 429, body: '{}', headers: { 'retry-after': '90' } },
      ],
      token,
    )
    cleanups.push(() => throttled.close())
    const controller = new AbortController()
    const outcome = failure(run(clientFor(throttled.origin), graphV1(throttled.origin), 'run-2', controller.signal))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const aborted = Date.now()
    controller.abort()
    expect(await outcome).toMatchObject({ code: 'cancelled' })
    expect(Date.now() - aborted).toBeLessThan(500)
    expect(createSyncRunsRepo(db).latest()).toMatchObject({ errorCode: 'cancelled' })
    expect(createDevicesRepo(db).count()).toBe(60)
  })
})
