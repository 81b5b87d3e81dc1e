import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { PublicClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node'
import { afterAll, beforeAll } from 'vitest'
import type { MockIntuneOptions } from '@mock-intune'
import type { EntraOptions } from '@mock-intune/entra/entra-options'
import { startEntraMock, type EntraMock, type EntraMockTenant } from '@mock-intune/entra/start-entra-mock'

export interface HttpAnswer {
  status: number
  headers: Record<string, string>
  text: string
}

/** One request over http or https; https trusts only `ca` (the mock's per-run CA). */
export function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<HttpAnswer> {
  const target = new URL(url)
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method: init.method ?? 'GET', headers: { ...init.headers }, ...(target.protocol === 'https:' ? { ca: init.ca } : {}) },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const headers: Record<string, string> = {}
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') })
        })
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}

/** A form-encoded POST. */
export const postForm = (url: string, fields: Record<string, string>, ca?: string): Promise<HttpAnswer> =>
  call(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    ...(ca ? { ca } : {}),
  })

/**
 * MSAL's network module over node:https trusting the mock's CA: MSAL's default client uses global fetch,
 * which reads NODE_EXTRA_CA_CERTS only at process start (the child-process test covers that way).
 */
export function trustingNetworkClient(ca: string): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const answer = await call(url, { method, headers: options?.headers ?? {}, ...(options?.body === undefined ? {} : { body: options.body }), ca })
    return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.text) as T }
  }
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  }
}

export function msalApp(mock: EntraMock, tenant: EntraMockTenant, clientId = mock.clientId): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId, authority: tenant.authority, knownAuthorities: [new URL(mock.idpOrigin).host] },
    system: { networkClient: trustingNetworkClient(mock.caPem) },
  })
}

/** Completes the device login page the way a script does: one form-encoded POST. */
export const deviceLogin = (mock: EntraMock, userCode: string, login: string, password = mock.password): Promise<HttpAnswer> =>
  postForm(`${mock.idpOrigin}/devicelogin`, { user_code: userCode, login, password }, mock.caPem)

/** Reads `<input type="hidden" name="x" value="y">` fields and the form action of an HTML page. */
export function hiddenFields(html: string): { action: string; fields: Record<string, string> } {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(m[1] ?? '')] = unescape(m[2] ?? '')
  return { action: unescape(/<form method="post"[^>]*action="([^"]*)"/.exec(html)?.[1] ?? ''), fields }
}

/**
 * A browser for acquireTokenInteractive's openBrowser: loads the sign-in page, submits the account (or
 * Cancel), and delivers the form_post hand-back to the app's loopback redirect. Returns the pages seen.
 */
export async function browse(
  mock: EntraMock,
  authorizeUrl: string,
  login: string,
  options: { password?: string; action?: 'signin' | 'cancel' } = {},
): Promise<HttpAnswer[]> {
  const pages: HttpAnswer[] = []
  const signIn = await call(authorizeUrl, { ca: mock.caPem })
  pages.push(signIn)
  if (signIn.status !== 200) return pages
  const form = hiddenFields(signIn.text)
  const answer = await postForm(
    new URL(form.action, mock.idpOrigin).href,
    { ...form.fields, login, password: options.password ?? mock.password, action: options.action ?? 'signin' },
    mock.caPem,
  )
  pages.push(answer)
  if (answer.status !== 200 || !answer.text.includes('name="hiddenform"')) return pages
  const back = hiddenFields(answer.text)
  pages.push(await postForm(back.action, back.fields))
  return pages
}

/** Device code flow without MSAL (raw protocol), for tests that only need a token. */
export async function tokenFor(
  mock: EntraMock,
  tenant: EntraMockTenant,
  login: string,
  scope = 'https://graph.microsoft.com/.default offline_access openid profile',
): Promise<string> {
  const start = await postForm(`${tenant.authority}/oauth2/v2.0/devicecode`, { client_id: mock.clientId, scope }, mock.caPem)
  const code = JSON.parse(start.text) as { device_code: string; user_code: string }
  const login_ = await deviceLogin(mock, code.user_code, login)
  if (login_.status !== 200) throw new Error(`device login failed: ${login_.text}`)
  const token = await postForm(
    `${tenant.authority}/oauth2/v2.0/token`,
    { client_id: mock.clientId, grant_type: 'device_code', device_code: code.device_code },
    mock.caPem,
  )
  const body = JSON.parse(token.text) as { access_token?: string }
  if (!body.access_token) throw new Error(`no token: ${token.text}`)
  return body.access_token
}

/** Starts one Entra mock for the file and closes it afterwards. */
export function useEntraMock(options: MockIntuneOptions = {}, entra: EntraOptions = {}): () => EntraMock {
  let mock: EntraMock | undefined
  beforeAll(async () => {
    mock = await startEntraMock({ devices: 20, throttle: 'off', ...options }, entra)
  })
  afterAll(async () => {
    await mock?.close()
  })
  return () => {
    if (!mock) throw new Error('mock not started')
    return mock
  }
}

export const tenantOf = (mock: EntraMock, index: number): EntraMockTenant => {
  const tenant = mock.tenants[index]
  if (!tenant) throw new Error(`no tenant ${index}`)
  return tenant
}

export const graphGet = (mock: EntraMock, path: string, token: string): Promise<HttpAnswer> =>
  call(`${mock.graphUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } })
