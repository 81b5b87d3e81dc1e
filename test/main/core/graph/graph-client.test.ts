import { describe, expect, it, vi } from 'vitest'
import { createGraphClient } from '@core/graph/graph-client'
import { parseRetryAfter } from '@core/graph/graph-error'
import { checkGraphUrl, isLoopbackHost } from '@core/graph/graph-url'
import { nextLinkOf } from '@core/graph/paging'
import { abortableSleep, humanDuration } from '@core/graph/wait'
import { AppFailure } from '@core/app-error'
import type { LogSink } from '@core/logging/log-sink'

type Reply = { status: number; body: string; headers?: Record<string, string> } | Error

function fakeFetch(replies: Reply[]) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = []
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string> })
    const reply = replies.shift()
    if (!reply) throw new Error('no more replies')
    if (reply instanceof Error) throw reply
    return new Response(reply.body, { status: reply.status, headers: reply.headers })
  }) as unknown as typeof fetch
  return { impl, calls }
}

function client(replies: Reply[], extra: Partial<Parameters<typeof createGraphClient>[0]> = {}) {
  const sleeps: number[] = []
  const lines: Array<{ msg: string; fields?: Record<string, unknown> }> = []
  const log: LogSink = { log: (_level, msg, fields) => lines.push({ msg, fields }) }
  const fetch = fakeFetch(replies)
  const graph = createGraphClient({
    baseUrl: 'https://graph.test/beta/',
    getToken: async () => 'secret-token-123',
    log,
    fetchImpl: fetch.impl,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...extra,
  })
  return { graph, sleeps, lines, calls: fetch.calls }
}

const ctx = { correlationId: 'corr-1' }
const graphError = (code: string) => JSON.stringify({ error: { code, message: 'x', innerError: { 'request-id': 'req-9' } } })

