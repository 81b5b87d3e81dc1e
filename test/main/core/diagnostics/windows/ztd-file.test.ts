import { describe, expect, it } from 'vitest'
import { parseAutopilotDdsZtdFile } from '@core/diagnostics/windows'
import { TENANT_DOMAIN, TENANT_ID, ZTD_CORRELATION_ID, sampleZtdJson, utf16leWithBom, utf8 } from '@support/windows-diagnostics-samples'

describe('parseAutopilotDdsZtdFile', () => {
  it('reads the documented fields, decodes the OOBE bits, the join method and the AAD server data', () => {
    const result = parseAutopilotDdsZtdFile(utf8(sampleZtdJson({ Extra: true })))
    expect(result).toMatchObject({ encoding: 'utf-8', parsed: true, salvaged: false, error: null, missing: [], warnings: [] })
    expect(result.fields).toMatchObject({
      ZtdCorrelationId: ZTD_CORRELATION_ID,
      CloudAssignedTenantId: TENANT_ID,
      CloudAssignedTenantDomain: TENANT_DOMAIN,
      CloudAssignedOobeConfig: 28,
      CloudAssignedDomainJoinMethod: 0,
      CloudAssignedForcedEnrollment: 1,
      PolicyDownloadDate: '2024-05-02T08:55:00Z',
      DeploymentProfileName: 'Bench profile',
      Version: 2049,
    })
    expect(result.oobeConfig?.set).toEqual(['skipExpressSettings', 'skipOemRegistration', 'skipEula'])
    expect(result.domainJoin).toEqual({ value: 0, meaning: 'Microsoft Entra joined' })
    expect(result.aadServerData).toEqual({ parsed: true, tenantDomain: TENANT_DOMAIN, tenantUpn: '' })
    expect(result.otherKeys).toEqual(['Extra'])
  })

  it('reads UTF-16LE with BOM (PowerShell Out-File) and UTF-8 with BOM the same way', () => {
    const plain = parseAutopilotDdsZtdFile(utf8(sampleZtdJson()))
    const utf16 = parseAutopilotDdsZtdFile(utf16leWithBom(sampleZtdJson()))
    const bom = parseAutopilotDdsZtdFile(utf8(sampleZtdJson(), true))
    expect(utf16.encoding).toBe('utf-16le-bom')
    expect(bom.encoding).toBe('utf-8-bom')
    expect(utf16.fields).toEqual(plain.fields)
    expect(bom.fields).toEqual(plain.fields)
  })

  it('reads hybrid join and HybridJoinSkipDCConnectivityCheck (docs/reference/community-tools.md §A3)', () => {
    const result = parseAutopilotDdsZtdFile(utf8(sampleZtdJson({ CloudAssignedDomainJoinMethod: 1, HybridJoinSkipDCConnectivityCheck: 1 })))
    expect(result.domainJoin).toEqual({ value: 1, meaning: 'Microsoft Entra hybrid joined' })
    expect(result.fields.HybridJoinSkipDCConnectivityCheck).toBe(1)
  })

  it('malformed JSON is a warning with the fields salvaged, never a throw (the docs sample has a raw line break in a string)', () => {
    // The sample output in Microsoft's existing-devices docs (docs/reference/autopilot.md §7.4), as printed in the docs: CloudAssignedAadServerData spans two lines.
    const docsSample = [
      '{',
      `    "CloudAssignedTenantId": "${TENANT_ID}",`,
      '    "CloudAssignedForcedEnrollment": 1,',
      '    "CloudAssignedAadServerData": "{\\"ZeroTouchConfig\\": {',
      `        \\"CloudAssignedTenantUpn\\":\\"\\\\\\", \\"CloudAssignedTenantDomain\\":\\"${TENANT_DOMAIN}\\"}`,
      '    }",',
      `    "CloudAssignedTenantDomain": "${TENANT_DOMAIN}",`,
      '    "CloudAssignedOobeConfig": 28,',
      `    "ZtdCorrelationId": "${ZTD_CORRELATION_ID}"`,
      '}',
    ].join('\n')
    const result = parseAutopilotDdsZtdFile(utf8(docsSample))
    expect(result.parsed).toBe(false)
    expect(result.salvaged).toBe(true)
    expect(result.error?.code).toBe('invalid-json')
    expect(result.fields).toMatchObject({
      CloudAssignedTenantId: TENANT_ID,
      CloudAssignedTenantDomain: TENANT_DOMAIN,
      CloudAssignedOobeConfig: 28,
      ZtdCorrelationId: ZTD_CORRELATION_ID,
    })
    expect(result.missing).toEqual(['CloudAssignedDomainJoinMethod', 'PolicyDownloadDate'])
    expect(result.warnings[0]).toMatch(/not valid JSON/)
  })

  it('salvages from a truncated file', () => {
    const text = sampleZtdJson()
    const result = parseAutopilotDdsZtdFile(utf8(text.slice(0, text.indexOf('"ZtdCorrelationId"') + 30)))
    expect(result.salvaged).toBe(true)
    expect(result.fields.CloudAssignedTenantId).toBe(TENANT_ID)
    expect(result.fields.ZtdCorrelationId).toBeUndefined()
  })

  it('refuses non-objects, binary and oversized input with a clear error', () => {
    expect(parseAutopilotDdsZtdFile(utf8('42')).error?.code).toBe('not-an-object')
    expect(parseAutopilotDdsZtdFile(utf8('[]')).error?.code).toBe('not-an-object')
    expect(parseAutopilotDdsZtdFile(utf8('')).error?.code).toBe('invalid-json')
    expect(parseAutopilotDdsZtdFile(new Uint8Array(512).fill(1)).error?.code).toBe('binary')
    expect(parseAutopilotDdsZtdFile(utf8(sampleZtdJson()), { maxBytes: 10 }).error).toEqual({
      code: 'too-large',
      message: expect.stringMatching(/limit is 10/),
    })
  })

  it('is tolerant of letter case, numbers as strings, arrays of one profile and bad values', () => {
    const result = parseAutopilotDdsZtdFile(
      utf8(
        JSON.stringify([
          {
            ztdcorrelationid: 'nope',
            CloudAssignedOobeConfig: '20',
            CloudAssignedDomainJoinMethod: 'x',
            CloudAssignedAadServerData: '{oops',
            PolicyDownloadDate: 'yesterday',
            Version: { a: 1 },
          },
        ]),
      ),
    )
    expect(result.parsed).toBe(true)
    expect(result.fields.ZtdCorrelationId).toBe('nope')
    expect(result.fields.CloudAssignedOobeConfig).toBe(20)
    expect(result.fields.CloudAssignedDomainJoinMethod).toBeUndefined()
    expect(result.aadServerData).toEqual({ parsed: false, tenantDomain: null, tenantUpn: null })
    expect(result.warnings).toEqual([
      'The file holds a JSON array of 1 item(s); the first one was read.',
      'Field "ztdcorrelationid" read as "ZtdCorrelationId" (different letter case).',
      'ZtdCorrelationId is not a GUID: "nope".',
      'CloudAssignedOobeConfig is the string "20"; read as a number.',
      'CloudAssignedDomainJoinMethod is not a number ("x"); ignored.',
      'CloudAssignedAadServerData is not valid encoded JSON.',
      'Version is not a scalar value; ignored.',
      'PolicyDownloadDate "yesterday" is not a date this app can read; shown as text.',
    ])
  })
})
