import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { DEVICES, send, useMock, type ErrorBody, type ListBody } from './support'
import type { MockIntune } from '@mock-intune'

/** Writes raw bytes to the mock and collects whatever comes back until the socket closes. */
function rawExchange(mock: MockIntune, bytes: string): Promise<string> {
  const { hostname, port } = new URL(mock.url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes))
    let reply = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (reply += chunk))
    socket.on('close', () => resolve(reply))
    socket.on('error', reject)
    socket.setTimeout(5_000, () => socket.destroy(new Error('no reply')))
  })
}

describe('routing', () => {
  const mock = useMock({ devices: 10 })

  it.each(['/beta/deviceManagement/nothing', '/beta/usersAndMore', '/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/x/y', '/beta//deviceManagement'])(
    'answers a Graph-style 404 for %s',
    async (path) => {
      const res = await send(mock(), path)
      expect(res.status).toBe(404)
      const body = res.json as ErrorBody
      expect(body.error.code).toBe('ResourceNotFound')
      expect(body.error.message).toMatch(/^Resource not found for the segment '.*'\.$/)
      expect(body.error.innerError['request-id']).toBe(res.headers['request-id'])
    },
  )

  it.each(['/', '/v2.0/organization', '/deviceManagement/windowsAutopilotDeviceIdentities'])('answers 404 Invalid version for %s', async (path) => {
    const res = await send(mock(), path, { token: null })
    expect(res.status).toBe(404)
    expect((res.json as ErrorBody).error.message).toMatch(/^Invalid version/)
  })

  it('answers 405 with Allow for a wrong method', async () => {
    const res = await send(mock(), '/v1.0/organization', { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('GET')
    expect((res.json as ErrorBody).error.code).toBe('MethodNotAllowed')
  })

  it('tolerates a trailing slash and serves /organization on beta as well', async () => {
    expect((await send(mock(), `${DEVICES}/`)).status).toBe(200)
    expect((await send(mock(), '/beta/organization')).status).toBe(200)
  })

  it('requires the $ prefix on v1.0 (unprefixed names are custom parameters there)', async () => {
    const res = await send(mock(), '/v1.0/deviceManagement/windowsAutopilotDeviceIdentities?top=2')
    expect((res.json as ListBody).value).toHaveLength(10)
  })
})

describe('robustness: malformed requests never crash or hang the mock', () => {
  const mock = useMock({ devices: 10 })

  it.each([`${DEVICES}/%E0%A4%A`, `${DEVICES}?$filter=%ZZ`, `${DEVICES}?$top=%`, '/beta/%'])('answers 400 for broken percent-encoding: %s', async (path) => {
    const res = await send(mock(), path)
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.code).toBe('BadRequest')
  })

  it('answers 414 for a very long query string', async () => {
    const res = await send(mock(), `${DEVICES}?$filter=${'a'.repeat(20_000)}`)
    expect(res.status).toBe(414)
    expect((res.json as ErrorBody).error.innerError['request-id']).toBeTruthy()
  })

  it('answers 431 when the request line exceeds the header limit', async () => {
    const reply = await rawExchange(mock(), `GET ${DEVICES}?x=${'b'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
    expect(reply).toMatch(/^HTTP\/1\.1 431 /)
    expect(reply).toMatch(/\r\nrequest-id: [0-9a-f-]{36}\r\n/)
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'RequestHeaderFieldsTooLarge' } })
  })

  it('answers 400 to bytes that are not HTTP', async () => {
    const reply = await rawExchange(mock(), 'HELLO THERE\r\n\r\n')
    expect(reply).toMatch(/^HTTP\/1\.1 400 /)
  })

  it('ignores a request body on GET and absolute-form targets work', async () => {
    const reply = await rawExchange(
      mock(),
      `GET ${mock().url}/v1.0/organization HTTP/1.1\r\nHost: ${new URL(mock().url).host}\r\nAuthorization: Bearer ${mock().token}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`,
    )
    expect(reply).toMatch(/^HTTP\/1\.1 200 /)
  })

  it('ignores an unprintable client-request-id instead of echoing it', async () => {
    const res = await send(mock(), DEVICES, { headers: { 'client-request-id': 'x'.repeat(300) } })
    expect(res.status).toBe(200)
    expect(res.headers['client-request-id']).toBe(res.headers['request-id'])
  })

  it('still serves normally after all of the above, under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => send(mock(), i % 2 ? DEVICES : `${DEVICES}/%E0`)))
    expect(results.map((r) => r.status).sort()).toEqual([...Array<number>(25).fill(200), ...Array<number>(25).fill(400)].sort())
  })
})
