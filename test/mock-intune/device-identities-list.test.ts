import { describe, expect, it } from 'vitest'
import { DEVICES, follow, nestedMessage, send, useMock, type ErrorBody, type ListBody, type RawResponse } from './support'
import type { MockIntune } from '@mock-intune'

/** Pages through a list the way the app must: following each nextLink verbatim. */
async function listAll(mock: MockIntune, firstPath: string): Promise<{ pages: ListBody[]; links: string[] }> {
  const pages: ListBody[] = []
  const links: string[] = []
  let res: RawResponse = await send(mock, firstPath)
  for (;;) {
    expect(res.status).toBe(200)
    const body = res.json as ListBody
    pages.push(body)
    const next = body['@odata.nextLink']
    if (!next) return { pages, links }
    expect(links).not.toContain(next)
    links.push(next)
    res = await follow(mock, next)
  }
}

const isSorted = (serials: string[]): boolean => serials.every((s, i) => i === 0 || (serials[i - 1] ?? '') < s)

describe('GET windowsAutopilotDeviceIdentities — paging', () => {
  const mock = useMock({ devices: 2000, seed: 1 })

  it('pages over the whole tenant with $top, keyset-ordered by serial, ids unique', async () => {
    const { pages, links } = await listAll(mock(), `${DEVICES}?$top=700`)
    expect(pages.map((p) => p.value.length)).toEqual([700, 700, 600])
    const all = pages.flatMap((p) => p.value)
    expect(new Set(all.map((d) => d.id)).size).toBe(2000)
    expect(isSorted(all.map((d) => d.serialNumber))).toBe(true)
    for (const link of links) {
      expect(link.startsWith(`${mock().url}/beta/deviceManagement/windowsAutopilotDeviceIdentities?`)).toBe(true)
      const url = new URL(link)
      expect(url.searchParams.get('$top')).toBe('700')
      expect(url.searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    }
  })

  it('uses a 1000-item page by default and the collection @odata.context', async () => {
    const { pages } = await listAll(mock(), DEVICES)
    expect(pages.map((p) => p.value.length)).toEqual([1000, 1000])
    expect(pages[0]?.['@odata.context']).toBe(`${mock().url}/beta/$metadata#deviceManagement/windowsAutopilotDeviceIdentities`)
    expect(pages[1]?.['@odata.nextLink']).toBeUndefined()
  })

  it('puts @odata.nextLink after @odata.context and before value, as Microsoft’s paging examples do', async () => {
    // A client can ask for the next page as soon as the head of this one arrives (next-link-scan.ts).
    for (const path of [DEVICES, `${DEVICES}?$top=2&$select=id,serialNumber`, '/v1.0/users?$top=2']) {
      const { text } = await send(mock(), path)
      expect(Object.keys(JSON.parse(text) as object)).toEqual(['@odata.context', '@odata.nextLink', 'value'])
      expect(text.indexOf('"@odata.nextLink"')).toBeLessThan(text.indexOf('"value"'))
    }
  })

  it('clamps $top above the page size instead of failing', async () => {
    const res = await send(mock(), `${DEVICES}?$top=5000`)
    expect(res.status).toBe(200)
    const body = res.json as ListBody
    expect(body.value).toHaveLength(1000)
    expect(body['@odata.nextLink']).toContain('$top=5000')
  })

  it('keeps the other query options in nextLink verbatim', async () => {
    const res = await send(mock(), `${DEVICES}?$top=3&$select=id,serialNumber&custom=1`)
    const next = (res.json as ListBody)['@odata.nextLink'] ?? ''
    expect(next).toMatch(/\?\$top=3&\$select=id,serialNumber&custom=1&\$skiptoken=/)
    const page2 = (await follow(mock(), next)).json as ListBody
    expect(Object.keys(page2.value[0] ?? {})).toEqual(['@odata.type', 'id', 'serialNumber'])
  })

  it('accepts option names without $ and in any case on beta', async () => {
    const res = await send(mock(), `${DEVICES}?top=2`)
    expect((res.json as ListBody).value).toHaveLength(2)
    const upper = await send(mock(), `${DEVICES}?$TOP=3`)
    expect((upper.json as ListBody).value).toHaveLength(3)
  })

  it.each(['0', '-1', 'abc', '1.5', ''])('rejects $top=%s with a Graph 400', async (top) => {
    const res = await send(mock(), `${DEVICES}?$top=${top}`)
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.code).toBe('BadRequest')
  })

  it('rejects a repeated query option', async () => {
    const res = await send(mock(), `${DEVICES}?$top=1&$top=2`)
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.message).toMatch(/more than once/)
  })

  it.each(['garbage', 'abc.def', 'eyJ2IjoxfQ', '', '....', '%00'])('rejects skiptoken %j with an Intune-style 400', async (token) => {
    const res = await send(mock(), `${DEVICES}?$skiptoken=${token}`)
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.code).toBe('BadRequest')
    expect(nestedMessage(res.json)).toHaveProperty('_version', 3)
  })

  it('rejects a tampered skiptoken (payload edited, MAC kept)', async () => {
    const next = ((await send(mock(), `${DEVICES}?$top=5`)).json as ListBody)['@odata.nextLink'] ?? ''
    const token = new URL(next).searchParams.get('$skiptoken') ?? ''
    const [payload, mac] = token.split('.')
    const edited = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { s: string }
    edited.s = '0'
    const forged = `${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${mac}`
    expect((await send(mock(), `${DEVICES}?$top=5&$skiptoken=${forged}`)).status).toBe(400)
    expect((await send(mock(), `${DEVICES}?$top=5&$skiptoken=${token}`)).status).toBe(200)
  })

  it.each(['$skip=10', '$orderby=serialNumber', '$search="PF"'])('refuses %s with an Intune-style 400 (keyset paging only)', async (option) => {
    const res = await send(mock(), `${DEVICES}?${encodeURI(option)}`)
    expect(res.status).toBe(400)
    expect(nestedMessage(res.json)).toHaveProperty('Message')
  })

  it('refuses an unknown $ option but ignores custom parameters', async () => {
    expect((await send(mock(), `${DEVICES}?$bogus=1`)).status).toBe(400)
    expect((await send(mock(), `${DEVICES}?$top=1&api-client=bench`)).status).toBe(200)
  })
})

