import { describe, expect, it } from 'vitest'
import { extractAutopilotFindings, parseRegFile, type EspItem } from '@core/diagnostics/windows'
import {
  ENROLLMENT_ID,
  ENT_DM_ID,
  MODERN_APP,
  MSI_PRODUCT_CODE,
  OFFICE_ID,
  OOBE_CONFIG,
  PROFILE_NAME,
  SESSION_NEW,
  SESSION_OLD,
  TENANT_DOMAIN,
  TENANT_ID,
  USER_SID,
  WIN32_FAILED,
  WIN32_INSTALLED,
  WIN32_INSTALLING,
  ZTD_CORRELATION_ID,
  ZTD_REGISTRATION_ID,
  sampleRegUtf16,
  utf8,
} from '@support/windows-diagnostics-samples'

const DIAG_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot'
const findings = (bytes: Uint8Array) => extractAutopilotFindings(parseRegFile(bytes))
const reg = (lines: string[]) => utf8(['Windows Registry Editor Version 5.00', '', ...lines].join('\r\n'))

describe('extractAutopilotFindings on the sample dump (modelled on Get-AutopilotDiagnostics)', () => {
  for (const style of [{ regedit: true }, { regedit: false }]) {
    describe(style.regedit ? 'regedit export' : 'MDM dump quirks', () => {
      const result = findings(sampleRegUtf16(style))
      const { found } = result

      it('finds everything and reports nothing missing', () => {
        expect(result.missing).toEqual([])
        expect(result.warnings).toEqual([])
      })

      it('reads the Diagnostics\\Autopilot values (docs/reference/autopilot.md §2.3, docs/reference/community-tools.md §A3) with their source line', () => {
        expect(found.tenantId).toEqual({ value: TENANT_ID, source: { key: DIAG_KEY, value: 'CloudAssignedTenantId', line: expect.any(Number) } })
        expect(found.tenantDomain?.value).toBe(TENANT_DOMAIN)
        expect(found.aadTenantId?.value).toBe(TENANT_ID)
        expect(found.ztdCorrelationId?.value).toBe(ZTD_CORRELATION_ID)
        expect(found.deploymentProfileName?.value).toBe(PROFILE_NAME)
        expect(found.isAutopilotDisabled).toMatchObject({ value: 0, meaning: null })
        expect(found.tenantMatched).toMatchObject({ value: 1, meaning: expect.stringMatching(/matches/) })
        expect(found.oobeConfig?.value).toBe(OOBE_CONFIG)
        expect(found.oobeConfig?.decoded.set).toEqual(['skipExpressSettings', 'skipOemRegistration', 'skipEula', 'skipWindowsUpgradeUx', 'skipKeyboard'])
      })

      it('reads EstablishedCorrelations, the policy cache and ODJ applied', () => {
        expect(found.ztdRegistrationId?.value).toBe(ZTD_REGISTRATION_ID)
        expect(found.entDmId?.value).toBe(ENT_DM_ID)
        expect(found.policyCacheProfileAvailable?.value).toBe(1)
        expect(found.policyJsonCache?.value).toEqual({ length: expect.any(Number), parsed: true, topLevelKeys: ['ZeroTouchConfig', 'Path'] })
        expect(found.odjApplied?.value).toBe(true)
      })

      it('reads the ESP tracking status per item', () => {
        const esp = found.espTracking
        expect(esp?.otherSubkeys).toEqual([])
        const category = (id: string) => esp?.device.categories.find((c) => c.category === id)
        const byId = (items: EspItem[] | undefined, id: string) => items?.find((item) => item.id === id)

        const win32 = category('win32Apps')
        expect(win32?.sessions).toEqual([SESSION_OLD, SESSION_NEW]) // LastLoggedState left out
        expect(win32?.items).toHaveLength(3)
        expect(byId(win32?.items, WIN32_INSTALLED)).toMatchObject({
          code: 3,
          state: 'installed',
          meaning: 'Success / Installed',
          session: SESSION_NEW,
          statusSource: 'docs/reference/community-tools.md §A3',
          context: 'device',
        })
        expect(byId(win32?.items, WIN32_INSTALLING)).toMatchObject({ code: 2, state: 'inProgress', meaning: 'Downloading / Installing' })
        expect(byId(win32?.items, WIN32_FAILED)).toMatchObject({ code: 4, state: 'failed', meaning: 'Error / Failed' })

        const msi = category('msiApps')
        expect(byId(msi?.items, MSI_PRODUCT_CODE)).toMatchObject({
          state: 'installed',
          meaning: 'Success / Enforcement Completed',
          detail: { status: 70, note: expect.stringMatching(/Intune Management Extension/) },
        })
        expect(byId(msi?.items, OFFICE_ID)).toMatchObject({ code: 1, state: 'processed', detail: { status: 60, meaning: 'Enforcement Failed' } })

        expect(byId(category('modernApps')?.items, MODERN_APP)).toMatchObject({ state: 'processed' })
        expect(byId(category('scepCerts')?.items, 'BenchScep')).toMatchObject({ state: 'processed' })
        const policies = category('policies')?.items ?? []
        expect(policies.map((p) => [p.id, p.state])).toEqual([
          ['./Device/Vendor/MSFT/Policy/Config/Update/AllowAutoUpdate', 'processed'],
          ['./Device/Vendor/MSFT/Policy/Config/Start/HideSleep', 'notProcessed'],
        ])

        expect(esp?.users).toHaveLength(1)
        expect(esp?.users[0]).toMatchObject({ scope: 'user', sid: USER_SID })
        expect(esp?.users[0]?.categories[0]?.items[0]).toMatchObject({ state: 'notProcessed', context: 'user' })
      })

      it('reads FirstSync per enrollment (BlockInStatusPage bits per docs/reference/community-tools.md §A3)', () => {
        expect(found.firstSync).toEqual([
          expect.objectContaining({
            enrollmentId: ENROLLMENT_ID,
            skipDeviceStatusPage: 0,
            deviceEspEnabled: true,
            skipUserStatusPage: 1,
            userEspEnabled: false,
            syncFailureTimeout: 60,
            blockInStatusPage: 5,
            blocking: true,
            allowReset: true,
            allowTryAgain: false,
            continueAnyway: true,
            unknownBlockBits: [],
            missing: [],
          }),
        ])
      })
    })
  }
})

