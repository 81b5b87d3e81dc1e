import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHttpApi, type FetchLike } from '@renderer/api/http-api'
import { dataTopics } from '@shared/data-topics'

interface Call {
  url: string
  init: RequestInit
}

/** A response with only what the Api reads. */
const reply = (status: number, body: string): Response =>
  ({ ok: status >= 200 && status < 300, status, text: async () => body, body: null }) as unknown as Response

/** An event stream the test writes to; aborting the request errors it, as real fetch does. */
function openStream(signal: AbortSignal | null | undefined) {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) })
  const encoder = new TextEncoder()
  const state = { aborted: false }
  signal?.addEventListener('abort', () => {
    state.aborted = true
    try {
      controller.error(new DOMException('The operation was aborted.', 'AbortError'))
    } catch {
      /* already closed */
    }
  })
  return {
    state,
    response: { ok: true, status: 200, body, text: async () => '' } as unknown as Response,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  }
}

function setup(rpc: (call: Call) => Response | Promise<Response> = () => reply(200, '{"ok":true,"value":{}}')) {
  const calls: Call[] = []
  const streams: ReturnType<typeof openStream>[] = []
  const fetchImpl: FetchLike = async (url, init) => {
    calls.push({ url, init })
    if (url.endsWith('/api/events')) {
      const stream = openStream(init.signal)
      streams.push(stream)
      return stream.response
    }
    return rpc({ url, init })
  }
  const api = createHttpApi({ baseUrl: 'http://127.0.0.1:5174/', token: 'abc123', fetchImpl, reconnect: { initialDelayMs: 10, maxDelayMs: 40 } })
  return { api, calls, streams }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const progress = { runId: 'r1', phase: 'devices', pages: 1, devices: 100, expected: 0, rowsPerSecond: 50, etaSeconds: null, waitingSeconds: null, message: '' }

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('createHttpApi invoke', () => {
  it('a refused token (401: the server was restarted) is said once, and the Api stops asking with it', async () => {
    const calls: Call[] = []
    const onUnauthorized = vi.fn()
    const fetchImpl: FetchLike = async (url, init) => {
      calls.push({ url, init })
      return reply(401, '{"ok":false,"error":{"code":"unauthorized","message":"Missing or wrong session token."}}')
    }
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:5174', token: 'dead', fetchImpl, onUnauthorized, reconnect: { initialDelayMs: 5, maxDelayMs: 5 } })
    const first = await api.invoke('prefs:set-preference', { key: 'devices.search', value: 'x' })
    expect(first.ok).toBe(false)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    const unsubscribe = api.on('data:changed', () => undefined)
    await new Promise((resolve) => setTimeout(resolve, 30))
    const second = await api.invoke('prefs:set-preference', { key: 'devices.search', value: 'y' })
    expect(second).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    // Only the first call reached the server: no event stream, no reconnects, no second call.
    expect(calls.map((call) => call.url)).toEqual(['http://127.0.0.1:5174/api/rpc/prefs:set-preference'])
    unsubscribe()
  })

  it('POSTs the JSON request to /api/rpc/<channel> with the bearer token', async () => {
    const { api, calls } = setup(() => reply(200, JSON.stringify({ ok: true, value: { items: [], total: 0, totalCapped: false, next: null } })))
    const result = await api.invoke('devices:list-devices', { search: 'x', limit: 5, after: null })
    expect(result).toEqual({ ok: true, value: { items: [], total: 0, totalCapped: false, next: null } })
    expect(calls).toHaveLength(1)
    const [call] = calls
    expect(call?.url).toBe('http://127.0.0.1:5174/api/rpc/devices:list-devices')
    expect(call?.init.method).toBe('POST')
    expect(call?.init.headers).toMatchObject({ Authorization: 'Bearer abc123', 'Content-Type': 'application/json' })
    expect(JSON.parse(String(call?.init.body))).toEqual({ search: 'x', limit: 5, after: null })
  })

  it('passes failure envelopes through unchanged', async () => {
    const { api } = setup(() => reply(409, JSON.stringify({ ok: false, error: { code: 'conflict', message: 'sync running' } })))
    expect(await api.invoke('sync:start-sync', {})).toEqual({ ok: false, error: { code: 'conflict', message: 'sync running' } })
  })

  it('passes the 401 envelope through', async () => {
    const { api } = setup(() => reply(401, JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'bad token' } })))
    expect(await api.invoke('app:get-info', {})).toEqual({ ok: false, error: { code: 'unauthorized', message: 'bad token' } })
  })

  it('maps a 401/403 without a JSON body to unauthorized/forbidden', async () => {
    expect(await setup(() => reply(401, 'nope')).api.invoke('app:get-info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(await setup(() => reply(403, '')).api.invoke('app:get-info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it("turns a network failure into app-server-gone (the app's own server, not Intune) and says the server is unreachable until it answers", async () => {
    let up = false
    const onReachable = vi.fn()
    const fetchImpl: FetchLike = async () => (up ? reply(200, '{"ok":true,"value":{}}') : Promise.reject(new TypeError('Failed to fetch')))
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:5174', token: 't', fetchImpl, onReachable })
    const result = await api.invoke('app:get-info', {})
    expect(result.ok).toBe(false)
    if (!result.ok) {
      // 'offline' reads "Intune cannot be reached … try again when online": the walk's dead tab blamed Intune.
      expect(result.error.code).toBe('app-server-gone')
      expect(result.error.message).toContain('Failed to fetch')
    }
    expect(onReachable).toHaveBeenLastCalledWith(false)
    up = true
    expect((await api.invoke('app:get-info', {})).ok).toBe(true)
    expect(onReachable).toHaveBeenLastCalledWith(true)
  })

  it('an event stream that cannot reconnect says the server is gone; a server started again on its port refuses the token (session ended)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    let phase: 'up' | 'down' | 'restarted' = 'up'
    const streams: ReturnType<typeof openStream>[] = []
    const onReachable = vi.fn()
    const onUnauthorized = vi.fn()
    const fetchImpl: FetchLike = async (_url, init) => {
      if (phase === 'down') throw new TypeError('Failed to fetch')
      if (phase === 'restarted') return reply(401, '')
      const stream = openStream(init.signal)
      streams.push(stream)
      return stream.response
    }
    const api = createHttpApi({ baseUrl: 'http://x', token: 't', fetchImpl, onReachable, onUnauthorized, reconnect: { initialDelayMs: 5, maxDelayMs: 10 } })
    const off = api.on('data:changed', () => undefined)
    await vi.waitFor(() => expect(streams).toHaveLength(1))
    expect(onReachable).toHaveBeenLastCalledWith(true)
    // The server stops: its stream ends and the reconnect cannot connect.
    phase = 'down'
    streams[0]!.close()
    await vi.waitFor(() => expect(onReachable).toHaveBeenLastCalledWith(false))
    expect(onUnauthorized).not.toHaveBeenCalled()
    phase = 'restarted'
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledTimes(1))
    off()
  })

  it('turns a non-JSON body into internal', async () => {
    const { api } = setup(() => reply(502, '<html>Bad gateway</html>'))
    expect(await api.invoke('app:get-info', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('turns JSON that is not an envelope, or an unknown code, into internal', async () => {
    expect(await setup(() => reply(200, '[1,2]')).api.invoke('app:get-info', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
    const odd = setup(() => reply(500, JSON.stringify({ ok: false, error: { code: 'weird', message: 'm' } })))
    expect(await odd.api.invoke('app:get-info', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})

describe('createHttpApi events', () => {
  it('opens no stream until the first listener', async () => {
    const { calls } = setup()
    await flush()
    expect(calls).toHaveLength(0)
  })

  it('opens ONE authenticated stream and dispatches frames by event name', async () => {
    const { api, calls, streams } = setup()
    const progressEvents: unknown[] = []
    const changes: unknown[] = []
    api.on('sync:progress', (p) => progressEvents.push(p))
    api.on('data:changed', (p) => changes.push(p))
    await flush()
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('http://127.0.0.1:5174/api/events')
    expect(calls[0]?.init.method).toBe('POST')
    expect(calls[0]?.init.body).toBe('{}')
    expect(calls[0]?.init.headers).toMatchObject({ Authorization: 'Bearer abc123' })

    const stream = streams[0]!
    const text = `: ping\n\nevent: sync:progress\ndata: ${JSON.stringify(progress)}\n\nevent: data:changed\ndata: {"topics":["devices"]}\n\n`
    stream.write(text.slice(0, 17))
    stream.write(text.slice(17, 60))
    stream.write(text.slice(60))
    await flush()
    expect(progressEvents).toEqual([progress])
    expect(changes).toEqual([{ topics: ['devices'] }])
  })

  it('drops unknown events and malformed payloads', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { api, streams } = setup()
    const changes: unknown[] = []
    api.on('data:changed', (p) => changes.push(p))
    await flush()
    streams[0]!.write('event: nope\ndata: {}\n\nevent: data:changed\ndata: {"topics":7}\n\nevent: data:changed\ndata: not json\n\n')
    await flush()
    expect(changes).toEqual([])
  })

  it('unsubscribe really unsubscribes, and the last one closes the stream', async () => {
    const { api, streams, calls } = setup()
    const a: unknown[] = []
    const b: unknown[] = []
    const offA = api.on('data:changed', (p) => a.push(p))
    const offB = api.on('data:changed', (p) => b.push(p))
    await flush()
    offA()
    offA() // idempotent: must not remove someone else's subscription or count twice
    streams[0]!.write('event: data:changed\ndata: {"topics":["devices"]}\n\n')
    await flush()
    expect(a).toEqual([])
    expect(b).toHaveLength(1)
    expect(streams[0]!.state.aborted).toBe(false)
    offB()
    expect(streams[0]!.state.aborted).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(calls).toHaveLength(1) // no reconnect after a deliberate close
  })

  it('reopens lazily when a listener comes back', async () => {
    const { api, calls } = setup()
    api.on('data:changed', () => undefined)()
    api.on('data:changed', () => undefined)
    await flush()
    expect(calls.filter((c) => c.url.endsWith('/api/events'))).toHaveLength(2)
  })

  it('reconnects with backoff when the stream drops, then tells listeners to re-query', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { api, streams } = setup()
    const changes: unknown[] = []
    api.on('data:changed', (p) => changes.push(p))
    await flush()
    streams[0]!.close()
    await vi.waitFor(() => expect(streams).toHaveLength(2))
    // What changed during the gap is unknown: every topic may have.
    expect(changes).toEqual([{ topics: [...dataTopics] }])
    streams[1]!.write('event: data:changed\ndata: {"topics":["devices"]}\n\n')
    await vi.waitFor(() => expect(changes).toHaveLength(2))
  })

  it('keeps retrying while the server refuses the stream', async () => {
    let refused = 0
    const streams: ReturnType<typeof openStream>[] = []
    const fetchImpl: FetchLike = async (_url, init) => {
      if (refused < 2) {
        refused++
        return reply(503, '')
      }
      const stream = openStream(init.signal)
      streams.push(stream)
      return stream.response
    }
    const api = createHttpApi({ baseUrl: 'http://x', token: 't', fetchImpl, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } })
    const off = api.on('sync:progress', () => undefined)
    await vi.waitFor(() => expect(streams).toHaveLength(1))
    expect(refused).toBe(2)
    off()
  })
})

describe('createHttpApi dead-stream watchdog', () => {
  it('reopens a stream that stays silent (no data, no heartbeat) for too long', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const streams: ReturnType<typeof openStream>[] = []
    const fetchImpl: FetchLike = async (_url, init) => {
      const stream = openStream(init.signal)
      streams.push(stream)
      return stream.response
    }
    const api = createHttpApi({ baseUrl: 'http://x', token: 't', fetchImpl, silenceTimeoutMs: 150, reconnect: { initialDelayMs: 5 } })
    const off = api.on('data:changed', () => undefined)
    await vi.waitFor(() => expect(streams).toHaveLength(1))
    // Heartbeats keep it alive…
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40))
      streams[0]!.write(': ping\n\n')
    }
    expect(streams).toHaveLength(1)
    // …silence kills it and a new one opens.
    await vi.waitFor(() => expect(streams).toHaveLength(2))
    expect(streams[0]!.state.aborted).toBe(true)
    off()
    expect(streams[1]!.state.aborted).toBe(true)
  })
})