describe('GET windowsAutopilotDeviceIdentities — $filter', () => {
  const mock = useMock({ devices: 2000, seed: 1 })

  it('supports contains(serialNumber, x) case-insensitively', async () => {
    const all = ((await send(mock(), `${DEVICES}?$top=1000`)).json as ListBody).value
    const target = all.find((d) => /[A-Z]/.test(d.serialNumber))?.serialNumber ?? ''
    const needle = target.slice(1, 5).toLowerCase()
    const res = await send(mock(), `${DEVICES}?$filter=${encodeURIComponent(`contains(serialNumber,'${needle}')`)}`)
    expect(res.status).toBe(200)
    const found = (res.json as ListBody).value
    expect(found.map((d) => d.serialNumber)).toContain(target)
    expect(found.every((d) => d.serialNumber.toLowerCase().includes(needle))).toBe(true)
  })

  it('finds exactly one device by its full serial, the way tools emulate eq', async () => {
    const device = ((await send(mock(), `${DEVICES}?$top=1`)).json as ListBody).value[0]
    const res = await send(mock(), `${DEVICES}?$filter=contains(serialNumber,%27${encodeURIComponent(device?.serialNumber ?? '')}%27)`)
    expect((res.json as ListBody).value.map((d) => d.id)).toEqual([device?.id])
    expect((res.json as ListBody)['@odata.nextLink']).toBeUndefined()
  })

  it('accepts spaces, + for space, and different casing of the function and property', async () => {
    for (const filter of ["contains( serialNumber , 'pf' )", "CONTAINS(SerialNumber,'PF')"]) {
      const res = await send(mock(), `${DEVICES}?$filter=${encodeURIComponent(filter)}`)
      expect(res.status).toBe(200)
    }
    expect((await send(mock(), `${DEVICES}?$filter=contains(serialNumber,+'pf'+)`)).status).toBe(200)
  })

  it('pages filtered results with the filter kept in nextLink', async () => {
    const first = await send(mock(), `${DEVICES}?$top=5&$filter=${encodeURIComponent("contains(serialNumber,'0')")}`)
    const next = (first.json as ListBody)['@odata.nextLink'] ?? ''
    expect(new URL(next).searchParams.get('$filter')).toBe("contains(serialNumber,'0')")
    const second = (await follow(mock(), next)).json as ListBody
    expect(second.value.every((d) => d.serialNumber.includes('0'))).toBe(true)
  })

  it("answers the Intune-style 400 for serialNumber eq 'x' (B9 shape)", async () => {
    const clientRequestId = '6f9c1a52-0f4b-4b9d-9d43-2f7b8b1d7c11'
    const res = await send(mock(), `${DEVICES}?$filter=${encodeURIComponent("serialNumber eq 'PF3ABCDE'")}`, {
      headers: { 'client-request-id': clientRequestId },
    })
    expect(res.status).toBe(400)
    const body = res.json as ErrorBody
    expect(body.error.code).toBe('BadRequest')
    const nested = nestedMessage(body)
    expect(Object.keys(nested)).toEqual(['_version', 'Message', 'CustomApiErrorPhrase', 'RetryAfter', 'ErrorSourceService', 'HttpHeaders'])
    expect(nested.Message).toMatch(/^An error has occurred - Operation ID \(for customer support\): 0{8}-0{4}-0{4}-0{4}-0{12} - Activity ID: /)
    expect(body.error.message).toContain('\r\n')
    expect(body.error.innerError).toEqual({ date: expect.any(String), 'request-id': res.headers['request-id'], 'client-request-id': clientRequestId })
  })

  it.each([
    "startswith(serialNumber,'PF')",
    "contains(groupTag,'BENCH')",
    "contains(serialNumber,'a') or contains(serialNumber,'b')",
    'contains(serialNumber,42)',
    "contains(serialNumber,'x'",
    "contains(serialNumber,'unterminated)",
    'serialNumber',
    '((((((((((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))))))))))',
    "not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not contains(serialNumber,'x')",
    '',
    '@#!',
  ])('answers the Intune-style 400 for $filter=%s', async (filter) => {
    const res = await send(mock(), `${DEVICES}?$filter=${encodeURIComponent(filter)}`)
    expect(res.status).toBe(400)
    expect((res.json as ErrorBody).error.code).toBe('BadRequest')
    expect(nestedMessage(res.json)).toHaveProperty('_version', 3)
  })
})

