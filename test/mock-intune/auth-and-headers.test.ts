import { describe, expect, it } from 'vitest'
import { DEV_TOKEN } from '@mock-intune'
import { DEVICES, send, useMock, type ErrorBody } from './support'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('authentication', () => {
  const mock = useMock({ devices: 20 })

  it('exposes the documented dev token by default', () => {
    expect(DEV_TOKEN).toBe('mock-intune-dev-token')
    expect(mock().token).toBe(DEV_TOKEN)
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
    ['a wrong token', { Authorization: 'Bearer nope' }],
    ['a wrong JWT-shaped token', { Authorization: 'Bearer aaa.bbb.ccc' }],
    ['the right token without the Bearer scheme', { Authorization: DEV_TOKEN }],
    ['Basic auth', { Authorization: 'Basic bW9jazptb2Nr' }],
  ])('answers 401 for %s', async (_label, headers) => {
    const res = await send(mock(), DEVICES, { token: null, headers })
    expect(res.status).toBe(401)
    expect((res.json as ErrorBody).error.code).toBe('InvalidAuthenticationToken')
  })

  it('accepts the bearer scheme in any case', async () => {
    const res = await send(mock(), DEVICES, { token: null, headers: { Authorization: `bEaReR ${DEV_TOKEN}` } })
    expect(res.status).toBe(200)
  })

  it('requires auth on unknown Graph routes too, before saying 404', async () => {
    expect((await send(mock(), '/beta/nothingHere', { token: null })).status).toBe(401)
    expect((await send(mock(), '/beta/nothingHere')).status).toBe(404)
  })

  it('accepts a custom token and then refuses the dev token', async () => {
    const { startMockIntune } = await import('@mock-intune')
    const custom = await startMockIntune({ token: 's3cret', devices: 1 })
    try {
      expect((await send(custom, DEVICES, { token: 's3cret' })).status).toBe(200)
      expect((await send(custom, DEVICES)).status).toBe(401)
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
