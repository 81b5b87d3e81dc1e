/**
 * Sample Windows diagnostics files, generated in the tests.
 *
 * MODELLED ON GET-AUTOPILOTDIAGNOSTICS — not copied from a real device. Microsoft does not document
 * the MDMDiagnosticsTool archive or its registry dump (docs/reference/autopilot.md §10 item 2). The keys and
 * value names are the ones docs/reference/autopilot.md §2.3 and docs/reference/community-tools.md §A3 name; the ESP subkey
 * layout, the CSP-path shape of the ESP value names and the dump's quirks (leading spaces, `DWORD:`,
 * unescaped strings, no header) follow what Get-AutopilotDiagnostics' source expects
 * (AST:Community Version/Get-AutopilotDiagnosticsCommunity.ps1). All ids are synthetic.
 */
import { crc32 } from '@core/diagnostics/evtx/crc32'

export const TENANT_ID = '1537de22-988c-4e93-b8a5-83890f34a69b'
export const TENANT_DOMAIN = 'contoso.onmicrosoft.com'
export const ZTD_CORRELATION_ID = '7f9e6025-1e13-45f3-bf82-a3e8c5b59eac'
export const ZTD_REGISTRATION_ID = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
export const ENT_DM_ID = '0a1b2c3d-0000-4000-8000-00000000e0e0'
export const ENROLLMENT_ID = '{4C3AB7F1-55D2-4A41-9C33-1F7E2B8D6A10}'
export const MSI_PRODUCT_CODE = '{11111111-2222-3333-4444-555555555555}'
export const OFFICE_ID = '{66666666-7777-8888-9999-000000000000}'
export const WIN32_INSTALLED = 'Win32App_aaaaaaaa-0000-4000-8000-000000000001_1'
export const WIN32_INSTALLING = 'Win32App_aaaaaaaa-0000-4000-8000-000000000002_1'
export const WIN32_FAILED = 'Win32App_aaaaaaaa-0000-4000-8000-000000000003_1'
export const MODERN_APP = 'Contoso.BenchApp_8wekyb3d8bbwe'
export const USER_SID = 'S-1-12-1-1111111111-2222222222-3333333333-4444444444'
export const DEVICE_SID = 'S-0-0-00-0000000000-0000000000-000000000-000'
export const PROFILE_NAME = 'Bench "Pre-provisioning" profile'
/** 1024 + 256 + 16 + 8 + 4 = skip keyboard, skip Windows upgrade UX, EULA, OEM registration, express settings. */
export const OOBE_CONFIG = 1308
export const SESSION_OLD = '2024-05-02T09:00:00.0000000Z'
export const SESSION_NEW = '2024-05-02T10:30:00.0000000Z'
export const POLICY_JSON = '{"ZeroTouchConfig":{"CloudAssignedTenantDomain":"contoso.onmicrosoft.com"},"Path":"C:\\\\Windows"}'

const ESP = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Autopilot\\EnrollmentStatusTracking\\ESPTrackingInfo\\Diagnostics'
const DIAG = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot'

