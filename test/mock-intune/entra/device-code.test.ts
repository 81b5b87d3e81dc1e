import { describe, expect, it } from 'vitest'
import type { EntraMock, EntraMockTenant } from '@mock-intune/entra/start-entra-mock'
import { deviceLogin, graphGet, msalApp, postForm, tenantOf, useEntraMock } from './support'

/**
 * MSAL ends a device code flow on any error but `authorization_pending` and keeps only the OAuth error
 * (`post_request_failed: invalid_grant`): the AADSTS code is in the token endpoint's description, which
 * these tests read with one more poll of the same device code.
 */
async function lastPoll(
  mock: EntraMock,
  tenant: EntraMockTenant,
  deviceCode: string,
): Promise<{ error: string; error_description: string; error_codes: number[] }> {
  const answer = await postForm(
    `${tenant.authority}/oauth2/v2.0/token`,
    { client_id: mock.clientId, grant_type: 'device_code', device_code: deviceCode },
    mock.caPem,
  )
  return JSON.parse(answer.text) as { error: string; error_description: string; error_codes: number[] }
}

const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default']

describe('device code flow with the real @azure/msal-node', () => {
  const mock = useEntraMock({}, { tokenLifetime: 2 })

  it('signs in end to end, reads Graph, and refreshes silently after the token expired', async () => {
    const tenant = tenantOf(mock(), 0)
    const app = msalApp(mock(), tenant)
    const messages: string[] = []
    const result = await app.acquireTokenByDeviceCode({
      scopes: GRAPH_DEFAULT,
      deviceCodeCallback: (response) => {
        messages.push(response.message)
        // MSAL does not await this callback: the login runs alongside its polling.
        void deviceLogin(mock(), response.userCode, `tech@${tenant.domain}`)
      },
    })
    expect(messages[0]).toContain(`${mock().idpOrigin}/devicelogin`)
    expect(result?.account?.tenantId).toBe(tenant.id)
    expect(result?.account?.username).toBe(`tech@${tenant.domain}`)
    expect(result?.scopes).toContain('https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All')
    const token = result?.accessToken ?? ''
    const list = await graphGet(mock(), '/beta/deviceManagement/windowsAutopilotDeviceIdentities', token)
    expect(list.status).toBe(200)
    expect((JSON.parse(list.text) as { value: unknown[] }).value).toHaveLength(20)

    await new Promise((resolve) => setTimeout(resolve, 2_200))
    expect((await graphGet(mock(), '/v1.0/organization', token)).status).toBe(401)
    const account = result?.account
    if (!account) throw new Error('no account')
    const renewed = await app.acquireTokenSilent({ account, scopes: GRAPH_DEFAULT })
    expect(renewed.accessToken).not.toBe(token)
    expect((await graphGet(mock(), '/v1.0/organization', renewed.accessToken)).status).toBe(200)
  })

  it('never issues a token for a wrong password; the right one still works on the same code', async () => {
    const tenant = tenantOf(mock(), 1)
    const pages: Array<{ status: number; text: string }> = []
    const result = await msalApp(mock(), tenant).acquireTokenByDeviceCode({
      scopes: GRAPH_DEFAULT,
      deviceCodeCallback: (response) => {
        void (async () => {
          pages.push(await deviceLogin(mock(), response.userCode, `reader@${tenant.domain}`, 'wrong-password'))
          pages.push(await deviceLogin(mock(), response.userCode, `reader@${tenant.domain}`))
        })()
      },
    })
    expect(pages[0]?.status).toBe(400)
    expect(pages[0]?.text).toContain('AADSTS50126')
    expect(pages[1]?.status).toBe(200)
    expect(result?.account?.username).toBe(`reader@${tenant.domain}`)
  })

  it('refuses an unknown client id with AADSTS700016', async () => {
    const foreign = '11111111-2222-3333-4444-555555555555'
    const tenant = tenantOf(mock(), 0)
    const app = msalApp(mock(), tenant, foreign)
    await expect(app.acquireTokenByDeviceCode({ scopes: GRAPH_DEFAULT, deviceCodeCallback: () => undefined })).rejects.toThrow(/unauthorized_client/)
    const raw = await postForm(`${tenant.authority}/oauth2/v2.0/devicecode`, { client_id: foreign, scope: GRAPH_DEFAULT[0] ?? '' }, mock().caPem)
    expect(raw.status).toBe(400)
    expect(JSON.parse(raw.text)).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] })
    expect((JSON.parse(raw.text) as { error_description: string }).error_description).toMatch(
      new RegExp(`^AADSTS700016: Application with identifier '${foreign}' was not found in the directory '${tenant.id}'`),
    )
  })

  it('ends the flow with AADSTS50020 when an account of the other tenant signs in', async () => {
    const [a, b] = [tenantOf(mock(), 0), tenantOf(mock(), 1)]
    let page = ''
    let deviceCode = ''
    await expect(
      msalApp(mock(), a).acquireTokenByDeviceCode({
        scopes: GRAPH_DEFAULT,
        deviceCodeCallback: (response) => {
          deviceCode = response.deviceCode
          void deviceLogin(mock(), response.userCode, `tech@${b.domain}`).then((answer) => (page = answer.text))
        },
      }),
    ).rejects.toThrow(/invalid_grant/)
    expect(page).toContain('AADSTS50020')
    expect((await lastPoll(mock(), a, deviceCode)).error_description).toMatch(/^AADSTS50020: User account 'tech@fabrikam\.com'/)
  })

  it('ends the flow with authorization_declined when the user cancels', async () => {
    const tenant = tenantOf(mock(), 0)
    await expect(
      msalApp(mock(), tenant).acquireTokenByDeviceCode({
        scopes: GRAPH_DEFAULT,
        deviceCodeCallback: (response) => {
          void postForm(`${mock().idpOrigin}/devicelogin`, { user_code: response.userCode, action: 'cancel' }, mock().caPem)
        },
      }),
    ).rejects.toThrow(/authorization_declined/)
  })

  it('fails discovery for a tenant that does not exist (AADSTS90002)', async () => {
    const tenant = { ...tenantOf(mock(), 0), authority: `${mock().idpOrigin}/contoso.net` }
    await expect(msalApp(mock(), tenant).acquireTokenByDeviceCode({ scopes: GRAPH_DEFAULT, deviceCodeCallback: () => undefined })).rejects.toThrow()
  })
})