describe('graph client', () => {
  it('sends the bearer token and the correlation id as client-request-id', async () => {
    const { graph, calls } = client([{ status: 200, body: '{"value":[]}', headers: { 'request-id': 'r1' } }])
    expect(await graph.getJson('/deviceManagement/windowsAutopilotDeviceIdentities', ctx)).toEqual({ value: [] })
    expect(calls[0]!.url).toBe('https://graph.test/beta/deviceManagement/windowsAutopilotDeviceIdentities')
    expect(calls[0]!.headers.authorization).toBe('Bearer secret-token-123')
    expect(calls[0]!.headers['client-request-id']).toBe('corr-1')
  })

  it("tells a page's next link before the page is parsed (head or tail), once per answer, and never for an error", async () => {
    const next = 'https://graph.test/beta/x?$skiptoken=2'
    const told: string[] = []
    let parsedPages = 0
    // Each link is told while its page is still unparsed (no page of this call handed over yet).
    const onNextLink = (link: string) => told.push(`${link} after ${parsedPages} pages`)
    const { graph } = client([
      { status: 200, body: `{"@odata.nextLink":"${next}","value":[{"id":"a"}]}` },
      { status: 200, body: `{"value":[{"id":"b"}],"@odata.nextLink":"${next}"}` },
      { status: 200, body: '{"value":[]}' },
      { status: 503, body: `{"error":{"code":"x","message":"busy"},"@odata.nextLink":"${next}"}` },
    ])
    await expect(graph.getJson('/x', { ...ctx, onNextLink }).finally(() => parsedPages++)).resolves.toMatchObject({ '@odata.nextLink': next })
    expect(told).toEqual([`${next} after 0 pages`])
    await graph.getJson('/x', { ...ctx, onNextLink }).finally(() => parsedPages++)
    expect(told).toEqual([`${next} after 0 pages`, `${next} after 1 pages`])
    await graph.getJson('/x', { ...ctx, onNextLink })
    await expect(graph.getJson('/x', { ...ctx, onNextLink, maxRetries: 0 })).rejects.toBeInstanceOf(Error)
    expect(told).toHaveLength(2)
  })

  it('follows an absolute nextLink verbatim', async () => {
    const { graph, calls } = client([{ status: 200, body: '{}' }])
    await graph.getJson('https://graph.test/beta/x?$top=5&$skiptoken=abc%3D', ctx)
    expect(calls[0]!.url).toBe('https://graph.test/beta/x?$top=5&$skiptoken=abc%3D')
  })

  it('waits the fractional Retry-After on 429, then succeeds', async () => {
    const { graph, sleeps } = client([
      { status: 429, body: graphError('TooManyRequests'), headers: { 'retry-after': '2.128' } },
      { status: 200, body: '{"ok":1}' },
    ])
    expect(await graph.getJson('/x', ctx)).toEqual({ ok: 1 })
    expect(sleeps).toEqual([2128])
  })

  it('backs off exponentially when 503 has no Retry-After, and gives up after the retry budget', async () => {
    const busy = { status: 503, body: graphError('ServiceUnavailable') }
    const { graph, sleeps } = client([busy, busy, busy], { maxRetries: 2 })
    await expect(graph.getJson('/x', ctx)).rejects.toMatchObject({ code: 'upstream', status: 503, requestId: 'req-9' })
    expect(sleeps).toEqual([375, 750])
  })

  it('does not retry a 400 and keeps Graph’s request id in the message', async () => {
    const { graph, sleeps } = client([{ status: 400, body: graphError('BadRequest') }])
    const error = await graph.getJson('/x', ctx).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppFailure)
    expect((error as AppFailure).message).toContain('req-9')
    expect(sleeps).toEqual([])
  })

  it('garbage answers: truncated JSON is retried then named bad-response; an HTML page is named not-graph and never retried', async () => {
    const { graph } = client([
      { status: 200, body: '{"value":[{"id":' },
      { status: 200, body: '{"value":[]}' },
    ])
    expect(await graph.getJson('/x', ctx)).toEqual({ value: [] })
    const cut = { status: 200, body: '{"value":[{"id":', headers: { 'content-type': 'application/json' } }
    const { graph: truncated, calls: truncatedCalls } = client([cut, cut, cut], { maxRetries: 2 })
    await expect(truncated.getJson('/x', ctx)).rejects.toMatchObject({ code: 'bad-response', message: expect.stringContaining('cut off or not valid JSON') })
    expect(truncatedCalls).toHaveLength(3)
    const portal = { status: 200, body: '<!doctype html><title>Guest Wi-Fi</title>', headers: { 'content-type': 'text/html' } }
    const { graph: html, calls, sleeps } = client([portal, portal])
    await expect(html.getJson('/x', ctx)).rejects.toMatchObject({ code: 'not-graph', message: expect.stringContaining('sign-in portal') })
    expect(calls).toHaveLength(1)
    expect(sleeps).toEqual([])
    // Same page without a content type, and a redirect (portals redirect too): named, not retried, not followed.
    const { graph: bare } = client([{ status: 200, body: '<html><body>Accept the terms</body></html>' }])
    await expect(bare.getJson('/x', ctx)).rejects.toMatchObject({ code: 'not-graph' })
    const { graph: moved, calls: movedCalls } = client([{ status: 302, body: '', headers: { location: 'http://portal.example/login' } }])
    await expect(moved.getJson('/x', ctx)).rejects.toMatchObject({ code: 'not-graph', message: expect.stringContaining('portal.example') })
    expect(movedCalls).toHaveLength(1)
  })

  it('maps a network failure to `offline`', async () => {
    const { graph } = client([new TypeError('fetch failed')], { maxRetries: 0 })
    await expect(graph.getJson('/x', ctx)).rejects.toMatchObject({ code: 'offline' })
  })

  it('maps a hung request to `timeout`', async () => {
    const hang = (async (_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch
    const { graph } = client([], { fetchImpl: hang, timeoutMs: 50, maxRetries: 0 })
    await expect(graph.getJson('/x', ctx)).rejects.toMatchObject({ code: 'timeout' })
  })

  it('says when a request has had no answer for a while, once per request, and null when none is left waiting', async () => {
    const heard: Array<[number | null, number]> = []
    let answer: (() => void) | null = null
    const slowThenAnswer = (async (_url: string, init: RequestInit) =>
      new Promise((resolve, reject) => {
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason))
        answer = () => resolve(new Response('{"value":[]}', { status: 200, headers: { 'content-type': 'application/json' } }))
      })) as unknown as typeof fetch
    const { graph } = client([], { fetchImpl: slowThenAnswer, timeoutMs: 1000, slowAnswerMs: 30, maxRetries: 0 })
    graph.onSlowAnswer((waited, timeout) => heard.push([waited, timeout]))
    const request = graph.getJson('/x', ctx)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(heard).toEqual([[30, 1000]])
    answer!()
    await expect(request).resolves.toEqual({ value: [] })
    expect(heard).toEqual([
      [30, 1000],
      [null, 1000],
    ])
    // A quick answer says nothing; a request that times out ends its wait too (before its retry is told).
    const hang = (async (_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch
    const told: string[] = []
    const hung = client([], { fetchImpl: hang, timeoutMs: 80, slowAnswerMs: 20, maxRetries: 1 })
    hung.graph.onSlowAnswer((waited) => told.push(waited === null ? 'answered or gave up' : 'slow'))
    hung.graph.onRetry((_ms, reason) => told.push(reason))
    await expect(hung.graph.getJson('/x', ctx)).rejects.toMatchObject({ code: 'timeout' })
    expect(told).toEqual(['slow', 'answered or gave up', 'Intune did not answer in time', 'slow', 'answered or gave up'])
    const quick = client([{ status: 200, body: '{}' }], { slowAnswerMs: 20 })
    quick.graph.onSlowAnswer(() => told.push('never'))
    await quick.graph.getJson('/x', ctx)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(told).not.toContain('never')
  })

  it('tries a read that got no answer again while it is alone in that, but not once another request (or the app) finds Intune unreachable', async () => {
    // Every request hangs until the client gives up on it.
    let sent = 0
    const hang = (async (_url: string, init: RequestInit) => {
      sent++
      return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))
    }) as unknown as typeof fetch
    const tries: Array<[number, number, boolean]> = []
    // Alone: the whole budget (a lost connection is what a retry rides over), each try told with its number.
    const alone = client([], { fetchImpl: hang, timeoutMs: 60, slowAnswerMs: 20, maxRetries: 2, unreachableElsewhere: () => false })
    alone.graph.onSlowAnswer((_waited, _timeout, info) => info && tries.push([info.attempt, info.attempts, info.noAnswer]))
    await expect(alone.graph.getJson('/x', ctx)).rejects.toMatchObject({ code: 'timeout' })
    expect(sent).toBe(3)
    expect(tries).toEqual([
      [1, 3, false],
      [2, 3, false],
      [3, 3, false],
    ])
    // Another request of the client has waited past slowAnswerMs when this one times out: no second try.
    sent = 0
    const together = client([], { fetchImpl: hang, timeoutMs: 60, slowAnswerMs: 20, maxRetries: 4, unreachableElsewhere: () => false })
    const first = together.graph.getJson('/devices', ctx)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const second = together.graph.getJson('/profiles', ctx)
    await expect(first).rejects.toMatchObject({ code: 'timeout' })
    // The first request's one try and the second's first: the first was not sent again.
    expect(sent).toBe(2)
    expect(together.sleeps).toEqual([])
    // The second, alone in waiting once the first gave up, keeps its budget.
    await expect(second).rejects.toMatchObject({ code: 'timeout' })
    expect(together.lines.some((line) => line.msg === 'graph request not retried: Intune is not answering other requests either')).toBe(true)
    // The app knows Intune is unreachable (another call found it so): one try.
    sent = 0
    const known = client([], { fetchImpl: hang, timeoutMs: 40, maxRetries: 4, unreachableElsewhere: () => true })
    await expect(known.graph.getJson('/x', ctx)).rejects.toMatchObject({ code: 'timeout' })
    expect(sent).toBe(1)
    // An answer (503) is still retried whatever else is known: Intune is there.
    const answered = client(
      [
        { status: 503, body: '{}', headers: { 'retry-after': '0' } },
        { status: 200, body: '{}' },
      ],
      { unreachableElsewhere: () => true },
    )
    await expect(answered.graph.getJson('/x', ctx)).resolves.toEqual({})
  })

  it('says by one method whether a no-answer would end the try now waiting: the rule its own retry decision follows', async () => {
    const hang = (async (_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch
    let elsewhere = false
    const { graph } = client([], { fetchImpl: hang, timeoutMs: 200, slowAnswerMs: 20, maxRetries: 4, unreachableElsewhere: () => elsewhere })
    // Nothing waits, nothing known elsewhere: a no-answer would be tried again.
    expect(graph.noAnswerEndsTry(0)).toBe(false)
    const first = graph.getJson('/devices', ctx).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 40))
    // One request silent: it asking about itself is still alone; any other request asking is not.
    expect(graph.silentRequests()).toBe(1)
    expect(graph.noAnswerEndsTry(1)).toBe(false)
    expect(graph.noAnswerEndsTry(0)).toBe(true)
    // Another call of the app finds Intune unreachable: the asker's try is the last whoever asks.
    elsewhere = true
    expect(graph.noAnswerEndsTry(1)).toBe(true)
    await first
    // Without `unreachableElsewhere` (the default), a no-answer never cuts the budget short.
    const plain = client([], { fetchImpl: hang, timeoutMs: 200, slowAnswerMs: 20 })
    expect(plain.graph.noAnswerEndsTry(0)).toBe(false)
  })

  it('never puts the token in its log lines', async () => {
    const { graph, lines } = client([
      { status: 429, body: '{}', headers: { 'retry-after': '0' } },
      { status: 200, body: '{}' },
    ])
    await graph.getJson('/x', ctx)
    expect(JSON.stringify(lines)).not.toContain('secret-token-123')
    expect(lines.some((l) => l.fields?.correlationId === 'corr-1')).toBe(true)
  })

  it('parses Retry-After as seconds (fractional) or an HTTP date', () => {
    expect(parseRetryAfter('2.5')).toBe(2.5)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10)
    expect(parseRetryAfter('soon')).toBeNull()
    expect(parseRetryAfter(null)).toBeNull()
  })

  it('Retry-After weakness: garbage is absent, negatives and past dates are 0, absurd values are clamped', () => {
    for (const garbage of ['', '  ', '12abc', '1e9', '0x10', 'Infinity', 'NaN', '1', '-', '2.5.1']) {
      if (garbage === '1') continue // a plain number is valid delta-seconds
      expect(parseRetryAfter(garbage), garbage).toBeNull()
    }
    expect(parseRetryAfter(' 7 ')).toBe(7)
    expect(parseRetryAfter('-5')).toBe(0)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:30:00 GMT'))).toBe(0)
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', Date.parse('Sun, 06 Nov 1994 08:49:30 GMT'))).toBe(7)
    expect(parseRetryAfter('99999999999999999999')).toBe(365 * 86_400)
  })

  it('Retry-After weakness: garbage falls back to the client’s backoff instead of a hot loop', async () => {
    const { graph, sleeps } = client([
      { status: 503, body: graphError('ServiceUnavailable'), headers: { 'retry-after': '12abc' } },
      { status: 200, body: '{}' },
    ])
    await graph.getJson('/x', ctx)
    expect(sleeps).toEqual([375])
  })

  it('Retry-After weakness: a wait above the cap ends at once with "Intune asks us to wait 1 h — try later"', async () => {
    const { graph, sleeps, calls } = client([{ status: 429, body: graphError('TooManyRequests'), headers: { 'retry-after': '3600' } }])
    const error = await graph.getJson('/x', ctx).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'wait-too-long', message: 'Intune asks us to wait 1 h — try later.', status: 429, retryAfterSeconds: 3600 })
    expect(sleeps).toEqual([])
    expect(calls).toHaveLength(1)
    // Within the (configurable) cap it is honoured.
    const { graph: patient, sleeps: waited } = client(
      [
        { status: 429, body: '{}', headers: { 'retry-after': '3600' } },
        { status: 200, body: '{}' },
      ],
      { maxRetryAfterMs: 2 * 3600_000 },
    )
    await patient.getJson('/x', ctx)
    expect(waited).toEqual([3_600_000])
  })

  it('a caller that handles 429 itself (maxRetries 0: the Autopilot sync rule) gets Graph’s 429, never the cap', async () => {
    const { graph } = client([{ status: 429, body: graphError('TooManyRequests'), headers: { 'retry-after': '540' } }])
    await expect(graph.post('/sync', {}, { ...ctx, maxRetries: 0 })).rejects.toMatchObject({ code: 'throttled', status: 429, retryAfterSeconds: 540 })
  })

  it('Retry-After weakness: the default sleep never hands setTimeout 2³¹ ms or more, and stops on abort', async () => {
    const delays: number[] = []
    const realSetTimeout = globalThis.setTimeout
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0)
      return realSetTimeout(fn, Math.min(ms ?? 0, 5))
    })
    try {
      const controller = new AbortController()
      const waiting = abortableSleep(2 ** 31 * 1000, controller.signal)
      await new Promise((resolve) => realSetTimeout(resolve, 30))
      controller.abort()
      await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    } finally {
      spy.mockRestore()
    }
    expect(delays.length).toBeGreaterThan(0)
    expect(Math.max(...delays)).toBeLessThan(2 ** 31)
  })

  it('tells a wait as a technician reads it', () => {
    expect([45, 270, 3600, 3900, 2 ** 31].map(humanDuration)).toEqual(['45 s', '4 min 30 s', '1 h', '1 h 5 min', 'more than a day'])
  })

  it('cancelling: an aborted signal stops a request before it is sent, with cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const { graph, calls } = client([{ status: 200, body: '{}' }])
    await expect(graph.getJson('/x', { ...ctx, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' })
    expect(calls).toHaveLength(0)
  })
})

