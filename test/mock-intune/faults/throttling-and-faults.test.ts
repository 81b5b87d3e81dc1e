import { describe, expect, it } from 'vitest'
import { ManualClock } from '@mock-intune/clock'
import { FaultInjector, FaultSpecError, parseFaultSpec } from '@mock-intune/faults/faults'
import { formatRetryAfter } from '@mock-intune/faults/throttle'
import { GRAPH_FIXTURES, shapeMismatches } from '@mock-intune/fixtures'
import { resolveOptions } from '@mock-intune/options'
import { DEVICES, nestedMessage, post, send, useMock, type ErrorBody, type ListBody } from '../support'

/** docs/reference/graph-api.md §B10: Intune's budget per app per tenant → 429 with Retry-After. */
describe('throttling (--throttle intune, the default)', () => {
  const clock = new ManualClock()
  const mock = useMock({ devices: 50, clock, tpmFailureRate: 0 })

  it('lets 100 writes through, throttles the 101st with a fractional Retry-After, while reads still pass', async () => {
    const [device] = ((await send(mock(), DEVICES)).json as ListBody).value
    for (let i = 0; i < 100; i++) expect((await post(mock(), `${DEVICES}/${device!.id}/updateDeviceProperties`, { displayName: `N-${i}` })).status).toBe(204)
    const throttled = await post(mock(), `${DEVICES}/${device!.id}/updateDeviceProperties`, { displayName: 'N-100' })
    expect(throttled.status).toBe(429)
    const retryAfter = throttled.headers['retry-after'] as string
    expect(Number(retryAfter)).toBeGreaterThan(0)
    expect(Number(retryAfter)).toBeLessThan(1)
    expect(retryAfter).toMatch(/^0\.\d{1,3}$/)
    expect(shapeMismatches(GRAPH_FIXTURES.throttled.response.body, throttled.json)).toEqual([])
    // The write did not happen.
    expect(((await send(mock(), `${DEVICES}/${device!.id}`)).json as { displayName: string }).displayName).toBe('N-99')
    // Reads have their own, larger budget.
    expect((await send(mock(), DEVICES)).status).toBe(200)
    // Waiting Retry-After refills a token.
    clock.advance(Number(retryAfter) * 1000)
    expect((await post(mock(), `${DEVICES}/${device!.id}/updateDeviceProperties`, { displayName: 'N-100' })).status).toBe(204)
    expect((await post(mock(), `${DEVICES}/${device!.id}/updateDeviceProperties`, { displayName: 'N-101' })).status).toBe(429)
  })

  it('throttles any request beyond 1000 per 20 s; /_sim is never throttled', async () => {
    clock.advance(20_000)
    let first429 = -1
    for (let i = 0; i < 1002 && first429 < 0; i++) if ((await send(mock(), '/v1.0/organization')).status === 429) first429 = i
    expect(first429).toBe(1000)
    expect((await send(mock(), '/_sim/clock')).status).toBe(200)
    clock.advance(20_000)
    expect((await send(mock(), '/v1.0/organization')).status).toBe(200)
  })

  it('formats Retry-After with up to 3 decimals below a second, whole seconds above', () => {
    expect(formatRetryAfter(0.2)).toBe('0.2')
    expect(formatRetryAfter(0.02001)).toBe('0.021')
    expect(formatRetryAfter(2.128)).toBe('3')
    expect(formatRetryAfter(0)).toBe('0.001')
  })
})

describe('throttling off and the demo budget', () => {
  const mock = useMock({ devices: 2000, throttle: 'off' })

  it('--throttle off lets 150 writes through', async () => {
    const [device] = ((await send(mock(), DEVICES)).json as ListBody).value
    for (let i = 0; i < 150; i++) expect((await post(mock(), `${DEVICES}/${device!.id}/updateDeviceProperties`, { displayName: `W-${i}` })).status).toBe(204)
  })
})

describe('a normal app sync is never throttled by default', () => {
  const mock = useMock({ devices: 2000 })

  it('2,000 devices in two pages, a few gets and writes', async () => {
    const first = (await send(mock(), DEVICES)).json as ListBody
    const second = await send(mock(), first['@odata.nextLink']!.slice(mock().url.length))
    expect(second.status).toBe(200)
    for (const d of first.value.slice(0, 20))
      expect((await send(mock(), `${DEVICES}/${d.id}?$expand=deploymentProfile,intendedDeploymentProfile`)).status).toBe(200)
    for (const d of first.value.slice(0, 10))
      expect((await post(mock(), `${DEVICES}/${d.id}/updateDeviceProperties`, { groupTag: 'BENCH-LDN' })).status).toBe(204)
  })
})