/** Regedit hex list of UTF-16LE text (with the terminating NULs), e.g. for hex(2)/hex(7). */
export function utf16Hex(text: string): string {
  return [...Buffer.from(text, 'utf16le')].map((byte) => byte.toString(16).padStart(2, '0')).join(',')
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0')

interface Style {
  /** true: regedit export (header, escaped strings); false: MDM dump quirks. */
  regedit: boolean
}

function str(value: string, style: Style): string {
  return style.regedit ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${value}"`
}

function dword(n: number, style: Style): string {
  return `${style.regedit ? 'dword' : 'DWORD'}:${hex8(n)}`
}

/** The sample registry dump as lines. */
export function sampleRegLines(style: Style = { regedit: true }): string[] {
  const v = (name: string, data: string) => `${style.regedit ? '' : ' '}"${name}"=${data}`
  const lines: string[] = []
  if (style.regedit) lines.push('Windows Registry Editor Version 5.00', '')
  lines.push(
    '; Sample modelled on Get-AutopilotDiagnostics (docs/reference/community-tools.md §A3); synthetic values.',
    '',
    `[${DIAG}]`,
    v('AadTenantId', str(TENANT_ID, style)),
    v('CloudAssignedTenantDomain', str(TENANT_DOMAIN, style)),
    v('CloudAssignedTenantId', str(TENANT_ID, style)),
    v('CloudAssignedOobeConfig', dword(OOBE_CONFIG, style)),
    v('ZtdCorrelationId', str(ZTD_CORRELATION_ID, style)),
    v('DeploymentProfileName', str(PROFILE_NAME, style)),
    v('IsAutopilotDisabled', dword(0, style)),
    v('TenantMatched', dword(1, style)),
    '',
    `[${DIAG}\\EstablishedCorrelations]`,
    v('ZTDRegistrationID', str(ZTD_REGISTRATION_ID, style)),
    v('EntDMID', str(ENT_DM_ID, style)),
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Provisioning\\AutopilotPolicyCache]',
    v('PolicyJsonCache', str(POLICY_JSON, style)),
    v('ProfileAvailable', dword(1, style)),
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\SyncML\\ODJApplied]',
    '',
    `[${ESP}\\ExpectedPolicies\\${SESSION_NEW}]`,
    v('./Device/Vendor/MSFT/Policy/Config/Update/AllowAutoUpdate', dword(1, style)),
    v('./Device/Vendor/MSFT/Policy/Config/Start/HideSleep', dword(0, style)),
    '',
    `[${ESP}\\ExpectedMSIAppPackages\\${SESSION_NEW}]`,
    v(`./Device/Vendor/MSFT/EnterpriseDesktopAppManagement/MSI/${encodeURIComponent(MSI_PRODUCT_CODE)}/DownloadInstall`, dword(1, style)),
    v(`./Vendor/MSFT/Office/Installation/${OFFICE_ID}/install`, dword(1, style)),
    '',
    `[${ESP}\\ExpectedModernAppPackages\\${SESSION_NEW}]`,
    v(`./Device/Vendor/MSFT/EnterpriseModernAppManagement/AppManagement/AppStore/${MODERN_APP}/Status`, dword(1, style)),
    '',
    // The older session says "installing" for the first app; the newer one must win.
    `[${ESP}\\Sidecar\\${SESSION_OLD}]`,
    v(`./Device/Vendor/MSFT/EnrollmentStatusTracking/Setup/Apps/Tracking/Sidecar/${WIN32_INSTALLED}`, dword(2, style)),
    '',
    `[${ESP}\\Sidecar\\${SESSION_NEW}]`,
    v(`./Device/Vendor/MSFT/EnrollmentStatusTracking/Setup/Apps/Tracking/Sidecar/${WIN32_INSTALLED}`, dword(3, style)),
    v(`./Device/Vendor/MSFT/EnrollmentStatusTracking/Setup/Apps/Tracking/Sidecar/${WIN32_INSTALLING}`, dword(2, style)),
    v(`./Device/Vendor/MSFT/EnrollmentStatusTracking/Setup/Apps/Tracking/Sidecar/${WIN32_FAILED}`, dword(4, style)),
    '',
    `[${ESP}\\Sidecar\\LastLoggedState]`,
    v('./Device/Vendor/MSFT/EnrollmentStatusTracking/Setup/Apps/Tracking/Sidecar/ignored', dword(9, style)),
    '',
    `[${ESP}\\ExpectedSCEPCerts\\${SESSION_NEW}]`,
    v('./Device/Vendor/MSFT/ClientCertificateInstall/SCEP/BenchScep/Install/Enroll', dword(1, style)),
    '',
    `[${ESP}\\${USER_SID}\\ExpectedPolicies\\${SESSION_NEW}]`,
    v('./User/Vendor/MSFT/Policy/Config/Browser/HomePages', dword(0, style)),
    '',
    `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\EnterpriseDesktopAppManagement\\${DEVICE_SID}\\MSI\\${MSI_PRODUCT_CODE}]`,
    v('Status', dword(70, style)),
    v('CurrentDownloadUrl', str('https://example.invalid/IntuneWindowsAgent.msi', style)),
    '',
    `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\OfficeCSP\\${OFFICE_ID}]`,
    v('FinalStatus', dword(60, style)),
    '',
    `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Enrollments\\${ENROLLMENT_ID}]`,
    v('ProviderID', str('MS DM Server', style)),
    '',
    `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Enrollments\\${ENROLLMENT_ID}\\FirstSync]`,
    v('SkipDeviceStatusPage', dword(0, style)),
    v('SkipUserStatusPage', dword(1, style)),
    v('SyncFailureTimeout', dword(60, style)),
    v('BlockInStatusPage', dword(5, style)),
    '',
  )
  return lines
}

