import { request } from 'node:http'
import { afterAll, beforeAll } from 'vitest'
import { startMockIntune, type MockIntune, type MockIntuneOptions } from '@mock-intune'
import { ManualClock } from '@mock-intune/clock'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** Parsed body (undefined when empty or not JSON). */
  json: unknown
}

/** One request with the path sent byte-for-byte (fetch would normalise it). */
export interface SendInit {
  method?: string
  token?: string | null
  headers?: Record<string, string>
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown
}

/** A mock (or just its URL and token); the token is sent unless `init.token` says otherwise (null: none). */
export type MockTarget = Pick<MockIntune, 'url'> & { token?: string }

export function send(mock: MockTarget, path: string, init: SendInit = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(mock.url)
  const headers: Record<string, string> = { ...init.headers }
  const token = init.token === undefined ? mock.token : init.token
  if (token !== null && token !== undefined) headers.Authorization = `Bearer ${token}`
  const payload = init.body === undefined ? undefined : typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body)
  if (payload !== undefined && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json'
  return new Promise((resolve, reject) => {
    // Spaces are the one thing Node refuses to send raw; everything else goes byte for byte.
    const req = request({ hostname, port, path: path.replace(/ /g, '%20'), method: init.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown
        try {
          json = text === '' ? undefined : JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** POST (or another method) with a JSON body. */
export const post = (mock: MockTarget, path: string, body?: unknown, method = 'POST'): Promise<RawResponse> => send(mock, path, { method, body })

/** Follows an absolute URL returned by the mock (e.g. @odata.nextLink) verbatim. */
export function follow(mock: MockTarget, absoluteUrl: string, init: { token?: string | null; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  if (!absoluteUrl.startsWith(`${mock.url}/`)) throw new Error(`${absoluteUrl} does not point at the mock ${mock.url}`)
  return send(mock, absoluteUrl.slice(mock.url.length), init)
}

/** Starts one mock for the whole file and closes it afterwards. */
export function useMock(options: MockIntuneOptions = {}): () => MockIntune {
  let mock: MockIntune | undefined
  beforeAll(async () => {
    mock = await startMockIntune({ port: 0, ...options })
  })
  afterAll(async () => {
    await mock?.close()
  })
  return () => {
    if (!mock) throw new Error('mock not started')
    return mock
  }
}

export const DEVICES = '/beta/deviceManagement/windowsAutopilotDeviceIdentities'
export const PROFILES = '/beta/deviceManagement/windowsAutopilotDeploymentProfiles'
export const SETTINGS = '/beta/deviceManagement/windowsAutopilotSettings'

/** A mock on a manual clock with throttling off: tests move time with `clock.advance(ms)`. */
export function useClockedMock(options: MockIntuneOptions = {}): { mock: () => MockIntune; clock: ManualClock } {
  const clock = new ManualClock()
  const mock = useMock({ throttle: 'off', speed: 1, tpmFailureRate: 0, clock, ...options })
  return { mock, clock }
}

/** Follows @odata.nextLink to the end (bounded), returning every item and the number of pages. */
export async function collect(mock: MockTarget, path: string, maxPages = 200): Promise<{ items: Array<Record<string, unknown>>; pages: number }> {
  const items: Array<Record<string, unknown>> = []
  let res = await send(mock, path)
  let pages = 0
  for (;;) {
    if (res.status !== 200) throw new Error(`page ${pages + 1}: HTTP ${res.status} ${res.text.slice(0, 300)}`)
    const body = res.json as { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string }
    items.push(...body.value)
    pages++
    const next = body['@odata.nextLink']
    if (!next || pages >= maxPages) return { items, pages }
    res = await follow(mock, next)
  }
}

export interface ListBody {
  '@odata.context': string
  '@odata.nextLink'?: string
  value: Array<Record<string, unknown> & { id: string; serialNumber: string }>
}

export interface ErrorBody {
  error: { code: string; message: string; innerError: Record<string, string> }
}

/** The nested JSON inside an Intune-style error message. */
export const nestedMessage = (body: unknown): Record<string, unknown> => JSON.parse((body as ErrorBody).error.message) as Record<string, unknown>