describe('fault injection', () => {
  it('parses the documented grammar and rejects anything else', () => {
    expect(
      parseFaultSpec('503=#1-2:retry-after=1.5, latency=0.1:ms=250 ,repeat-nextlink=always:path=windowsAutopilotDeviceIdentities,429=every3:method=post'),
    ).toEqual([
      { kind: '503', when: { type: 'nth', from: 1, to: 2 }, ms: 500, retryAfter: '1.5' },
      { kind: 'latency', when: { type: 'rate', p: 0.1 }, ms: 250, retryAfter: '2' },
      { kind: 'repeat-nextlink', when: { type: 'always' }, ms: 500, retryAfter: '2', path: 'windowsautopilotdeviceidentities' },
      { kind: '429', when: { type: 'every', n: 3 }, ms: 500, retryAfter: '2', method: 'POST' },
    ])
    expect(parseFaultSpec('')).toEqual([])
    for (const bad of ['404=0.1', '503', '503=1.5', '503=#0', 'latency=always:ms=abc', 'hang=#2-1', '500=0.1:colour=red'])
      expect(() => parseFaultSpec(bad), bad).toThrow(FaultSpecError)
    expect(() => resolveOptions({ faults: 'nonsense' })).toThrow(RangeError)
    expect(resolveOptions({}, { MOCK_INTUNE_FAULTS: '500=0.5' }).faults).toBe('500=0.5')
    expect(resolveOptions({ faults: '' }, { MOCK_INTUNE_FAULTS: '500=0.5' }).faults).toBe('')
  })

  it('rate decisions are deterministic under the seed, and close to the rate', () => {
    const run = (seed: number) => {
      const injector = new FaultInjector(seed, '503=0.3')
      return Array.from({ length: 400 }, () => injector.decide('GET', '/beta/x').status?.code ?? 200)
    }
    expect(run(5)).toEqual(run(5))
    expect(run(5)).not.toEqual(run(6))
    const hits = run(5).filter((s) => s === 503).length
    expect(hits).toBeGreaterThan(80)
    expect(hits).toBeLessThan(160)
  })

  const mock = useMock({ devices: 2500, throttle: 'off', faults: '429=#1,503=#2-3:retry-after=1.5,500=#4' })

  it('answers scheduled 429 (no Retry-After), 503 (Retry-After), 500 (Intune body), then normally', async () => {
    const first = await send(mock(), '/v1.0/organization')
    expect(first.status).toBe(429)
    expect(first.headers['retry-after']).toBeUndefined()
    expect((first.json as ErrorBody).error.code).toBe('TooManyRequests')
    for (let i = 0; i < 2; i++) {
      const res = await send(mock(), '/v1.0/organization')
      expect(res.status).toBe(503)
      expect(res.headers['retry-after']).toBe('1.5')
      expect((res.json as ErrorBody).error.code).toBe('ServiceUnavailable')
    }
    const fifth = await send(mock(), DEVICES)
    expect(fifth.status).toBe(500)
    expect(nestedMessage(fifth.json)).toHaveProperty('_version', 3)
    expect((await send(mock(), '/v1.0/organization')).status).toBe(200)
    expect(
      mock()
        .requestLog.slice(-5)
        .map((e) => e.fault),
    ).toEqual(['429', '503', '503', '500', undefined])
  })

  it('is controlled at run time through /_sim/faults (which is itself never faulted)', async () => {
    expect((await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'latency=always:ms=150' } })).status).toBe(200)
    const started = Date.now()
    expect((await send(mock(), '/v1.0/organization')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect((await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: '503=always' } })).status).toBe(200)
    expect((await send(mock(), '/_sim/faults')).json).toMatchObject({ spec: '503=always' })
    expect((await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'bogus' } })).status).toBe(400)
    expect((await send(mock(), '/_sim/faults', { method: 'DELETE' })).status).toBe(204)
    expect((await send(mock(), '/v1.0/organization')).status).toBe(200)
  })

  it('truncate: the JSON is cut (Content-Length matches what was sent), the status is 200', async () => {
    await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'truncate=#1' } })
    const res = await send(mock(), '/v1.0/organization')
    expect(res.status).toBe(200)
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text))
    expect(() => JSON.parse(res.text)).toThrow()
    expect((await send(mock(), '/v1.0/organization')).json).toHaveProperty('value')
  })

  it('repeat-nextlink: the page points at itself (the 2020 bug), a client must stop', async () => {
    await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'repeat-nextlink=always:path=windowsAutopilotDeviceIdentities' } })
    const first = (await send(mock(), `${DEVICES}?$top=5`)).json as ListBody
    expect(first['@odata.nextLink']).toBe(`${mock().url}${DEVICES}?$top=5`)
    const again = (await send(mock(), first['@odata.nextLink']!.slice(mock().url.length))).json as ListBody
    expect(again.value.map((d) => d.id)).toEqual(first.value.map((d) => d.id))
    await send(mock(), '/_sim/faults', { method: 'DELETE' })
  })

  it('latency: a late page answers no sooner, with the same bytes (encoded during the wait); truncate and repeat-nextlink still change it', async () => {
    const plain = await send(mock(), `${DEVICES}?$top=40`)
    await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'latency=always:ms=120' } })
    const started = performance.now()
    const late = await send(mock(), `${DEVICES}?$top=40`)
    expect(performance.now() - started).toBeGreaterThanOrEqual(119)
    expect(late.text).toBe(plain.text)
    expect(late.headers['content-length']).toBe(String(Buffer.byteLength(plain.text)))
    await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'latency=always:ms=30,truncate=always' } })
    const cut = await send(mock(), `${DEVICES}?$top=40`)
    expect(cut.text).toBe(plain.text.slice(0, cut.text.length))
    expect(cut.text.length).toBeLessThan(plain.text.length)
    await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'latency=always:ms=30,repeat-nextlink=always:path=windowsAutopilotDeviceIdentities' } })
    expect(((await send(mock(), `${DEVICES}?$top=40`)).json as ListBody)['@odata.nextLink']).toBe(`${mock().url}${DEVICES}?$top=40`)
    await send(mock(), '/_sim/faults', { method: 'DELETE' })
  })

  it('hang: the request gets no answer (the client times out) and the mock still closes promptly', async () => {
    await send(mock(), '/_sim/faults', { method: 'PUT', body: { spec: 'hang=#1' } })
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), 300)
    const outcome = await fetch(`${mock().url}/v1.0/organization`, { headers: { Authorization: `Bearer ${mock().token}` }, signal: controller.signal }).then(
      () => 'answered',
      (error: Error) => error.name,
    )
    clearTimeout(timer)
    expect(outcome).toBe('AbortError')
    expect((await send(mock(), '/v1.0/organization')).status).toBe(200)
    expect(mock().requestLog.some((e) => e.fault === 'hang')).toBe(true)
  })
})

