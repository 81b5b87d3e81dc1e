import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { browse, call, graphGet, hiddenFields, msalApp, postForm, tenantOf, useEntraMock, type HttpAnswer } from './support'

const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default']

const decode = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>

describe('auth code + PKCE with the real @azure/msal-node (acquireTokenInteractive, form_post)', () => {
  const mock = useEntraMock()

  it('signs in through the sign-in page, with the account switch by login_hint, and gets Graph, ID and refresh tokens', async () => {
    const tenant = tenantOf(mock(), 1)
    const app = msalApp(mock(), tenant)
    let pages: HttpAnswer[] = []
    let authorizeUrl = ''
    const result = await app.acquireTokenInteractive({
      scopes: GRAPH_DEFAULT,
      prompt: 'select_account',
      loginHint: `tech@${tenant.domain}`,
      openBrowser: async (url) => {
        authorizeUrl = url
        pages = await browse(mock(), url, `tech@${tenant.domain}`)
      },
    })
    const query = new URL(authorizeUrl).searchParams
    expect(query.get('response_mode')).toBe('form_post')
    expect(query.get('code_challenge_method')).toBe('S256')
    // The sign-in page lists the tenant's test accounts and prefills the hint.
    expect(pages[0]?.text).toContain(`tech@${tenant.domain}`)
    expect(pages[0]?.text).toContain(`reader@${tenant.domain}`)
    expect(pages[0]?.text).toContain(`nobody@${tenant.domain}`)
    expect(pages[0]?.text).toContain(`value="tech@${tenant.domain}"`)
    expect(pages[1]?.text).toContain('name="hiddenform"')
    expect(result.account?.tenantId).toBe(tenant.id)
    expect(result.account?.username).toBe(`tech@${tenant.domain}`)
    const claims = decode(result.accessToken)
    expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: tenant.id, upn: `tech@${tenant.domain}`, appid: mock().clientId })
    expect(String(claims.scp).split(' ')).toContain('DeviceManagementServiceConfig.ReadWrite.All')
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600)
    expect(decode(result.idToken)).toMatchObject({ aud: mock().clientId, tid: tenant.id, preferred_username: `tech@${tenant.domain}` })
    const org = await graphGet(mock(), '/v1.0/organization', result.accessToken)
    expect(org.status).toBe(200)
    expect(org.text).toContain(tenant.id)
    // A refresh token is in MSAL's cache: a forced refresh works without the browser.
    const account = result.account
    if (!account) throw new Error('no account')
    const renewed = await app.acquireTokenSilent({ account, scopes: GRAPH_DEFAULT, forceRefresh: true })
    expect(renewed.accessToken).not.toBe(result.accessToken)
    expect(decode(renewed.accessToken).tid).toBe(tenant.id)
  })

  it('a wrong password shows the page again with AADSTS50126 and gives no code', async () => {
    const tenant = tenantOf(mock(), 0)
    const app = msalApp(mock(), tenant)
    let pages: HttpAnswer[] = []
    const signedIn = app.acquireTokenInteractive({
      scopes: GRAPH_DEFAULT,
      openBrowser: async (url) => {
        pages = await browse(mock(), url, `tech@${tenant.domain}`, { password: 'not-the-password' })
        // Then the user types the right one on the page shown again.
        const again = hiddenFields(pages[1]?.text ?? '')
        const ok = await postForm(
          new URL(again.action, mock().idpOrigin).href,
          { ...again.fields, login: `reader@${tenant.domain}`, password: mock().password, action: 'signin' },
          mock().caPem,
        )
        const back = hiddenFields(ok.text)
        await postForm(back.action, back.fields)
      },
    })
    const result = await signedIn
    expect(pages[1]?.status).toBe(400)
    expect(pages[1]?.text).toContain('AADSTS50126')
    expect(pages[1]?.text).not.toContain('name="code"')
    expect(result.account?.username).toBe(`reader@${tenant.domain}`)
  })

  it('Cancel sends access_denied back to the app', async () => {
    const tenant = tenantOf(mock(), 0)
    let back: Record<string, string> = {}
    await expect(
      msalApp(mock(), tenant).acquireTokenInteractive({
        scopes: GRAPH_DEFAULT,
        openBrowser: async (url) => {
          const pages = await browse(mock(), url, '', { action: 'cancel' })
          back = hiddenFields(pages[1]?.text ?? '').fields
        },
      }),
    ).rejects.toThrow(/access_denied/)
    expect(back.error).toBe('access_denied')
    expect(back.error_description).toMatch(/^AADSTS65004/)
    expect(back.state).toBeDefined()
  })

  it('an account of the other tenant goes back as AADSTS50020', async () => {
    const [a, b] = [tenantOf(mock(), 0), tenantOf(mock(), 1)]
    await expect(
      msalApp(mock(), a).acquireTokenInteractive({ scopes: GRAPH_DEFAULT, openBrowser: async (url) => void (await browse(mock(), url, `nobody@${b.domain}`)) }),
    ).rejects.toThrow(/AADSTS50020/)
  })
})

