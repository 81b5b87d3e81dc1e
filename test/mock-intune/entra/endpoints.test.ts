import { createPublicKey, verify } from 'node:crypto'
import { request } from 'node:https'
import { describe, expect, it } from 'vitest'
import { call, hiddenFields, msalApp, deviceLogin, tenantOf, tokenFor, useEntraMock } from './support'

describe('identity provider endpoints', () => {
  const mock = useEntraMock()

  it('serves the OpenID document MSAL needs, under the tenant id and the domain, with and without /v2.0', async () => {
    const tenant = tenantOf(mock(), 0)
    for (const base of [tenant.authority, `${mock().idpOrigin}/${tenant.domain}`]) {
      for (const path of ['/v2.0/.well-known/openid-configuration', '/.well-known/openid-configuration']) {
        const answer = await call(`${base}${path}`, { ca: mock().caPem })
        expect(answer.status).toBe(200)
        const doc = JSON.parse(answer.text) as Record<string, unknown>
        expect(doc).toMatchObject({
          issuer: `${mock().idpOrigin}/${tenant.id}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
        })
      }
    }
    const unknown = await call(`${mock().idpOrigin}/contoso.net/v2.0/.well-known/openid-configuration`, { ca: mock().caPem })
    expect(unknown.status).toBe(400)
    expect(JSON.parse(unknown.text)).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] })
  })

  it('publishes the key that verifies its tokens (JWKS)', async () => {
    const tenant = tenantOf(mock(), 1)
    const token = await tokenFor(mock(), tenant, `reader@${tenant.domain}`)
    const jwks = JSON.parse((await call(`${tenant.authority}/discovery/v2.0/keys`, { ca: mock().caPem })).text) as { keys: Array<Record<string, string>> }
    const [head = '', body = '', signature = ''] = token.split('.')
    const kid = (JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { kid: string }).kid
    const jwk = jwks.keys.find((k) => k.kid === kid)
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
    const key = createPublicKey({ key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' })
    expect(verify('RSA-SHA256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'))).toBe(true)
  })

  it('MSAL signs in with the domain as the authority; the account carries the tenant id', async () => {
    const tenant = tenantOf(mock(), 0)
    const byDomain = { ...tenant, authority: `${mock().idpOrigin}/${tenant.domain}` }
    const result = await msalApp(mock(), byDomain).acquireTokenByDeviceCode({
      scopes: ['https://graph.microsoft.com/.default'],
      deviceCodeCallback: (response) => void deviceLogin(mock(), response.userCode, `nobody@${tenant.domain}`),
    })
    expect(result?.account?.tenantId).toBe(tenant.id)
  })

  it('prompt=none goes back to the app with login_required (AADSTS50058): there is no browser session', async () => {
    const tenant = tenantOf(mock(), 0)
    const params = new URLSearchParams({
      client_id: mock().clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost:1234',
      scope: 'openid',
      prompt: 'none',
      state: 'st',
      response_mode: 'form_post',
    })
    const page = await call(`${tenant.authority}/oauth2/v2.0/authorize?${params.toString()}`, { ca: mock().caPem })
    expect(hiddenFields(page.text)).toMatchObject({ action: 'http://localhost:1234', fields: { error: 'login_required', state: 'st' } })
    expect(hiddenFields(page.text).fields.error_description).toMatch(/^AADSTS50058/)
  })

  it('answers only to loopback Host names, and to no other web page', async () => {
    const { port } = new URL(mock().idpOrigin)
    const raw = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: `/${tenantOf(mock(), 0).id}/v2.0/.well-known/openid-configuration`,
            headers,
            ca: mock().caPem,
            servername: 'localhost',
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end()
      })
    expect(await raw({ Host: `127.0.0.1:${port}` })).toBe(200)
    expect(await raw({ Host: `evil.example:${port}` })).toBe(403)
    expect(await raw({ Host: `127.0.0.1:${port}`, Origin: 'https://evil.example' })).toBe(403)
    expect(await raw({ Host: `127.0.0.1:${port}`, Origin: mock().idpOrigin })).toBe(200)
  })

  it('the device login page is a plain form with user_code, login and password', async () => {
    const page = await call(`${mock().idpOrigin}/devicelogin`, { ca: mock().caPem })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    for (const name of ['user_code', 'login', 'password']) expect(page.text).toContain(`name="${name}"`)
    expect(page.text).not.toContain('<script')
    const unknown = await deviceLogin(mock(), 'NOTACODE', `tech@${tenantOf(mock(), 0).domain}`)
    expect(unknown.status).toBe(400)
  })
})
