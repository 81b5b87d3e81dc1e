import { describe, expect, it } from 'vitest'
import { call, graphGet, postForm, tenantOf, tokenFor, useEntraMock, deviceLogin } from './support'

const DEVICES = '/beta/deviceManagement/windowsAutopilotDeviceIdentities'

interface GraphErrorBody {
  error: { code: string; message: string }
}
const errorOf = (text: string) => (JSON.parse(text) as GraphErrorBody).error
/** The nested Intune message's text (the Intune error envelope of docs/reference/graph-api.md §B9). */
const intuneMessage = (text: string) => (JSON.parse(errorOf(text).message) as { Message: string }).Message

const graphPost = (graphUrl: string, path: string, token: string, body: unknown) =>
  call(`${graphUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

describe('Graph under --auth entra: tokens, tenants and roles', () => {
  const mock = useEntraMock({}, { consent: { 'fabrikam.com': ['User.Read', 'DeviceManagementServiceConfig.Read.All'] } })

  it('answers 401 InvalidAuthenticationToken for no token, an ID token, a bad signature or a forged tenant', async () => {
    const a = tenantOf(mock(), 0)
    const b = tenantOf(mock(), 1)
    const noToken = await call(`${mock().graphUrl}${DEVICES}`)
    expect(noToken.status).toBe(401)
    expect(errorOf(noToken.text)).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' })
    expect(noToken.headers['www-authenticate']).toMatch(/^Bearer /)

    const start = JSON.parse(
      (await postForm(`${a.authority}/oauth2/v2.0/devicecode`, { client_id: mock().clientId, scope: 'openid .default' }, mock().caPem)).text,
    ) as {
      device_code: string
      user_code: string
    }
    await deviceLogin(mock(), start.user_code, `tech@${a.domain}`)
    const tokens = JSON.parse(
      (
        await postForm(
          `${a.authority}/oauth2/v2.0/token`,
          { client_id: mock().clientId, grant_type: 'device_code', device_code: start.device_code },
          mock().caPem,
        )
      ).text,
    ) as { access_token: string; id_token: string }
    expect((await graphGet(mock(), DEVICES, tokens.access_token)).status).toBe(200)

    const idToken = await graphGet(mock(), DEVICES, tokens.id_token)
    expect(idToken.status).toBe(401)
    expect(errorOf(idToken.text).message).toBe('Access token validation failure. Invalid audience.')

    const [head, body, signature] = tokens.access_token.split('.') as [string, string, string]
    const flipped = `${head}.${body}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`
    const badSignature = await graphGet(mock(), DEVICES, flipped)
    expect(badSignature.status).toBe(401)
    expect(errorOf(badSignature.text).message).toBe('Access token validation failure.')

    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, tid: b.id })).toString('base64url')}.${signature}`
    expect((await graphGet(mock(), DEVICES, forged)).status).toBe(401)

    const notJwt = await graphGet(mock(), DEVICES, 'not-a-jwt')
    expect(notJwt.status).toBe(401)
  })

  it('keeps tenants apart: a token reads only its own tenant, whatever id it asks for', async () => {
    const a = tenantOf(mock(), 0)
    const b = tenantOf(mock(), 1)
    const tokenA = await tokenFor(mock(), a, `tech@${a.domain}`)
    const tokenB = await tokenFor(mock(), b, `tech@${b.domain}`)
    const listA = JSON.parse((await graphGet(mock(), DEVICES, tokenA)).text) as { value: Array<{ id: string; serialNumber: string }> }
    const listB = JSON.parse((await graphGet(mock(), DEVICES, tokenB)).text) as { value: Array<{ id: string; serialNumber: string }> }
    expect(listA.value.length).toBeGreaterThan(0)
    expect(listB.value.length).toBeGreaterThan(0)
    const idsA = new Set(listA.value.map((d) => d.id))
    expect(listB.value.some((d) => idsA.has(d.id))).toBe(false)
    const foreignId = listB.value[0]?.id ?? ''
    expect((await graphGet(mock(), `${DEVICES}/${foreignId}`, tokenA)).status).toBe(404)
    expect((await graphGet(mock(), `${DEVICES}/${foreignId}`, tokenB)).status).toBe(200)
    const orgA = JSON.parse((await graphGet(mock(), '/v1.0/organization', tokenA)).text) as { value: Array<{ id: string }> }
    const orgB = JSON.parse((await graphGet(mock(), '/v1.0/organization', tokenB)).text) as { value: Array<{ id: string }> }
    expect(orgA.value[0]?.id).toBe(a.id)
    expect(orgB.value[0]?.id).toBe(b.id)
    // The simulator belongs to the token's tenant too.
    const simA = await graphGet(mock(), '/_sim/scenarios', tokenA)
    expect(simA.status).toBe(200)
    expect((await call(`${mock().graphUrl}/_sim/scenarios`)).status).toBe(401)
  })

  it('403 with the missing scopes when the tenant consented fewer permissions', async () => {
    const b = tenantOf(mock(), 1)
    const token = await tokenFor(mock(), b, `tech@${b.domain}`)
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scp: string }
    expect(claims.scp.split(' ').sort()).toEqual(['DeviceManagementServiceConfig.Read.All', 'User.Read'])
    const list = await graphGet(mock(), DEVICES, token)
    expect(list.status).toBe(200)
    const id = (JSON.parse(list.text) as { value: Array<{ id: string }> }).value[0]?.id ?? ''

    const write = await graphPost(mock().graphUrl, `${DEVICES}/${id}/updateDeviceProperties`, token, { groupTag: 'BENCH-X' })
    expect(write.status).toBe(403)
    expect(errorOf(write.text).code).toBe('Forbidden')
    expect(intuneMessage(write.text)).toMatch(
      /^Application is not authorized to perform this operation\. Application must have one of the following scopes: DeviceManagementServiceConfig\.ReadWrite\.All - Operation ID/,
    )
    const managed = await graphGet(mock(), '/beta/deviceManagement/managedDevices', token)
    expect(managed.status).toBe(403)
    expect(intuneMessage(managed.text)).toContain(
      'Application must have one of the following scopes: DeviceManagementManagedDevices.Read.All, DeviceManagementManagedDevices.ReadWrite.All',
    )
    const users = await graphGet(mock(), '/v1.0/users', token)
    expect(users.status).toBe(403)
    expect(errorOf(users.text)).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' })
    expect((await graphGet(mock(), '/v1.0/organization', token)).status).toBe(200)
  })

  it('asking for a permission the tenant has not consented is AADSTS65001', async () => {
    const b = tenantOf(mock(), 1)
    const start = JSON.parse(
      (
        await postForm(
          `${b.authority}/oauth2/v2.0/devicecode`,
          { client_id: mock().clientId, scope: 'https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All offline_access' },
          mock().caPem,
        )
      ).text,
    ) as { user_code: string }
    const page = await deviceLogin(mock(), start.user_code, `tech@${b.domain}`)
    expect(page.status).toBe(400)
    expect(page.text).toContain('AADSTS65001')
  })

  it("403 'User is not authorized' for the account's Intune role: reader cannot write, nobody cannot read", async () => {
    const a = tenantOf(mock(), 0)
    const reader = await tokenFor(mock(), a, `reader@${a.domain}`)
    const nobody = await tokenFor(mock(), a, `nobody@${a.domain}`)
    const tech = await tokenFor(mock(), a, `tech@${a.domain}`)
    const list = await graphGet(mock(), DEVICES, reader)
    expect(list.status).toBe(200)
    const id = (JSON.parse(list.text) as { value: Array<{ id: string }> }).value[0]?.id ?? ''
    const path = `${DEVICES}/${id}/updateDeviceProperties`

    const readerWrite = await graphPost(mock().graphUrl, path, reader, { groupTag: 'BENCH-X' })
    expect(readerWrite.status).toBe(403)
    expect(intuneMessage(readerWrite.text)).toMatch(/^User is not authorized to perform this operation - Operation ID/)
    const nobodyRead = await graphGet(mock(), DEVICES, nobody)
    expect(nobodyRead.status).toBe(403)
    expect(intuneMessage(nobodyRead.text)).toMatch(/^User is not authorized to perform this operation/)
    // Directory reads are not Intune: the role does not matter there.
    expect((await graphGet(mock(), '/v1.0/users?$top=1', nobody)).status).toBe(200)
    expect((await graphPost(mock().graphUrl, path, tech, { groupTag: 'BENCH-X' })).status).toBe(204)
  })
})

describe('Graph under --auth entra: token lifetime and clock skew', () => {
  const short = useEntraMock({}, { tokenLifetime: 1 })
  const ahead = useEntraMock({}, { clockSkew: 600 })
  const behind = useEntraMock({}, { clockSkew: -240 })

  it('an expired token is 401 "Lifetime validation failed, the token is expired."', async () => {
    const a = tenantOf(short(), 0)
    const token = await tokenFor(short(), a, `tech@${a.domain}`)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const answer = await graphGet(short(), DEVICES, token)
    expect(answer.status).toBe(401)
    expect(errorOf(answer.text)).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' })
  })

  it('an identity provider 10 minutes ahead issues tokens Graph calls not yet valid; 4 minutes behind is tolerated', async () => {
    const a = tenantOf(ahead(), 0)
    const early = await graphGet(ahead(), DEVICES, await tokenFor(ahead(), a, `tech@${a.domain}`))
    expect(early.status).toBe(401)
    expect(errorOf(early.text).message).toBe('Lifetime validation failed, the token is not yet valid.')
    const b = tenantOf(behind(), 0)
    expect((await graphGet(behind(), DEVICES, await tokenFor(behind(), b, `tech@${b.domain}`))).status).toBe(200)
  })
})
