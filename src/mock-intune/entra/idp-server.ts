import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { AadError, aadErrorBody } from './aad-errors'
import type { IdentityProvider, Form, RedirectBack } from './identity-provider'
import { publicJwk } from './jwt'
import { deviceLoginPage, formPostPage, messagePage, signInPage } from './pages'
import type { TlsMaterial } from './certificates'

/**
 * The mock Entra ID over https (docs/mock-intune.md › Sign-in with Entra): routes requests to
 * IdentityProvider and renders JSON or HTML. Like the Graph mock, it answers only to loopback Host names;
 * browser pages may post only from its own origin (the sign-in forms).
 */

const MAX_FORM_BYTES = 65_536

type Reply = { status: number; json?: unknown; html?: string; headers?: Record<string, string> }

function readForm(req: IncomingMessage): Promise<Form | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_FORM_BYTES) chunks.push(chunk)
    })
    req.on('end', () => {
      if (size > MAX_FORM_BYTES) return resolve('too-large')
      resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))))
    })
    req.on('error', reject)
  })
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return
  const body = reply.html ?? (reply.json === undefined ? '' : JSON.stringify(reply.json))
  const type = reply.html !== undefined ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8'
  res
    .writeHead(reply.status, {
      'Content-Type': type,
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(reply.html !== undefined ? { 'X-Frame-Options': 'DENY' } : {}),
      ...reply.headers,
    })
    .end(body)
}

export interface IdpServer {
  origin: string
  port: number
  close(): Promise<void>
}

