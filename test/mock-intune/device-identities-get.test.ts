import { describe, expect, it } from 'vitest'
import { DEVICES, nestedMessage, send, useMock, type ErrorBody, type ListBody } from './support'

type Entity = Record<string, unknown> & { id: string; serialNumber: string }

describe('GET windowsAutopilotDeviceIdentities/{id}', () => {
  const mock = useMock({ devices: 300, seed: 3 })

  const somePage = async (): Promise<Entity[]> => ((await send(mock(), `${DEVICES}?$top=300&$expand=deploymentProfile`)).json as ListBody).value

  it('returns the same entity as the list, with @odata.context and @odata.type', async () => {
    const listed = (await somePage())[17] ?? { id: '', serialNumber: '' }
    const res = await send(mock(), `${DEVICES}/${listed.id}`)
    expect(res.status).toBe(200)
    const entity = res.json as Entity
    expect(entity['@odata.context']).toBe(`${mock().url}/beta/$metadata#deviceManagement/windowsAutopilotDeviceIdentities/$entity`)
    expect(entity['@odata.type']).toBe('#microsoft.graph.windowsAutopilotDeviceIdentity')
    const { '@odata.context': _context, ...rest } = entity
    const { deploymentProfile: _profile, ...listedWithoutExpand } = listed
    expect(rest).toEqual(listedWithoutExpand)
  })

  it('finds ids case-insensitively and through the OData key syntax', async () => {
    const { id } = (await somePage())[3] ?? { id: '' }
    expect((await send(mock(), `${DEVICES}/${id.toUpperCase()}`)).status).toBe(200)
    const keyed = await send(mock(), `${DEVICES}('${id}')`)
    expect(keyed.status).toBe(200)
    expect((keyed.json as Entity).id).toBe(id)
  })

  it('expands deploymentProfile and intendedDeploymentProfile', async () => {
    const withProfile = (await somePage()).find((d) => d.deploymentProfile !== null)
    const res = await send(mock(), `${DEVICES}/${withProfile?.id}?$expand=deploymentProfile,intendedDeploymentProfile`)
    const entity = res.json as Entity
    expect(entity['@odata.context']).toMatch(/windowsAutopilotDeviceIdentities\(deploymentProfile\(\),intendedDeploymentProfile\(\)\)\/\$entity$/)
    expect(entity.deploymentProfile).toEqual({
      '@odata.type': expect.stringMatching(/^#microsoft\.graph\.(azureAD|activeDirectory)WindowsAutopilotDeploymentProfile$/),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      displayName: expect.any(String),
    })
    expect(entity.intendedDeploymentProfile).not.toBeUndefined()
  })

  it('expands to null for a device without a profile, and omits navigation properties unless asked', async () => {
    const without = (await somePage()).find((d) => d.deploymentProfile === null)
    const expanded = (await send(mock(), `${DEVICES}/${without?.id}?$expand=deploymentProfile`)).json as Entity
    expect(expanded.deploymentProfile).toBeNull()
    const plain = (await send(mock(), `${DEVICES}/${without?.id}`)).json as Entity
    expect(plain).not.toHaveProperty('deploymentProfile')
  })

  it('refuses an unknown $expand and $expand on v1.0 (no navigation properties there)', async () => {
    const { id } = (await somePage())[0] ?? { id: '' }
    expect((await send(mock(), `${DEVICES}/${id}?$expand=owner`)).status).toBe(400)
    expect((await send(mock(), `${DEVICES}/${id}?$expand=deploymentProfile($select=id)`)).status).toBe(400)
    expect((await send(mock(), `/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/${id}?$expand=deploymentProfile`)).status).toBe(400)
    expect((await send(mock(), `/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/${id}`)).status).toBe(200)
  })

  it.each([
    ['an unknown GUID', '65df8e77-c9e4-437a-a28e-1516072bb878'],
    ['a non-GUID id', 'not-a-guid'],
    ['a serial number', 'PF3ABCDE'],
  ])('answers an Intune-style 404 ResourceNotFound for %s', async (_label, id) => {
    const res = await send(mock(), `${DEVICES}/${id}`)
    expect(res.status).toBe(404)
    const body = res.json as ErrorBody
    expect(body.error.code).toBe('ResourceNotFound')
    expect(String(nestedMessage(body).Message)).toContain(`windowsAutopilotDeviceIdentities('${id}')`)
  })

  it("answers 404 for another seed's device id", async () => {
    const { startMockIntune } = await import('@mock-intune')
    const other = await startMockIntune({ devices: 300, seed: 4 })
    try {
      const foreign = ((await send(other, `${DEVICES}?$top=1`)).json as ListBody).value[0]
      expect((await send(mock(), `${DEVICES}/${foreign?.id}`)).status).toBe(404)
    } finally {
      await other.close()
    }
  })
})
