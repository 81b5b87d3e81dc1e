import { describe, expect, it } from 'vitest'
import { collect, send, useMock, type ErrorBody } from '../support'

interface User {
  id: string
  displayName: string
  userPrincipalName: string
  [key: string]: unknown
}

/** docs/reference/graph-api.md §B13 #11 and §B11: the v1.0 user picker. */
describe('users', () => {
  const mock = useMock({ devices: 10, throttle: 'off' })

  it('pages 100 by default with an absolute nextLink, over every user (≥ 3 pages), ids unique', async () => {
    const first = await send(mock(), '/v1.0/users')
    const body = first.json as { value: User[]; '@odata.nextLink': string }
    expect(body.value).toHaveLength(100)
    expect(body['@odata.nextLink'].startsWith(`${mock().url}/v1.0/users?`)).toBe(true)
    const all = await collect(mock(), '/v1.0/users')
    expect(all.pages).toBeGreaterThanOrEqual(3)
    expect(new Set(all.items.map((u) => u.id)).size).toBe(all.items.length)
    expect(all.items.length).toBeGreaterThan(1000)
  })

  it('returns the 11 default properties, $select others', async () => {
    const [user] = ((await send(mock(), '/v1.0/users?$top=1')).json as { value: User[] }).value
    expect(Object.keys(user!).sort()).toEqual([
      'businessPhones',
      'displayName',
      'givenName',
      'id',
      'jobTitle',
      'mail',
      'mobilePhone',
      'officeLocation',
      'preferredLanguage',
      'surname',
      'userPrincipalName',
    ])
    const selected = ((await send(mock(), '/v1.0/users?$top=5&$select=id,userPrincipalName,assignedLicenses,accountEnabled')).json as { value: User[] }).value
    expect(Object.keys(selected[0]!).sort()).toEqual(['accountEnabled', 'assignedLicenses', 'id', 'userPrincipalName'])
  })

  it('$top up to 999; more is the directory 400', async () => {
    expect(((await send(mock(), '/v1.0/users?$top=999')).json as { value: User[] }).value).toHaveLength(999)
    const res = await send(mock(), '/v1.0/users?$top=1000')
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.code).toBe('Request_BadRequest')
  })

  it('startswith on displayName or userPrincipalName (case-insensitive), as the picker sends it', async () => {
    const filter = encodeURIComponent("startswith(displayName,'hiro') or startswith(userPrincipalName,'hiro')")
    const res = await send(mock(), `/v1.0/users?$filter=${filter}&$top=25`)
    expect(res.status).toBe(200)
    const users = (res.json as { value: User[] }).value
    expect(users.length).toBeGreaterThan(25 - 1)
    expect(users.every((u) => u.displayName.toLowerCase().startsWith('hiro') || u.userPrincipalName.startsWith('hiro'))).toBe(true)
    const byUpn = (await send(mock(), `/v1.0/users?$filter=${encodeURIComponent("startswith(userPrincipalName,'tech0')")}`)).json as { value: User[] }
    expect(byUpn.value.map((u) => u.userPrincipalName)).toEqual(Array.from({ length: 8 }, (_, i) => `tech0${i + 1}@contoso.com`))
  })

  it('includes unlicensed users and a federated domain', async () => {
    const users = (await collect(mock(), '/v1.0/users?$select=userPrincipalName,assignedLicenses,onPremisesSyncEnabled&$top=999')).items
    expect(users.some((u) => (u.assignedLicenses as unknown[]).length === 0)).toBe(true)
    expect(users.some((u) => String(u.userPrincipalName).endsWith('@corp.contoso.com') && u.onPremisesSyncEnabled === true)).toBe(true)
    const org = (await send(mock(), '/v1.0/organization')).json as { value: Array<{ verifiedDomains: Array<{ name: string; type: string }> }> }
    expect(org.value[0]!.verifiedDomains).toContainEqual(expect.objectContaining({ name: 'corp.contoso.com', type: 'Federated' }))
  })

  it('gets a user by id or UPN; unknown → 404 Request_ResourceNotFound; unsupported filters → 400', async () => {
    const [user] = ((await send(mock(), '/v1.0/users?$top=1')).json as { value: User[] }).value
    expect(((await send(mock(), `/v1.0/users/${user!.id}`)).json as User).userPrincipalName).toBe(user!.userPrincipalName)
    expect(((await send(mock(), `/v1.0/users/${user!.userPrincipalName.toUpperCase()}`)).json as User).id).toBe(user!.id)
    const missing = await send(mock(), '/v1.0/users/nobody@contoso.com')
    expect(missing.status).toBe(404)
    expect((missing.json as ErrorBody).error.code).toBe('Request_ResourceNotFound')
    for (const filter of ["contains(displayName,'a')", "officeLocation eq 'x'", 'startswith(displayName']) {
      const res = await send(mock(), `/v1.0/users?$filter=${encodeURIComponent(filter)}`)
      expect(res.status, filter).toBe(400)
      expect((res.json as ErrorBody).error.code).toBe('Request_UnsupportedQuery')
    }
  })

  it('$search needs ConsistencyLevel: eventual', async () => {
    expect((await send(mock(), '/v1.0/users?$search="displayName:anna"')).status).toBe(400)
    const res = await send(mock(), '/v1.0/users?$search="displayName:anna"&$count=true', { headers: { ConsistencyLevel: 'eventual' } })
    expect(res.status).toBe(200)
    const body = res.json as { value: User[]; '@odata.count': number }
    expect(body['@odata.count']).toBe(body.value.length)
    expect(body.value.length).toBeGreaterThanOrEqual(32)
    expect(body.value.every((u) => u.displayName.startsWith('Anna'))).toBe(true)
  })
})