describe('authorize endpoint errors', () => {
  const mock = useEntraMock({}, { redirectUri: 'https://login.microsoftonline.com/common/oauth2/nativeclient', consent: { 'fabrikam.com': [] } })

  const authorize = (tenantIndex: number, params: Record<string, string>) =>
    call(`${tenantOf(mock(), tenantIndex).authority}/oauth2/v2.0/authorize?${new URLSearchParams(params).toString()}`, { ca: mock().caPem })

  it('a redirect URI that is not registered is AADSTS50011 on the page, not a redirect', async () => {
    const page = await authorize(0, { client_id: mock().clientId, response_type: 'code', redirect_uri: 'http://localhost:5555', scope: 'openid' })
    expect(page.status).toBe(400)
    expect(page.headers.location).toBeUndefined()
    expect(page.text).toContain('AADSTS50011')
  })

  it('an unknown client id is AADSTS700016 on the page', async () => {
    const page = await authorize(0, {
      client_id: '99999999-0000-0000-0000-000000000000',
      response_type: 'code',
      redirect_uri: 'http://localhost',
      scope: 'openid',
    })
    expect(page.status).toBe(400)
    expect(page.text).toContain('AADSTS700016')
  })

  it('a tenant without consent sends AADSTS65001 back as access_denied; the code verifier is checked (PKCE)', async () => {
    const redirect = 'https://login.microsoftonline.com/common/oauth2/nativeclient'
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const base = {
      client_id: mock().clientId,
      response_type: 'code',
      redirect_uri: redirect,
      scope: 'openid offline_access https://graph.microsoft.com/.default',
    }
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256', response_mode: 'form_post', state: 's1' }
    const refused = await authorize(1, { ...base, ...pkce })
    const form = hiddenFields(refused.text)
    const answer = await postForm(
      new URL(form.action, mock().idpOrigin).href,
      { ...form.fields, login: `tech@${tenantOf(mock(), 1).domain}`, password: mock().password },
      mock().caPem,
    )
    const back = hiddenFields(answer.text)
    expect(back.action).toBe(redirect)
    expect(back.fields).toMatchObject({ error: 'access_denied', state: 's1' })
    expect(back.fields.error_description).toMatch(/^AADSTS65001/)

    const tenant = tenantOf(mock(), 0)
    const page = hiddenFields((await authorize(0, { ...base, ...pkce })).text)
    const signedIn = hiddenFields(
      (await postForm(new URL(page.action, mock().idpOrigin).href, { ...page.fields, login: `tech@${tenant.domain}`, password: mock().password }, mock().caPem))
        .text,
    )
    const code = signedIn.fields.code ?? ''
    expect(code).not.toBe('')
    const redeem = (codeVerifier: string) =>
      postForm(
        `${tenant.authority}/oauth2/v2.0/token`,
        { client_id: mock().clientId, grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: codeVerifier },
        mock().caPem,
      )
    expect(JSON.parse((await redeem('wrong-verifier')).text)).toMatchObject({ error: 'invalid_grant', error_codes: [501481] })
    const good = JSON.parse((await redeem(verifier)).text) as Record<string, unknown>
    expect(good).toMatchObject({ token_type: 'Bearer', expires_in: 3600 })
    expect(typeof good.refresh_token).toBe('string')
    expect(JSON.parse((await redeem(verifier)).text)).toMatchObject({ error: 'invalid_grant', error_codes: [54005] })
  })
})
