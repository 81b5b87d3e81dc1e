import { request } from 'node:http'
import { afterAll, beforeAll } from 'vitest'
import { startMockIntune, type MockIntune, type MockIntuneOptions } from '../../src/mock-intune'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** Parsed body (undefined when empty or not JSON). */
  json: unknown
}

/** One request with the path sent byte-for-byte (fetch would normalise it). */
export function send(mock: Pick<MockIntune, 'url'>, path: string, init: { method?: string; token?: string | null; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(mock.url)
  const headers: Record<string, string> = { ...init.headers }
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? 'mock-intune-dev-token'}`
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: init.method ?? 'GET', headers }, (res) => {
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
    req.end()
  })
}

/** Follows an absolute URL returned by the mock (e.g. @odata.nextLink) verbatim. */
export function follow(mock: MockIntune, absoluteUrl: string, init: { token?: string | null; headers?: Record<string, string> } = {}): Promise<RawResponse> {
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