describe('GET windowsAutopilotDeviceIdentities — versions and projection', () => {
  const mock = useMock({ devices: 50 })

  it('serves v1.0 with only the v1.0 properties', async () => {
    const res = await send(mock(), '/v1.0/deviceManagement/windowsAutopilotDeviceIdentities?$top=5')
    expect(res.status).toBe(200)
    const device: Record<string, unknown> = (res.json as ListBody).value[0] ?? {}
    expect(device).not.toHaveProperty('deploymentProfileAssignmentStatus')
    expect(device).not.toHaveProperty('azureAdDeviceId')
    expect(device).toHaveProperty('azureActiveDirectoryDeviceId')
    expect(['unknown', 'enrolled', 'pendingReset', 'failed', 'notContacted']).toContain(device.enrollmentState)
  })

  it('matches the path case-insensitively', async () => {
    const res = await send(mock(), '/BETA/devicemanagement/WindowsAutopilotDeviceIdentities?$top=2')
    expect(res.status).toBe(200)
    expect((res.json as ListBody).value).toHaveLength(2)
  })

  it('honours $select (case-insensitively) and reflects it in @odata.context', async () => {
    const res = await send(mock(), `${DEVICES}?$select=SERIALNUMBER,groupTag&$top=1`)
    const body = res.json as ListBody
    expect(Object.keys(body.value[0] ?? {})).toEqual(['@odata.type', 'groupTag', 'serialNumber'])
    expect(body['@odata.context']).toMatch(/windowsAutopilotDeviceIdentities\(groupTag,serialNumber\)$/)
  })

  it('refuses $select of an unknown or beta-only property on v1.0', async () => {
    expect((await send(mock(), `${DEVICES}?$select=nope`)).status).toBe(400)
    expect((await send(mock(), '/v1.0/deviceManagement/windowsAutopilotDeviceIdentities?$select=azureAdDeviceId')).status).toBe(400)
  })

  it('expands profiles on list pages too', async () => {
    const res = await send(mock(), `${DEVICES}?$expand=deploymentProfile,intendedDeploymentProfile`)
    const devices = (res.json as ListBody).value
    expect(devices.every((d) => 'deploymentProfile' in d && 'intendedDeploymentProfile' in d)).toBe(true)
    expect(devices.some((d) => d.deploymentProfile !== null)).toBe(true)
  })

  it('serves an empty tenant as one empty page', async () => {
    const { startMockIntune } = await import('@mock-intune')
    const empty = await startMockIntune({ devices: 0 })
    try {
      const res = await send(empty, DEVICES)
      expect(res.json).toEqual({ '@odata.context': `${empty.url}/beta/$metadata#deviceManagement/windowsAutopilotDeviceIdentities`, value: [] })
    } finally {
      await empty.close()
    }
  })
})
