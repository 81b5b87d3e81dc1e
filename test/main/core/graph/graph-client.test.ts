import { describe, expect, it } from 'vitest'
import { createGraphClient } from '@core/graph/graph-client'
import { parseRetryAfter } from '@core/graph/graph-error'
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
    baseUrl: 'http://mock/beta/', getToken: async () => 'secret-token-123', log, fetchImpl: fetch.impl,
    sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...extra,
  })
  return { graph, sleeps, lines, calls: fetch.calls }
}

const ctx = { correlationId: 'corr-1' }
const graphError = (code: string) => JSON.stringify({ error: { code, message: 'x', innerError: { 'request-id': 'req-9' } } })

describe('graph client', () => {
  it('sends the bearer token and the correlation id as client-request-id', async () => {
    const { graph, calls } = client([{ status: 200, body: '{"value":[]}', headers: { 'request-id': 'r1' } }])
    expect(await graph.getJson('/deviceManagement/windowsAutopilotDeviceIdentities', ctx)).toEqual({ value: [] })
    expect(calls[0]!.url).toBe('http://mock/beta/deviceManagement/windowsAutopilotDeviceIdentities')
    expect(calls[0]!.headers.authorization).toBe('Bearer secret-token-123')
    expect(calls[0]!.headers['client-request-id']).toBe('corr-1')
  })

  it('follows an absolute nextLink verbatim', async () => {
    const { graph, calls } = client([{ status: 200, body: '{}' }])
    await graph.getJson('http://mock/beta/x?$top=5&$skiptoken=abc%3D', ctx)
    expect(calls[0]!.url).toBe('http://mock/beta/x?$top=5&$skiptoken=abc%3D')
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

  it('reports garbage JSON clearly and retries it as a transient fault', async () => {
    const { graph } = client([{ status: 200, body: '{"value":[{"id":' }, { status: 200, body: '{"value":[]}' }])
    expect(await graph.getJson('/x', ctx)).toEqual({ value: [] })
    const { graph: failing } = client([{ status: 200, body: '<html>' }], { maxRetries: 0 })
    await expect(failing.getJson('/x', ctx)).rejects.toMatchObject({ code: 'upstream', message: expect.stringContaining('not valid JSON') })
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

  it('never puts the token in its log lines', async () => {
    const { graph, lines } = client([{ status: 429, body: '{}', headers: { 'retry-after': '0' } }, { status: 200, body: '{}' }])
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
})