describe('token destination (checkGraphUrl)', () => {
  const graph = 'https://graph.microsoft.com'
  const refused = (url: string, origin = graph) => {
    try {
      checkGraphUrl(url, origin)
      return null
    } catch (error) {
      return error as AppFailure
    }
  }

  it('accepts the configured origin, however its case and default port are written', () => {
    expect(refused('https://graph.microsoft.com/beta/x?$skiptoken=1')).toBeNull()
    expect(refused('HTTPS://Graph.Microsoft.com:443/v1.0/users')).toBeNull()
    expect(refused('http://127.0.0.1:4321/beta/x', 'http://127.0.0.1:4321')).toBeNull()
    expect(refused('http://localhost:4321/beta/x', 'http://localhost:4321')).toBeNull()
    expect(refused('http://[::1]:4321/beta/x', 'http://[::1]:4321')).toBeNull()
  })

  it('token weakness: refuses a downgrade from https to http for a remote host', () => {
    expect(refused('http://graph.microsoft.com/beta/x')).toMatchObject({
      code: 'unsafe-link',
      message: expect.stringContaining('unencrypted address (http://graph.microsoft.com)'),
    })
    // Even when the configured base itself is plain http to a remote host.
    expect(refused('http://graph.example/beta/x', 'http://graph.example')).toMatchObject({ code: 'unsafe-link' })
  })

  it('token weakness: refuses another host, port or scheme, naming the host', () => {
    expect(refused('https://graph.microsoft.com.evil.example/beta/x')).toMatchObject({
      code: 'unsafe-link',
      message: expect.stringContaining('another server (graph.microsoft.com.evil.example)'),
    })
    expect(refused('https://graph.microsoft.com:8443/beta/x')).toMatchObject({ code: 'unsafe-link' })
    expect(refused('https://user@graph.microsoft.evil/x')).toMatchObject({ code: 'unsafe-link' })
    expect(refused('http://127.0.0.1:4322/beta/x', 'http://127.0.0.1:4321')).toMatchObject({ code: 'unsafe-link' })
    expect(refused('file:///etc/passwd')).toMatchObject({ code: 'unsafe-link' })
    expect(refused('not a url')).toMatchObject({ code: 'unsafe-link' })
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['128.0.0.1', 'localhost.evil.example', '10.0.0.1', 'graph.microsoft.com']) expect(isLoopbackHost(host), host).toBe(false)
  })

  it('token weakness: the client never calls fetch for a foreign nextLink, nor a protocol-relative one', async () => {
    const { graph, calls } = client([{ status: 200, body: '{}' }])
    await expect(graph.getJson('https://evil.example/beta/x?$skiptoken=2', ctx)).rejects.toMatchObject({ code: 'unsafe-link' })
    await expect(graph.getJson('//evil.example/beta/x', ctx)).rejects.toMatchObject({ code: 'unsafe-link' })
    await expect(graph.getJson('http://graph.test/beta/x', ctx)).rejects.toMatchObject({ code: 'unsafe-link' })
    expect(calls).toHaveLength(0)
  })
})

describe('nextLinkOf', () => {
  it('follows a link verbatim (an empty page may carry one) and names a repeated link as paging-loop', () => {
    const seen = new Set<string>(['https://graph.test/beta/x'])
    expect(nextLinkOf({ value: [], '@odata.nextLink': 'https://graph.test/beta/x?$skiptoken=a%3D' }, seen, 'devices')).toBe(
      'https://graph.test/beta/x?$skiptoken=a%3D',
    )
    expect(nextLinkOf({ value: [] }, seen, 'devices')).toBeNull()
    expect(() => nextLinkOf({ '@odata.nextLink': 'https://graph.test/beta/x?$skiptoken=a%3D' }, seen, 'devices')).toThrow(
      expect.objectContaining({ code: 'paging-loop' }),
    )
    expect(() => nextLinkOf({ '@odata.nextLink': 'https://graph.test/beta/x' }, seen, 'devices')).toThrow(expect.objectContaining({ code: 'paging-loop' }))
  })
})