/** A section with every regedit value form, for the parser tests (regedit style only). */
export function valueFormsLines(): string[] {
  const multi = utf16Hex('first\0second\0\0')
  return [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Sample\\Forms]',
    '@="the default"',
    '"Escaped"="C:\\\\Program Files\\\\App \\"quoted\\""',
    '"Dword"=dword:0000002a',
    '"Expand"=hex(2):' + utf16Hex('%SystemRoot%\\system32\0'),
    '"Multi"=hex(7):' + multi,
    '"Binary"=hex:01,02,\\',
    '  03,04,\\',
    '  ff',
    '"Qword"=hex(b):00,00,00,00,01,00,00,00',
    '"DwordHex"=hex(4):2a,00,00,00',
    '"None"=hex(0):',
    '"Odd"=hex(20):0a,0b',
    '"Gone"=-',
    '',
    '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Sample\\Removed]',
    '',
  ]
}

export function utf16leWithBom(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
}

export function utf8(text: string, bom = false): Uint8Array {
  return new Uint8Array(Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]))
}

/** Windows line endings, as regedit writes them. */
export const crlf = (lines: string[]) => lines.join('\r\n')

/** The sample registry dump as Windows writes a .reg: UTF-16LE with BOM, CRLF. */
export const sampleRegUtf16 = (style: Style = { regedit: true }) => utf16leWithBom(crlf(sampleRegLines(style)))

/** An AutopilotDDSZTDFile.json modelled on the fields docs/reference/community-tools.md §A3 and docs/reference/autopilot.md §7.4 name. */
export function sampleZtdJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      Version: 2049,
      CloudAssignedTenantId: TENANT_ID,
      CloudAssignedTenantDomain: TENANT_DOMAIN,
      CloudAssignedOobeConfig: 28,
      CloudAssignedDomainJoinMethod: 0,
      CloudAssignedForcedEnrollment: 1,
      ZtdCorrelationId: ZTD_CORRELATION_ID,
      CloudAssignedAadServerData: JSON.stringify({ ZeroTouchConfig: { CloudAssignedTenantUpn: '', CloudAssignedTenantDomain: TENANT_DOMAIN } }),
      PolicyDownloadDate: '2024-05-02T08:55:00Z',
      DeploymentProfileName: 'Bench profile',
      ...overrides,
    },
    null,
    2,
  )
}

/** Event log file names as Get-AutopilotDiagnostics expects them in an MDMDiagnostics archive. */
export const EVTX_DEVICE_MANAGEMENT = 'microsoft-windows-devicemanagement-enterprise-diagnostics-provider-admin.evtx'
export const EVTX_USER_DEVICE_REGISTRATION = 'microsoft-windows-user device registration-admin.evtx'
/** Assumed to follow the same naming (not documented). */
export const EVTX_AUTOPILOT = 'microsoft-windows-moderndeployment-diagnostics-provider-autopilot.evtx'

/** "ElfFile\0" — the EVTX file signature; the rest is filler (never parsed). */
export function fakeEvtx(size = 4096): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set(Buffer.from('ElfFile\0', 'latin1'))
  if (size >= 4096) {
    // A valid header of an empty log (version 3.1, no chunks, checksum right): the EVTX reader reads it as 0 events.
    const view = new DataView(bytes.buffer)
    view.setUint32(32, 128, true)
    view.setUint16(36, 1, true)
    view.setUint16(38, 3, true)
    view.setUint16(40, 4096, true)
    view.setUint32(124, crc32(bytes, [[0, 120]]), true)
  }
  return bytes
}

/** "MSCF" + filler: enough for signature detection. */
export function fakeCab(size = 64): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set(Buffer.from('MSCF', 'latin1'))
  return bytes
}
