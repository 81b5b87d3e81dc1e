import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { graphDevice } from './scripted-graph-server'

/**
 * A hostile Graph for the fault suite (test/faults): it serves Autopilot device pages, device reads
 * and the device actions like Intune, and injects the faults a real network and a misbehaving or
 * malicious server produce. Every applied write is recorded per change, so the suite can prove each
 * acknowledged change reached the server exactly once. A second server (`foreign`) stands for
 * another host: it records every Authorization header it is sent (a leaked token).
 */
export const readFaults = [
  '429', // 429 without Retry-After
  '429-retry-after', // 429 with a short Retry-After
  'huge-retry-after', // 429 with Retry-After: one day
  '503', // 503 with a short Retry-After
  '500', // 500 Intune-style
  'hang', // never answers (client timeout)
  'stall', // headers and half the body, then nothing
  'truncate', // half the JSON, Content-Length matching what is sent
  'html', // 200 text/html (a captive portal or proxy page)
  'reset', // connection destroyed before any answer
  'foreign-next', // a page whose @odata.nextLink points at another host
  'repeat-next', // a page whose @odata.nextLink points at itself
  'oversized', // a ~12 MB page
  'wrong-shape', // 200 JSON without a value list
] as const
export type ReadFault = (typeof readFaults)[number]

export const writeFaults = [
  '429',
  '503',
  '500', // refused (not applied)
  'hang',
  'reset', // never reached the device (not applied), answer lost
  'apply-then-500',
  'apply-then-hang',
  'apply-then-reset', // applied, but the client cannot know
] as const
export type WriteFault = (typeof writeFaults)[number]

export interface HostileOptions {
  devices: number
  pageSize: number
  token: string
  /** Which faults device-list and device reads get, and how often (every n-th matching request). */
  read?: { kinds: ReadFault[]; every: number }
  write?: { kinds: WriteFault[]; every: number }
  /** Called when a write request arrives (the kill tests SIGKILL the client here). */
  /** Every read answers this late (kill tests: a sync long enough to interrupt). */
  readDelayMs?: number
  onWrite?: (info: { id: string; body: Record<string, unknown>; count: number }) => 'apply' | 'drop' | 'apply-and-drop' | void
}

