import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { graphFor } from '@core/worker/graph.worker'
import { answerToken, setTokenRequester } from '@core/worker/token-request.worker'
import type { WorkerContext } from '@core/worker/method'

describe('graphFor: an expired token met by requests side by side', () => {
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
  })

  it('asks the core for one fresh token, and every request is sent again with it', async () => {
    const seen: string[] = []
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '')
      if (req.headers.authorization !== 'Bearer fresh-token')
        return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"InvalidAuthenticationToken"}}')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    let asked = 0
    // The core answers a little later, as the main thread does after MSAL.
    setTokenRequester((id) => {
      asked++
      setTimeout(() => answerToken({ type: 'token', id, ok: true, token: 'fresh-token' }), 30)
    })
    const ctx = { log: { log: () => undefined } } as unknown as WorkerContext
    const graph = graphFor(ctx, {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/beta`,
      token: 'expired-token',
      correlationId: 'c',
      refreshable: true,
    })
    const answers = await Promise.all(['/a', '/b', '/c', '/d', '/e'].map((path) => graph.getJson(path, { correlationId: 'c' })))
    expect(answers).toEqual(['/a', '/b', '/c', '/d', '/e'].map((path) => ({ path: `/beta${path}` })))
    expect(asked).toBe(1)
    expect(seen.filter((auth) => auth === 'Bearer expired-token')).toHaveLength(5)
    expect(seen.filter((auth) => auth === 'Bearer fresh-token')).toHaveLength(5)
  })
})