describe('device code flow: tenant policies', () => {
  const mock = useEntraMock({}, { blockDeviceCode: ['fabrikam.com'], deviceCodeLifetime: 2, consent: { 'contoso.com': [] } })

  it('Conditional Access blocks device code in one tenant (AADSTS53003)', async () => {
    const tenant = tenantOf(mock(), 1)
    let page = ''
    let deviceCode = ''
    await expect(
      msalApp(mock(), tenant).acquireTokenByDeviceCode({
        scopes: GRAPH_DEFAULT,
        deviceCodeCallback: (response) => {
          deviceCode = response.deviceCode
          void deviceLogin(mock(), response.userCode, `tech@${tenant.domain}`).then((answer) => (page = answer.text))
        },
      }),
    ).rejects.toThrow(/invalid_grant/)
    expect(page).toContain('AADSTS53003')
    expect((await lastPoll(mock(), tenant, deviceCode)).error_codes).toEqual([53003])
  })

  it('a tenant without consent answers AADSTS65001', async () => {
    const tenant = tenantOf(mock(), 0)
    let deviceCode = ''
    await expect(
      msalApp(mock(), tenant).acquireTokenByDeviceCode({
        scopes: GRAPH_DEFAULT,
        deviceCodeCallback: (response) => {
          deviceCode = response.deviceCode
          void deviceLogin(mock(), response.userCode, `tech@${tenant.domain}`)
        },
      }),
    ).rejects.toThrow(/invalid_grant/)
    const poll = await lastPoll(mock(), tenant, deviceCode)
    expect(poll.error_codes).toEqual([65001])
    expect(poll).toMatchObject({ suberror: 'consent_required' })
  })

  it('an unused device code expires (expired_token)', async () => {
    // Entra's expired_token on a poll, or MSAL's own device_code_expired when its clock passes the
    // code's expires_in before the next poll (which comes first depends on timing; both are the
    // same expiry to the app, explained alike by identity-errors.ts).
    await expect(msalApp(mock(), tenantOf(mock(), 1)).acquireTokenByDeviceCode({ scopes: GRAPH_DEFAULT, deviceCodeCallback: () => undefined })).rejects.toThrow(
      /expired_token|AADSTS70020|device_code_expired/,
    )
  })
})