describe('a hung request does not keep close() waiting', () => {
  it('closes within a second with a request hanging', async () => {
    const { startMockIntune } = await import('@mock-intune')
    const mock = await startMockIntune({ port: 0, devices: 10, faults: 'hang=always' })
    const pending = fetch(`${mock.url}/v1.0/organization`, { headers: { Authorization: `Bearer ${mock.token}` } }).catch(() => 'reset')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const started = Date.now()
    await mock.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await pending).toBe('reset')
  })
})

/**
 * The `403` fault answers what Graph answers the call without its permission (docs/reference/identity.md §permissions,
 * §errors): the permissions of that path and method, not DeviceManagementServiceConfig for every path.
 */
describe('the 403 fault names the permission the call needs', () => {
  const mock = useMock({ devices: 3, throttle: 'off', faults: '403=always' })
  const scopesOf = (body: unknown) => /following scopes: (.*?) - Operation ID/.exec(String(nestedMessage(body).Message))?.[1]

  it.each([
    ['GET', DEVICES, 'DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All'],
    ['POST', `${DEVICES}/x/updateDeviceProperties`, 'DeviceManagementServiceConfig.ReadWrite.All'],
    ['DELETE', `${DEVICES}/x`, 'DeviceManagementServiceConfig.ReadWrite.All'],
    ['POST', '/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import', 'DeviceManagementServiceConfig.ReadWrite.All'],
    ['POST', '/beta/deviceManagement/windowsAutopilotSettings/sync', 'DeviceManagementServiceConfig.ReadWrite.All'],
    // Graph's allowNextEnrollment page lists the Read permission (identity.md §permissions: a doc oddity, kept as documented).
    ['POST', `${DEVICES}/x/allowNextEnrollment`, 'DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All'],
    ['GET', '/v1.0/deviceManagement/managedDevices/x', 'DeviceManagementManagedDevices.Read.All, DeviceManagementManagedDevices.ReadWrite.All'],
    ['DELETE', '/v1.0/deviceManagement/managedDevices/x', 'DeviceManagementManagedDevices.ReadWrite.All'],
    ['GET', '/beta/deviceAppManagement/mobileApps', 'DeviceManagementApps.Read.All, DeviceManagementApps.ReadWrite.All'],
  ])('%s %s: Intune’s Forbidden naming %s', async (method, path, scopes) => {
    const res = await send(mock(), path, { method, body: method === 'POST' ? {} : undefined })
    expect(res.status).toBe(403)
    expect((res.json as ErrorBody).error.code).toBe('Forbidden')
    expect(String(nestedMessage(res.json).Message)).toMatch(/^Application is not authorized to perform this operation\. Application must have one of/)
    expect(scopesOf(res.json)).toBe(scopes)
  })

  it.each(['/v1.0/users?$filter=x', '/v1.0/groups/x', '/v1.0/devices?$filter=x', '/v1.0/organization'])(
    'GET %s: a directory endpoint’s Authorization_RequestDenied, which names no permission (as Graph)',
    async (path) => {
      const res = await send(mock(), path)
      expect(res.status).toBe(403)
      expect((res.json as ErrorBody).error).toMatchObject({
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      })
    },
  )
})