export async function startForeignServer() {
  const authorizations: string[] = []
  const server = createServer((req, res) => {
    if (req.headers.authorization) authorizations.push(req.headers.authorization)
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    authorizations,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export async function startHostileGraph(options: HostileOptions, foreignOrigin: string) {
  const devices = new Map(
    Array.from({ length: options.devices }, (_, i) => {
      const d = graphDevice(i, { groupTag: 'OLD-TAG', userPrincipalName: '', addressableUserName: '', displayName: '' })
      return [d.id, d]
    }),
  )
  const order = [...devices.keys()]
  /** Applied writes per change (device id + body): the "exactly once" evidence. */
  const applied = new Map<string, number>()
  const faultsInjected = new Map<string, number>()
  let reads = 0
  let writes = 0
  let writeRequests = 0
  const held = new Set<ServerResponse>()
  let origin = ''
  const changeKey = (id: string, body: Record<string, unknown>) => `${id}|${JSON.stringify(body)}`
  const count = (kind: string) => faultsInjected.set(kind, (faultsInjected.get(kind) ?? 0) + 1)

  const json = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) =>
    res
      .writeHead(status, { 'content-type': 'application/json', 'request-id': `req-${reads + writes}`, ...headers })
      .end(body === undefined ? '' : JSON.stringify(body))
  const hold = (res: ServerResponse) => {
    held.add(res)
    res.on('close', () => held.delete(res))
  }

  const pageBody = (skip: number) => {
    const ids = order.slice(skip, skip + options.pageSize)
    const next =
      skip + options.pageSize < order.length
        ? `${origin}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$skiptoken=${skip + options.pageSize}`
        : undefined
    return { value: ids.map((id) => devices.get(id)), ...(next ? { '@odata.nextLink': next } : {}) }
  }

  function readFault(res: ServerResponse, fault: ReadFault, body: Record<string, unknown>, skip: number | null): boolean {
    const injected = injectRead(res, fault, body, skip)
    if (injected) count(fault)
    return injected
  }

  function injectRead(res: ServerResponse, fault: ReadFault, body: Record<string, unknown>, skip: number | null): boolean {
    const text = JSON.stringify(body)
    switch (fault) {
      case '429':
        json(res, 429, { error: { code: 'TooManyRequests' } })
        return true
      case '429-retry-after':
        json(res, 429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '0.05' })
        return true
      case 'huge-retry-after':
        json(res, 429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '86400' })
        return true
      case '503':
        json(res, 503, { error: { code: 'ServiceUnavailable' } }, { 'retry-after': '0.05' })
        return true
      case '500':
        json(res, 500, { error: { code: 'InternalServerError', message: '{"_version":3,"Message":"An internal server error has occurred"}' } })
        return true
      case 'hang':
        hold(res)
        return true
      case 'stall':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
        res.write(text.slice(0, Math.floor(text.length / 2)))
        hold(res)
        return true
      case 'truncate': {
        const half = text.slice(0, Math.floor(text.length / 2))
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(half)) }).end(half)
        return true
      }
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Sign in to the Wi-Fi</body></html>')
        return true
      case 'reset':
        res.socket?.destroy()
        return true
      case 'wrong-shape':
        json(res, 200, { value: 'not a list' })
        return true
      case 'foreign-next':
        if (skip === null) return false
        json(res, 200, {
          ...body,
          '@odata.nextLink': `${foreignOrigin}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$skiptoken=${skip + options.pageSize}`,
        })
        return true
      case 'repeat-next':
        if (skip === null) return false
        json(res, 200, { ...body, '@odata.nextLink': `${origin}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$skiptoken=${skip}` })
        return true
      case 'oversized': {
        // The page's own devices, padded to ~12 MB with a field Graph might add.
        const padded = { ...body, padding: 'x'.repeat(12 * 1024 * 1024) }
        json(res, 200, padded)
        return true
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${options.token}`) return json(res, 401, { error: { code: 'InvalidAuthenticationToken' } })
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname.toLowerCase()
    if (/windowsautopilotdeploymentprofiles|deviceenrollmentconfigurations|mobileapps|\/organization/.test(path)) return json(res, 200, { value: [] })
    if (/windowsautopilotsettings/.test(path)) return json(res, 200, { syncStatus: 'completed' })
    const match = /\/windowsautopilotdeviceidentities(?:\/([^/]+))?(?:\/([a-z]+))?$/i.exec(url.pathname)
    if (!match) return json(res, 404, { error: { code: 'NotFound' } })
    const id = match[1] ? decodeURIComponent(match[1]).toLowerCase() : null
    if (req.method === 'POST' && id) {
      let text = ''
      for await (const chunk of req) text += chunk
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>
      writeRequests++
      const device = devices.get(id)
      if (!device) return json(res, 404, { error: { code: 'ResourceNotFound' } })
      const apply = () => {
        Object.assign(device, body)
        writes++
        const key = changeKey(id, body)
        applied.set(key, (applied.get(key) ?? 0) + 1)
      }
      const decision = options.onWrite?.({ id, body, count: writeRequests })
      if (decision === 'drop') return hold(res)
      if (decision === 'apply-and-drop') {
        apply()
        return hold(res)
      }
      const fault =
        options.write && writeRequests % options.write.every === 0
          ? options.write.kinds[(writeRequests / options.write.every) % options.write.kinds.length]
          : undefined
      if (fault) count(`write:${fault}`)
      if (fault === '429') return json(res, 429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '0.05' })
      if (fault === '503') return json(res, 503, { error: { code: 'ServiceUnavailable' } }, { 'retry-after': '0.05' })
      if (fault === '500') return json(res, 500, { error: { code: 'InternalServerError' } })
      if (fault === 'hang') return hold(res)
      if (fault === 'reset') return req.socket.destroy()
      apply()
      if (fault === 'apply-then-500') return json(res, 500, { error: { code: 'InternalServerError' } })
      if (fault === 'apply-then-hang') return hold(res)
      if (fault === 'apply-then-reset') return req.socket.destroy()
      return json(res, 204)
    }
    if (req.method !== 'GET') return json(res, 405, { error: { code: 'MethodNotAllowed' } })
    reads++
    if (options.readDelayMs) await new Promise((resolve) => setTimeout(resolve, options.readDelayMs))
    const skip = id ? null : Number(url.searchParams.get('$skiptoken') ?? '0')
    const body = id ? devices.get(id) : pageBody(skip!)
    if (!body) return json(res, 404, { error: { code: 'ResourceNotFound' } })
    const fault = options.read && reads % options.read.every === 0 ? options.read.kinds[(reads / options.read.every) % options.read.kinds.length] : undefined
    if (fault && readFault(res, fault, body, skip)) return
    return json(res, 200, body)
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    token: options.token,
    devices,
    order,
    applied,
    faultsInjected,
    /** Faults injected so far, all kinds. */
    faultCount: () => [...faultsInjected.values()].reduce((a, b) => a + b, 0),
    setRead: (read: HostileOptions['read']) => void (options.read = read),
    setWrite: (write: HostileOptions['write']) => void (options.write = write),
    setOnWrite: (onWrite: HostileOptions['onWrite']) => void (options.onWrite = onWrite),
    changeKey,
    tenant: {
      id: 'hostile',
      displayName: 'Hostile Graph',
      kind: 'graph' as const,
      graphBaseUrl: `${origin}/beta`,
      getToken: async () => options.token,
      close: async () => undefined,
    },
    close: () => {
      for (const res of held) res.destroy()
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type HostileGraph = Awaited<ReturnType<typeof startHostileGraph>>
