import { describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { startMockIntune } from '@mock-intune'
import { DEVICES, send, useMock, type ErrorBody, type RawResponse } from './support'

/** The token the mock accepted by default before it made one per start: it must open nothing now. */
const OLD_FIXED_TOKEN = 'mock-intune-dev-token'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('authentication', () => {
  const mock = useMock({ devices: 20 })

  it('makes a random 256-bit token per start when none is given, and refuses the old fixed one', async () => {
    expect(mock().token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const other = await startMockIntune({ devices: 1 })
    try {
      expect(other.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(other.token).not.toBe(mock().token)
      expect((await send(other, DEVICES, { token: mock().token })).status).toBe(401)
    } finally {
      await other.close()
    }
    expect((await send(mock(), DEVICES, { token: OLD_FIXED_TOKEN })).status).toBe(401)
    expect((await send(mock(), DEVICES)).status).toBe(200)
  })

  it('answers 401 InvalidAuthenticationToken without an Authorization header', async () => {
    const res = await send(mock(), DEVICES, { token: null })
    expect(res.status).toBe(401)
    const body = res.json as ErrorBody
    expect(body.error.code).toBe('InvalidAuthenticationToken')
    expect(body.error.message).toBe('Access token is empty.')
    expect(body.error.innerError['request-id']).toMatch(GUID)
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /)
  })

  it.each([
    ['a wrong token', () => ({ Authorization: 'Bearer nope' })],
    ['a wrong JWT-shaped token', () => ({ Authorization: 'Bearer aaa.bbb.ccc' })],
    ['the right token without the Bearer scheme', () => ({ Authorization: mock().token })],
    ['Basic auth', () => ({ Authorization: 'Basic bW9jazptb2Nr' })],
  ])('answers 401 for %s', async (_label, headers) => {
    const res = await send(mock(), DEVICES, { token: null, headers: headers() })
    expect(res.status).toBe(401)
    expect((res.json as ErrorBody).error.code).toBe('InvalidAuthenticationToken')
  })

  it('accepts the bearer scheme in any case', async () => {
    const res = await send(mock(), DEVICES, { token: null, headers: { Authorization: `bEaReR ${mock().token}` } })
    expect(res.status).toBe(200)
  })

  it('requires auth on unknown Graph routes too, before saying 404', async () => {
    expect((await send(mock(), '/beta/nothingHere', { token: null })).status).toBe(401)
    expect((await send(mock(), '/beta/nothingHere')).status).toBe(404)
  })

  it('accepts a custom token and then refuses any other', async () => {
    const custom = await startMockIntune({ token: 's3cret', devices: 1 })
    try {
      expect((await send(custom, DEVICES, { token: 's3cret' })).status).toBe(200)
      expect((await send(custom, DEVICES, { token: OLD_FIXED_TOKEN })).status).toBe(401)
      expect((await send(custom, DEVICES, { token: mock().token })).status).toBe(401)
    } finally {
      await custom.close()
    }
  })
})

describe('cross-cutting headers', () => {
  const mock = useMock({ devices: 20 })

  it('sends a fresh request-id on every response and reuses it as client-request-id when none was sent', async () => {
    const a = await send(mock(), DEVICES)
    const b = await send(mock(), DEVICES)
    expect(a.headers['request-id']).toMatch(GUID)
    expect(a.headers['request-id']).not.toBe(b.headers['request-id'])
    expect(a.headers['client-request-id']).toBe(a.headers['request-id'])
  })

  it('echoes client-request-id in the headers, in innerError and in the request log', async () => {
    const clientRequestId = '0b7f3c2d-9e11-4c55-8a51-3f0c6f5e9d1a'
    const ok = await send(mock(), DEVICES, { headers: { 'client-request-id': clientRequestId } })
    expect(ok.headers['client-request-id']).toBe(clientRequestId)
    const failed = await send(mock(), `${DEVICES}/00000000-0000-0000-0000-000000000001`, { headers: { 'client-request-id': clientRequestId } })
    expect(failed.status).toBe(404)
    expect(failed.headers['client-request-id']).toBe(clientRequestId)
    expect((failed.json as ErrorBody).error.innerError['client-request-id']).toBe(clientRequestId)
    expect((failed.json as ErrorBody).error.innerError['request-id']).toBe(failed.headers['request-id'])
    expect(mock().requestLog.at(-1)).toEqual({ method: 'GET', path: `${DEVICES}/00000000-0000-0000-0000-000000000001`, status: 404, clientRequestId })
  })

  it('labels JSON as OData minimal metadata, on errors too', async () => {
    for (const path of [DEVICES, '/beta/unknown', '/v1.0/organization']) {
      const res = await send(mock(), path)
      expect(res.headers['content-type']).toMatch(/^application\/json;odata\.metadata=minimal/)
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text))
    }
  })

  it('keeps a request log without client-request-id when none was sent', async () => {
    await send(mock(), '/v1.0/organization')
    expect(mock().requestLog.at(-1)).toEqual({ method: 'GET', path: '/v1.0/organization', status: 200 })
  })
})

/** Raw request with the Host header set by the test, as a DNS-rebinding page's browser would send it. */
function withHost(mock: { url: string; token: string }, path: string, headers: Record<string, string>): Promise<RawResponse> {
  const { hostname, port } = new URL(mock.url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { Authorization: `Bearer ${mock.token}`, ...headers }, setHost: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: text ? (JSON.parse(text) as unknown) : undefined }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('local callers only (Host and Origin)', () => {
  const mock = useMock({ devices: 5 })
  const port = () => new URL(mock().url).port

  it.each([
    ['a foreign name on our port (DNS rebinding)', () => `evil.example:${port()}`],
    ['a foreign name without a port', () => 'evil.example'],
    ['localhost on another port', () => `localhost:${Number(port()) + 1}`],
    ['an empty Host', () => ''],
  ])('answers 403 with a Graph error to %s, even with the right token', async (_label, host) => {
    for (const path of [DEVICES, '/_sim/clock', '/v1.0/organization']) {
      const res = await withHost(mock(), path, { Host: host() })
      expect(res.status, path).toBe(403)
      const body = res.json as ErrorBody
      expect(body.error.code).toBe('Forbidden')
      expect(body.error.message).toMatch(/Host/)
      expect(body.error.innerError['request-id']).toBe(res.headers['request-id'])
    }
  })

  it('answers 403 to any request carrying an Origin, even its own', async () => {
    for (const origin of ['http://evil.example', mock().url, 'null']) {
      const res = await send(mock(), DEVICES, { headers: { Origin: origin } })
      expect(res.status, origin).toBe(403)
      expect((res.json as ErrorBody).error.message).toMatch(/Origin/)
    }
  })

  it('serves 127.0.0.1:PORT and localhost:PORT (any case) without an Origin', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LocalHost:${port()}`]) {
      expect((await withHost(mock(), DEVICES, { Host: host })).status, host).toBe(200)
    }
  })
})
