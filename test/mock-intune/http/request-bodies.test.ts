import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '@mock-intune/http/body'
import { DEVICES, send, useMock, type ErrorBody, type ListBody } from '../support'

/** Malformed and huge bodies get Graph-style 400s — never a crash or a hung connection. */
describe('request bodies', () => {
  const mock = useMock({ devices: 20, throttle: 'off' })
  const firstId = async () => ((await send(mock(), DEVICES)).json as ListBody).value[0]!.id

  it.each([
    ['broken JSON', '{"groupTag": '],
    ['not JSON at all', 'groupTag=BENCH'],
    ['a JSON array', '["groupTag"]'],
    ['a JSON number', '42'],
    ['absurd nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ])('%s → 400 BadRequest in the plain Graph shape', async (_, body) => {
    const res = await send(mock(), `${DEVICES}/${await firstId()}/updateDeviceProperties`, { method: 'POST', body })
    expect(res.status).toBe(400)
    const error = (res.json as ErrorBody).error
    expect(error.code).toBe('BadRequest')
    expect(error.message).toMatch(/Unable to read JSON request payload/)
    expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a body over the limit → 400 with Connection: close, and the mock keeps serving', async () => {
    const huge = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x61)
    const res = await send(mock(), `${DEVICES}/${await firstId()}/updateDeviceProperties`, { method: 'POST', body: huge })
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.message).toMatch(/too large/)
    expect(res.headers.connection).toBe('close')
    expect((await send(mock(), DEVICES)).status).toBe(200)
  })

  it('even a 40 MB body is drained and answered with the 400, not a reset', async () => {
    const res = await send(mock(), `${DEVICES}/${await firstId()}/updateDeviceProperties`, { method: 'POST', body: Buffer.alloc(40 * 1024 * 1024, 0x7b) })
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.code).toBe('BadRequest')
  })

  it('a client that stops sending halfway does not take the mock down', async () => {
    const { hostname, port } = new URL(mock().url)
    await new Promise<void>((resolve) => {
      const req = request({
        hostname,
        port,
        method: 'POST',
        path: `${DEVICES}/x/updateDeviceProperties`,
        headers: { Authorization: `Bearer ${mock().token}`, 'Content-Length': '1000' },
      })
      req.on('error', () => resolve())
      req.write('{"groupTag":')
      setTimeout(() => {
        req.destroy()
        resolve()
      }, 50)
    })
    expect((await send(mock(), DEVICES)).status).toBe(200)
  })

  it('an empty body, "" and null mean "no parameters" for actions that take none', async () => {
    const id = await firstId()
    for (const body of ['', '""', 'null', '{}'])
      expect((await send(mock(), `${DEVICES}/${id}/unassignUserFromDevice`, { method: 'POST', body })).status, body).toBe(204)
  })

  it('a UTF-8 BOM is tolerated; non-ASCII values survive', async () => {
    const id = await firstId()
    const res = await send(mock(), `${DEVICES}/${id}/updateDeviceProperties`, {
      method: 'POST',
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"groupTag":"BENCH-MÜNCHEN-Ω"}')]),
    })
    expect(res.status).toBe(204)
    expect(((await send(mock(), `${DEVICES}/${id}`)).json as { groupTag: string }).groupTag).toBe('BENCH-MÜNCHEN-Ω')
  })
})
