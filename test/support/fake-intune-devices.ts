import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { graphDevice } from './scripted-graph-server'

export type Fault = { status: number; retryAfter?: string } | 'hang' | 'apply-then-hang' | 'apply-then-500' | 'reset'

/**
 * A small Graph-shaped device server with exact fault control for outbox tests: list, get by id and
 * the three device actions, plus a log of every successful write. Faults are consumed one request
 * at a time from a queue per method.
 */
export async function startFakeIntuneDevices(count: number, token = 'fake-intune-token-01') {
  const devices = new Map(
    Array.from({ length: count }, (_, i) => {
      const d = graphDevice(i, { groupTag: 'OLD-TAG', userPrincipalName: '', addressableUserName: '', displayName: '' })
      return [d.id, d]
    }),
  )
  const faults: Record<'GET' | 'POST', Fault[]> = { GET: [], POST: [] }
  const writes: Array<{ id: string; action: string; body: Record<string, unknown> }> = []
  let down = false
  const hung: ServerResponse[] = []
  const json = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) =>
    res
      .writeHead(status, { 'content-type': 'application/json', 'request-id': `req-${Math.random()}`, ...headers })
      .end(body === undefined ? '' : JSON.stringify(body))

  const apply = (id: string, action: string, body: Record<string, unknown>) => {
    const device = devices.get(id)!
    if (action === 'updatedeviceproperties') Object.assign(device, body)
    if (action === 'assignusertodevice') Object.assign(device, { userPrincipalName: body.userPrincipalName, addressableUserName: body.addressableUserName })
    if (action === 'unassignuserfromdevice') Object.assign(device, { userPrincipalName: '', addressableUserName: '' })
    writes.push({ id, action, body })
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (down) return req.socket.destroy()
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { error: { code: 'InvalidAuthenticationToken' } })
    const url = new URL(req.url ?? '/', 'http://x')
    if (/windowsAutopilotDeploymentProfiles/i.test(url.pathname)) return json(res, 200, { value: [] })
    if (/windowsAutopilotSettings/i.test(url.pathname)) return json(res, 200, { syncStatus: 'completed' })
    const match = /\/windowsautopilotdeviceidentities(?:\/([^/]+))?(?:\/([a-z]+))?$/i.exec(url.pathname)
    if (!match) return json(res, 404, { error: { code: 'NotFound' } })
    const method = req.method === 'POST' ? 'POST' : 'GET'
    let body: Record<string, unknown> = {}
    if (method === 'POST') {
      let text = ''
      for await (const chunk of req) text += chunk
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    }
    const id = match[1] ? decodeURIComponent(match[1]).toLowerCase() : null
    const action = match[2]?.toLowerCase() ?? null
    const fault = faults[method].shift()
    if (fault === 'hang') return void hung.push(res)
    if (fault === 'reset') return req.socket.destroy()
    if (fault && typeof fault === 'object')
      return json(res, fault.status, { error: { code: 'Fault' } }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {})
    if (!id) return json(res, 200, { value: [...devices.values()] })
    if (!devices.has(id)) return json(res, 404, { error: { code: 'ResourceNotFound' } })
    if (method === 'GET') return json(res, 200, devices.get(id))
    apply(id, action ?? '', body)
    if (fault === 'apply-then-hang') return void hung.push(res)
    if (fault === 'apply-then-500') return json(res, 500, { error: { code: 'InternalServerError' } })
    return json(res, 204)
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    token,
    devices,
    writes,
    faults,
    setDown: (value: boolean) => void (down = value),
    tenant: {
      id: 'fake',
      displayName: 'Fake tenant',
      kind: 'graph' as const,
      graphBaseUrl: `${origin}/beta`,
      getToken: async () => token,
      close: async () => undefined,
    },
    close: () => {
      for (const res of hung) res.destroy()
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
