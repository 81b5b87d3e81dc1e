import { describe, expect, it } from 'vitest'
import { GRAPH_FIXTURES, shapeMismatches } from '@mock-intune/fixtures'
import { throttledErrorBody } from '@mock-intune/graph-errors'
import {
  ENROLLMENT_STATES,
  PROFILE_ASSIGNMENT_DETAILED_STATUSES,
  PROFILE_ASSIGNMENT_STATUSES,
  REMEDIATION_STATES,
  USERLESS_ENROLLMENT_STATUSES,
} from '@mock-intune/model/device-identity'
import { DEVICES, nestedMessage, send, useMock, type ListBody } from './support'

/**
 * The mock against the golden fixtures of docs/reference/graph-contract.md: same keys, same kinds of values.
 * The app's Graph client is tested against the same fixture files.
 */
describe('contract: mock responses have the fixtures’ shapes', () => {
  const mock = useMock({ devices: 500, seed: 1 })
  const clientRequestId = '105e0390-e8ee-47cf-86c6-cfb576279131'

  it('B1: GET /{id}?$expand=deploymentProfile', async () => {
    const page = ((await send(mock(), `${DEVICES}?$expand=deploymentProfile`)).json as ListBody).value
    const withProfile = page.find((d) => d.deploymentProfile !== null)
    const res = await send(mock(), `${DEVICES}/${withProfile?.id}?$expand=deploymentProfile`)
    expect(res.status).toBe(GRAPH_FIXTURES.deviceIdentityGet.response.status)
    expect(shapeMismatches(GRAPH_FIXTURES.deviceIdentityGet.response.body, res.json)).toEqual([])
  })

  it('B2/B11: a list page with nextLink, every item shaped like the fixture item', async () => {
    const res = await send(mock(), `${DEVICES}?$top=250`)
    expect(shapeMismatches(GRAPH_FIXTURES.deviceIdentityListPage.response.body, res.json)).toEqual([])
  })

  it('B1: every enum value is one of the documented names (strings, never numbers)', async () => {
    const devices = ((await send(mock(), DEVICES)).json as ListBody).value
    expect(devices).toHaveLength(500)
    for (const d of devices) {
      expect(PROFILE_ASSIGNMENT_STATUSES).toContain(d.deploymentProfileAssignmentStatus)
      expect(PROFILE_ASSIGNMENT_DETAILED_STATUSES).toContain(d.deploymentProfileAssignmentDetailedStatus)
      expect(ENROLLMENT_STATES).toContain(d.enrollmentState)
      expect(REMEDIATION_STATES).toContain(d.remediationState)
      expect(USERLESS_ENROLLMENT_STATUSES).toContain(d.userlessEnrollmentStatus)
    }
  })

  it('B9: Intune-style 400, including the keys of the nested message', async () => {
    const res = await send(mock(), `${DEVICES}?$filter=${encodeURIComponent("serialNumber eq 'PF3ABCDE'")}`, { headers: { 'client-request-id': clientRequestId } })
    const fixture = GRAPH_FIXTURES.intuneBadRequest.response
    expect(res.status).toBe(fixture.status)
    expect(shapeMismatches(fixture.body, res.json)).toEqual([])
    expect(shapeMismatches(nestedMessage(fixture.body), nestedMessage(res.json))).toEqual([])
  })

  it('B9: Intune-style 404 for an unknown id', async () => {
    const res = await send(mock(), `${DEVICES}/65df8e77-c9e4-437a-a28e-1516072bb878`, { headers: { 'client-request-id': clientRequestId } })
    const fixture = GRAPH_FIXTURES.intuneNotFound.response
    expect(res.status).toBe(fixture.status)
    expect(shapeMismatches(fixture.body, res.json)).toEqual([])
    expect(shapeMismatches(nestedMessage(fixture.body), nestedMessage(res.json))).toEqual([])
    expect((res.json as { error: { code: string } }).error.code).toBe(fixture.body.error.code)
  })

  it('B9/B13: standard Graph 401', async () => {
    const res = await send(mock(), DEVICES, { token: null, headers: { 'client-request-id': clientRequestId } })
    const fixture = GRAPH_FIXTURES.graphUnauthorized.response
    expect(res.status).toBe(fixture.status)
    expect(shapeMismatches(fixture.body, res.json)).toEqual([])
    expect(res.json).toMatchObject({ error: { code: fixture.body.error.code, message: fixture.body.error.message } })
  })

  it('B10: the 429 body builder the throttling slice will use', () => {
    const body = throttledErrorBody({ requestId: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', clientRequestId: 'x', receivedAt: new Date() })
    expect(shapeMismatches(GRAPH_FIXTURES.throttled.response.body, body)).toEqual([])
  })

  it('B13 #13: GET v1.0/organization', async () => {
    const res = await send(mock(), '/v1.0/organization')
    expect(shapeMismatches(GRAPH_FIXTURES.organization.response.body, res.json)).toEqual([])
    expect(res.json).toMatchObject({ value: [{ displayName: 'Contoso Ltd' }] })
  })
})

describe('shapeMismatches', () => {
  it('reports missing, extra and differently-kinded values', () => {
    const fixture = { id: '5f1c0c8e-6d1b-4d8a-9c8e-2a1d7f3b9e21', when: '0001-01-01T00:00:00Z', name: null, list: [{ a: 1 }] }
    expect(shapeMismatches(fixture, { id: 'x', when: null, extra: 1, list: [{ a: 'no' }] })).toEqual([
      '$.name: missing',
      '$.extra: not in the fixture',
      '$.id: expected guid, got string ("x")',
      '$.when: expected datetime, got null (null)',
      '$.list[0].a: expected number, got string ("no")',
    ])
    expect(shapeMismatches(fixture, { ...fixture, name: 'now a string' })).toEqual([])
  })
})
