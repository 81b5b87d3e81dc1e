import { request as httpsRequest } from 'node:https'
import { rootCertificates } from 'node:tls'
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node'

/**
 * MSAL's network module (docs/reference/identity.md §msal): plain HTTPS with the system's roots plus,
 * when given, one extra CA (a test authority, a bench's TLS-inspecting proxy). Certificate checks are
 * never relaxed. It also notes how far the server's clock is from ours, because a skewed bench clock
 * makes every token look expired and the sign-in error then needs to say so.
 */
export interface IdentityNetwork extends INetworkModule {
  /** Server time minus local time from the last answer's Date header, in ms; null until known. */
  readonly clockSkewMs: number | null
  /**
   * The last AADSTS error description a sign-in endpoint answered, then forgotten. MSAL keeps only the
   * OAuth error of some failures (device code polls, discovery), so the code the user needs is read here.
   */
  takeServerError(): string | null
}

const MAX_BODY_BYTES = 1024 * 1024

export function createNetworkClient(options: { extraCaPem?: string | null; timeoutMs?: number } = {}): IdentityNetwork {
  const ca = options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined
  const timeoutMs = options.timeoutMs ?? 30_000
  let clockSkewMs: number | null = null
  let serverError: string | null = null

  function send<T>(method: 'GET' | 'POST', url: string, opts: NetworkRequestOptions = {}, timeout?: number): Promise<NetworkResponse<T>> {
    return new Promise((resolve, reject) => {
      const target = new URL(url)
      if (target.protocol !== 'https:') return reject(new Error(`network_error: sign-in only over https (${target.host})`))
      const body = opts.body ?? ''
      const req = httpsRequest(
        target,
        {
          method,
          ...(ca ? { ca } : {}),
          headers: { ...opts.headers, ...(method === 'POST' ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
          timeout: timeout ?? timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > MAX_BODY_BYTES) req.destroy(new Error('network_error: sign-in answer too large'))
            else chunks.push(chunk)
          })
          res.on('end', () => {
            const headers: Record<string, string> = {}
            for (const [name, value] of Object.entries(res.headers))
              if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
            const date = Date.parse(headers.date ?? '')
            if (Number.isFinite(date)) clockSkewMs = date - Date.now()
            const text = Buffer.concat(chunks).toString('utf8')
            let parsed: unknown = {}
            try {
              parsed = text ? JSON.parse(text) : {}
            } catch {
              // MSAL reads JSON only; a proxy's HTML page becomes an empty answer MSAL reports as an error.
              parsed = {}
            }
            const description = (parsed as { error_description?: unknown }).error_description
            if (typeof description === 'string' && /AADSTS\d+/.test(description)) serverError = description.split('\n')[0]!.slice(0, 400)
            resolve({ headers, body: parsed as T, status: res.statusCode ?? 0 })
          })
          res.on('error', reject)
        },
      )
      req.on('timeout', () => req.destroy(new Error(`network_error: ${target.host} did not answer in time`)))
      req.on('error', (error) => reject(error.message.startsWith('network_error') ? error : new Error(`network_error: ${target.host}: ${error.message}`)))
      req.end(method === 'POST' ? body : undefined)
    })
  }

  return {
    get clockSkewMs() {
      return clockSkewMs
    },
    takeServerError() {
      const taken = serverError
      serverError = null
      return taken
    },
    sendGetRequestAsync: (url, opts, timeout) => send('GET', url, opts, timeout),
    sendPostRequestAsync: (url, opts) => send('POST', url, opts),
  }
}