describe('extractAutopilotFindings: what is missing, and what values mean', () => {
  it('lists every key it looked for when the dump has none of them', () => {
    const result = findings(reg(['[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]', '"x"=dword:1']))
    expect(result.found).toEqual({})
    expect(result.missing).toEqual([
      'key HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot',
      'key HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot\\EstablishedCorrelations',
      'key HKLM\\SOFTWARE\\Microsoft\\Provisioning\\AutopilotPolicyCache',
      'key HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM',
      'key HKLM\\SOFTWARE\\Microsoft\\Windows\\Autopilot\\EnrollmentStatusTracking\\ESPTrackingInfo\\Diagnostics',
      'key HKLM\\SOFTWARE\\Microsoft\\Enrollments\\*\\FirstSync',
    ])
  })

  it('lists missing values of a present key by name', () => {
    const result = findings(
      reg([
        `[${DIAG_KEY}]`,
        '"CloudAssignedTenantId"=""',
        '"CloudAssignedTenantDomain"=""',
        '"IsAutopilotDisabled"=dword:00000001',
        '"TenantMatched"=dword:00000000',
      ]),
    )
    const diagMissing = result.missing.filter((m) => m.endsWith('(HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot)'))
    expect(diagMissing).toEqual([
      'AadTenantId (HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot)',
      'CloudAssignedOobeConfig (HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot)',
      'ZtdCorrelationId (HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot)',
      'DeploymentProfileName (HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot)',
    ])
    // Blank tenant = not registered; IsAutopilotDisabled = 1 and TenantMatched = 0 per docs/reference/autopilot.md §2.3.
    expect(result.found.tenantId).toMatchObject({ value: '', meaning: expect.stringMatching(/isn't registered/) })
    expect(result.found.tenantDomain?.meaning).toMatch(/isn't registered/)
    expect(result.found.isAutopilotDisabled?.meaning).toMatch(/profile download failed/)
    expect(result.found.tenantMatched?.meaning).toMatch(/must start over/)
  })

  it('tolerates wrong value types with a warning, and flags ids that are not GUIDs', () => {
    const result = findings(
      reg([
        `[${DIAG_KEY}]`,
        '"IsAutopilotDisabled"="1"',
        '"TenantMatched"=hex:01',
        '"CloudAssignedTenantId"="not-a-guid"',
        '"CloudAssignedOobeConfig"=hex(b):00,00,00,00,01,00,00,00',
        '"ZtdCorrelationId"=dword:00000005',
      ]),
    )
    expect(result.found.isAutopilotDisabled?.value).toBe(1)
    expect(result.found.tenantMatched).toBeUndefined()
    expect(result.found.oobeConfig).toBeUndefined()
    expect(result.found.ztdCorrelationId?.value).toBe('5')
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^IsAutopilotDisabled \(line \d+\) is REG_SZ; read as the number 1/),
        expect.stringMatching(/^TenantMatched .* not a number/),
        expect.stringMatching(/^CloudAssignedTenantId .* not a GUID/),
        expect.stringMatching(/^CloudAssignedOobeConfig .* not a DWORD bitmap/),
        expect.stringMatching(/^ZtdCorrelationId .* expected a string/),
      ]),
    )
  })

  it('reports ODJ not applied when OMADM is present without SyncML\\ODJApplied, and an unparsable policy cache', () => {
    const result = findings(
      reg([
        '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts]',
        '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Provisioning\\AutopilotPolicyCache]',
        '"PolicyJsonCache"="{broken"',
      ]),
    )
    expect(result.found.odjApplied?.value).toBe(false)
    expect(result.found.policyJsonCache?.value).toEqual({ length: 7, parsed: false, topLevelKeys: [] })
    expect(result.missing).toContain('ProfileAvailable (HKLM\\SOFTWARE\\Microsoft\\Provisioning\\AutopilotPolicyCache)')
    expect(result.warnings).toContainEqual(expect.stringMatching(/PolicyJsonCache .* not valid JSON/))
  })

  it('reads FirstSync with values missing and unknown BlockInStatusPage bits', () => {
    const result = findings(reg(['[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Enrollments\\abc\\FirstSync]', '"BlockInStatusPage"=dword:0000000a']))
    expect(result.found.firstSync?.[0]).toMatchObject({
      enrollmentId: 'abc',
      deviceEspEnabled: null,
      allowReset: false,
      allowTryAgain: true,
      continueAnyway: false,
      unknownBlockBits: [8],
      missing: ['SkipDeviceStatusPage', 'SkipUserStatusPage', 'SyncFailureTimeout'],
    })
  })

  it('passes on a registry read error as a warning', () => {
    const result = extractAutopilotFindings(parseRegFile(sampleRegUtf16(), { maxBytes: 10 }))
    expect(result.warnings).toEqual([expect.stringMatching(/^Registry file: .*limit is 10 bytes/)])
  })
})