export async function startIdpServer(idp: IdentityProvider, tls: TlsMaterial, host: string, port: number): Promise<IdpServer> {
  let allowed = new Set<string>()
  let origins = new Set<string>()
  const handle = async (req: IncomingMessage): Promise<Reply> => {
    const hostHeader = (req.headers.host ?? '').toLowerCase()
    if (!allowed.has(hostHeader))
      return { status: 403, html: messagePage('Forbidden', 'Unexpected Host header: the mock identity provider answers only to 127.0.0.1 or localhost.', true) }
    const origin = req.headers.origin
    if (origin !== undefined && !origins.has(origin.toLowerCase()))
      return { status: 403, html: messagePage('Forbidden', 'Requests from other web pages are refused.', true) }
    const url = new URL(req.url ?? '/', idp.origin)
    const parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p))
    const method = (req.method ?? 'GET').toUpperCase()
    const query = Object.fromEntries(url.searchParams)
    const form = method === 'POST' ? await readForm(req) : {}
    if (form === 'too-large') return { status: 413, json: { error: 'invalid_request', error_description: 'The request body is too large.' } }
    const correlation = req.headers['client-request-id']
    const correlationId = typeof correlation === 'string' && /^[\w-]{1,64}$/.test(correlation) ? correlation : undefined
    const jsonError = (error: AadError): Reply => ({ status: error.status, json: aadErrorBody(error, correlationId, new Date()) })
    const path = parts.slice(1).join('/').toLowerCase()
    const tenantName = parts[0] ?? ''

    if (parts.length === 1 && tenantName.toLowerCase() === 'devicelogin') {
      if (method === 'GET') return { status: 200, html: deviceLoginPage({}) }
      if (method !== 'POST') return { status: 405, html: messagePage('Not allowed', 'Use GET or POST.', true), headers: { Allow: 'GET, POST' } }
      try {
        const outcome = idp.completeDeviceLogin(form)
        if (outcome === 'declined') return { status: 200, html: messagePage('Sign-in cancelled', 'You cancelled the sign-in. You may now close this window.') }
        return {
          status: 200,
          html: messagePage(
            'You have signed in',
            `You have signed in to ${'Autopilot Bench (mock)'} as ${outcome.upn} on your device. You may now close this window.`,
          ),
        }
      } catch (error) {
        if (!(error instanceof AadError)) throw error
        return { status: 400, html: deviceLoginPage({ error: error.message, userCode: form.user_code ?? '', login: form.login ?? '' }) }
      }
    }
    try {
      if (method === 'GET' && (path === 'v2.0/.well-known/openid-configuration' || path === '.well-known/openid-configuration')) {
        return { status: 200, json: idp.openIdConfiguration(tenantName) }
      }
      if (method === 'GET' && (path === 'discovery/v2.0/keys' || path === 'discovery/keys')) {
        if (tenantName.toLowerCase() !== 'common') idp.tenant(tenantName)
        return { status: 200, json: { keys: [publicJwk(idp.key)] } }
      }
      if (path === 'oauth2/v2.0/token' && method === 'POST') return { status: 200, json: idp.token(tenantName, form) }
      if (path === 'oauth2/v2.0/devicecode' && method === 'POST') return { status: 200, json: idp.startDeviceCode(tenantName, form) }
      if (path === 'oauth2/v2.0/authorize') return authorize(idp, tenantName, method === 'POST' ? form : query, method)
      if (path === 'oauth2/v2.0/logout')
        return { status: 200, html: messagePage('Signed out', 'You signed out of your account. (The mock keeps no browser session.)') }
    } catch (error) {
      if (!(error instanceof AadError)) throw error
      return jsonError(error)
    }
    return { status: 404, json: { error: 'not_found', error_description: `The mock identity provider has no endpoint ${url.pathname}.` } }
  }

  const server: Server = createServer({ key: tls.key, cert: tls.cert, requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handle(req).then(
      (reply) => write(res, reply),
      (error: unknown) => {
        console.error('[mock-intune entra] unhandled error', error)
        write(res, { status: 500, json: { error: 'server_error', error_description: 'An unexpected error occurred in the mock identity provider.' } })
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = (server.address() as AddressInfo).port
  allowed = new Set([`127.0.0.1:${bound}`, `localhost:${bound}`])
  origins = new Set([`https://127.0.0.1:${bound}`, `https://localhost:${bound}`])
  const origin = `https://127.0.0.1:${bound}`
  idp.origin = origin
  let closing: Promise<void> | undefined
  return {
    origin,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

/** GET shows the sign-in page; POST (the page's form) hands the answer back to the app or shows the page again. */
function authorize(idp: IdentityProvider, tenantName: string, params: Form, method: string): Reply {
  const action = `/${encodeURIComponent(tenantName)}/oauth2/v2.0/authorize`
  if (method === 'GET' || params.tx === undefined) {
    try {
      const tx = idp.startAuthorize(tenantName, params)
      if (params.prompt === 'none') return handBack(idp.refuseSilentSignIn(tx))
      return {
        status: 200,
        html: signInPage({ action, tx: tx.id, tenantName: tx.tenant.displayName, accounts: tx.tenant.accounts, login: tx.loginHint ?? '' }),
      }
    } catch (error) {
      if (!(error instanceof AadError)) throw error
      return { status: 400, html: messagePage('Sorry, but we’re having trouble signing you in.', error.message, true) }
    }
  }
  const tx = idp.transaction(params.tx)
  if (!tx)
    return {
      status: 400,
      html: messagePage('Sign-in expired', 'This sign-in page has expired or was already used. Start the sign-in again from the app.', true),
    }
  try {
    return handBack(idp.finishAuthorize(tx, params))
  } catch (error) {
    if (!(error instanceof AadError)) throw error
    return {
      status: 400,
      html: signInPage({ action, tx: tx.id, tenantName: tx.tenant.displayName, accounts: tx.tenant.accounts, login: params.login ?? '', error: error.message }),
    }
  }
}

/** The answer to the app: an auto-submitting form (form_post, MSAL's choice) or a 302 with the fields in the query. */
function handBack(back: RedirectBack): Reply {
  if (back.responseMode === 'form_post') return { status: 200, html: formPostPage(back.redirectUri, back.fields) }
  const target = new URL(back.redirectUri)
  for (const [name, value] of Object.entries(back.fields)) target.searchParams.set(name, value)
  return { status: 302, headers: { Location: target.href }, html: messagePage('Redirecting', 'Returning to the app…') }
}
