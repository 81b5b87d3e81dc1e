/**
 * What a parsed registry dump says about Autopilot: the keys and values named in
 * docs/reference/autopilot.md §2.3 and docs/reference/community-tools.md §A3, each reported as found (with where it was found)
 * or missing. Nothing is inferred beyond what those references say; where they are silent the
 * raw value is shown without a meaning.
 *
 * Sources:
 * - `HKLM\SOFTWARE\Microsoft\Provisioning\Diagnostics\Autopilot`: AadTenantId,
 *   CloudAssignedTenantDomain, CloudAssignedTenantId, IsAutopilotDisabled, TenantMatched,
 *   CloudAssignedOobeConfig (docs/reference/autopilot.md §2.3); DeploymentProfileName and
 *   ZtdCorrelationId (docs/reference/community-tools.md §A3).
 * - `…\Diagnostics\Autopilot\EstablishedCorrelations` (ZTDRegistrationID, EntDMID): not in the
 *   reference docs; Get-AutopilotDiagnostics' source reads them and prints "ZTDID"/"EntDMID"
 *   (AST:Community Version/Get-AutopilotDiagnosticsCommunity.ps1). Shown as such.
 * - `HKLM\SOFTWARE\Microsoft\Provisioning\AutopilotPolicyCache` (PolicyJsonCache, ProfileAvailable):
 *   docs/reference/community-tools.md §A5. The JSON's shape and ProfileAvailable's values are not documented.
 * - `…\Provisioning\OMADM` (ODJ applied): docs/reference/community-tools.md §A3; the `SyncML\ODJApplied` subkey test is
 *   the tool's.
 * - ESP tracking `HKLM\SOFTWARE\Microsoft\Windows\Autopilot\EnrollmentStatusTracking\ESPTrackingInfo\Diagnostics`
 *   and the status table 1 Not Installed / 2 Downloading-Installing / 3 Success-Installed /
 *   4 Error-Failed: docs/reference/community-tools.md §A3. The subkey layout (ExpectedPolicies, ExpectedMSIAppPackages,
 *   ExpectedModernAppPackages, Sidecar, ExpectedSCEPCerts; per-user `S-…` subkeys; one subkey per
 *   session), which table applies to which category, the MSI/Office status codes 0…70 and the
 *   0/1 "Not processed/Processed" codes come from the tool's source, not from Microsoft.
 * - `HKLM\SOFTWARE\Microsoft\Enrollments\*\FirstSync` (SkipDeviceStatusPage, SkipUserStatusPage,
 *   SyncFailureTimeout, BlockInStatusPage bits 1 allow reset / 2 allow try again / 4 continue
 *   anyway): docs/reference/community-tools.md §A3. The unit of SyncFailureTimeout is not documented.
 */
import { decodeOobeConfig, type DecodedOobeConfig } from './oobe-config'
import { findRegKey, findRegValue, listRegSubkeys, regValueAsNumber, regValueAsString, type RegFile, type RegKey, type RegValue } from './reg-file'

export const AUTOPILOT_DIAGNOSTICS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot'
export const ESTABLISHED_CORRELATIONS_KEY = `${AUTOPILOT_DIAGNOSTICS_KEY}\\EstablishedCorrelations`
export const AUTOPILOT_POLICY_CACHE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Provisioning\\AutopilotPolicyCache'
export const OMADM_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM'
export const ODJ_APPLIED_KEY = `${OMADM_KEY}\\SyncML\\ODJApplied`
export const ESP_TRACKING_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\Autopilot\\EnrollmentStatusTracking\\ESPTrackingInfo\\Diagnostics'
export const ENROLLMENTS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Enrollments'
export const MSI_APP_MANAGEMENT_KEY = 'HKLM\\SOFTWARE\\Microsoft\\EnterpriseDesktopAppManagement'
export const OFFICE_CSP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\OfficeCSP'

/** The SID Get-AutopilotDiagnostics uses for device-context MSI installs. */
const DEVICE_SID = 'S-0-0-00-0000000000-0000000000-000000000-000'

export interface RegSource {
  /** The key as written in the file. */
  key: string
  /** The value name, or null when the finding is the key itself. */
  value: string | null
  line: number
}

export interface Finding<T> {
  value: T
  source: RegSource
  /** What the value means, only where a reference says so. */
  meaning?: string | null
}

export interface PolicyJsonCacheSummary {
  length: number
  parsed: boolean
  /** Top-level keys when the text parsed as a JSON object (at most 100). */
  topLevelKeys: string[]
}

export type EspCategoryId = 'policies' | 'msiApps' | 'modernApps' | 'win32Apps' | 'scepCerts'
export type EspItemState = 'notInstalled' | 'inProgress' | 'installed' | 'failed' | 'processed' | 'notProcessed' | 'unknown'

export interface EspItem {
  /** App, policy or certificate id taken from the CSP path in the value name (URI-decoded). */
  id: string
  valueName: string
  /** Name of the session subkey (a timestamp) the status comes from: the latest session listing the item. */
  session: string
  /** `./Device/…` or `./User/…` in the value name; null when it has neither. */
  context: 'device' | 'user' | null
  /** The value stored in the tracking key. */
  code: number | null
  state: EspItemState
  meaning: string | null
  /** Which status table gave `meaning`. */
  statusSource: 'docs/reference/community-tools.md §A3' | 'Get-AutopilotDiagnostics source' | 'none'
  /** MSI: EnterpriseDesktopAppManagement status; Office: OfficeCSP status (codes from the tool's source). */
  detail?: { key: string; status: number | null; meaning: string | null; note?: string }
  line: number
}

export interface EspCategory {
  category: EspCategoryId
  subkey: string
  label: string
  sessions: string[]
  items: EspItem[]
}

export interface EspScope {
  scope: 'device' | 'user'
  /** The user's SID for a user ESP; null for the device. */
  sid: string | null
  categories: EspCategory[]
}

export interface EspTrackingFinding {
  key: string
  device: EspScope
  users: EspScope[]
  /** Subkeys of the tracking key that are neither a known category nor a user SID. */
  otherSubkeys: string[]
}

export interface FirstSyncFinding {
  key: string
  enrollmentId: string
  line: number
  skipDeviceStatusPage: number | null
  /** SkipDeviceStatusPage = 0, as Get-AutopilotDiagnostics prints it ("Device ESP enabled"). */
  deviceEspEnabled: boolean | null
  skipUserStatusPage: number | null
  userEspEnabled: boolean | null
  /** Raw; the unit is not documented. */
  syncFailureTimeout: number | null
  blockInStatusPage: number | null
  /** BlockInStatusPage ≠ 0. */
  blocking: boolean | null
  allowReset: boolean | null
  allowTryAgain: boolean | null
  continueAnyway: boolean | null
  unknownBlockBits: number[]
  missing: string[]
}

export interface AutopilotFound {
  tenantId?: Finding<string>
  tenantDomain?: Finding<string>
  aadTenantId?: Finding<string>
  oobeConfig?: Finding<number> & { decoded: DecodedOobeConfig }
  ztdCorrelationId?: Finding<string>
  deploymentProfileName?: Finding<string>
  isAutopilotDisabled?: Finding<number>
  tenantMatched?: Finding<number>
  /** EstablishedCorrelations\ZTDRegistrationID (Get-AutopilotDiagnostics prints it as the ZTDID). */
  ztdRegistrationId?: Finding<string>
  entDmId?: Finding<string>
  policyCacheProfileAvailable?: Finding<number>
  policyJsonCache?: Finding<PolicyJsonCacheSummary>
  odjApplied?: Finding<boolean>
  espTracking?: EspTrackingFinding
  firstSync?: FirstSyncFinding[]
}

export interface AutopilotFindings {
  found: AutopilotFound
  /** Keys and values looked for and not present, e.g. `CloudAssignedTenantId (HKLM\…\Autopilot)`. */
  missing: string[]
  warnings: string[]
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i

const sourceOf = (key: RegKey, value: RegValue | null): RegSource => ({ key: key.path, value: value ? value.name : null, line: value ? value.line : key.line })

function decodeUriSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

// ESP status tables -------------------------------------------------------------------------------

/** docs/reference/community-tools.md §A3 (used by the tool for Win32/Sidecar items). */
const ESP_APP_STATUS: Record<number, { state: EspItemState; meaning: string }> = {
  1: { state: 'notInstalled', meaning: 'Not Installed' },
  2: { state: 'inProgress', meaning: 'Downloading / Installing' },
  3: { state: 'installed', meaning: 'Success / Installed' },
  4: { state: 'failed', meaning: 'Error / Failed' },
}

/** Get-AutopilotDiagnostics source: policies, modern apps, certificates and Office. */
const ESP_PROCESSED_STATUS: Record<number, { state: EspItemState; meaning: string }> = {
  0: { state: 'notProcessed', meaning: 'Not Processed' },
  1: { state: 'processed', meaning: 'Processed' },
}

/** Get-AutopilotDiagnostics source ("officeStatus"), used for EnterpriseDesktopAppManagement MSI and OfficeCSP. docs/reference/community-tools.md §A3 only says "status 0…70". */
const MSI_OFFICE_STATUS: Record<number, string> = {
  0: 'None',
  10: 'Initialized',
  20: 'Download In Progress',
  25: 'Pending Download Retry',
  30: 'Download Failed',
  40: 'Download Completed',
  48: 'Pending User Session',
  50: 'Enforcement In Progress',
  55: 'Pending Enforcement Retry',
  60: 'Enforcement Failed',
  70: 'Success / Enforcement Completed',
}

function msiOfficeState(status: number | null): EspItemState {
  if (status === null) return 'unknown'
  if (status === 70) return 'installed'
  if (status === 60 || status === 30) return 'failed'
  if (status === 0) return 'notInstalled'
  return MSI_OFFICE_STATUS[status] ? 'inProgress' : 'unknown'
}

interface CategoryDefinition {
  id: EspCategoryId
  subkey: string
  label: string
  /** Index of the id in the value name split on "/" (the tool's indices); null = whole name. */
  idSegment: number | null
}

const ESP_CATEGORIES: readonly CategoryDefinition[] = [
  { id: 'policies', subkey: 'ExpectedPolicies', label: 'Policies', idSegment: null },
  { id: 'msiApps', subkey: 'ExpectedMSIAppPackages', label: 'MSI and Office apps', idSegment: 6 },
  { id: 'modernApps', subkey: 'ExpectedModernAppPackages', label: 'Modern (UWP) apps', idSegment: 7 },
  { id: 'win32Apps', subkey: 'Sidecar', label: 'Win32 apps (Intune Management Extension)', idSegment: 9 },
  { id: 'scepCerts', subkey: 'ExpectedSCEPCerts', label: 'SCEP certificates', idSegment: 6 },
]

function sessionOrder(a: string, b: string): number {
  const ta = Date.parse(a)
  const tb = Date.parse(b)
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb
  return a < b ? -1 : a > b ? 1 : 0
}

function readEspCategory(reg: RegFile, scopeKey: string, definition: CategoryDefinition, sid: string, warnings: string[]): EspCategory | null {
  const categoryPath = `${scopeKey}\\${definition.subkey}`
  const categoryKey = findRegKey(reg, categoryPath)
  const sessionNames = listRegSubkeys(reg, categoryPath).filter((name) => !/LastLoggedState/i.test(name))
  if (!categoryKey && sessionNames.length === 0) return null
  const sessions = [...sessionNames].sort(sessionOrder)
  const latest = new Map<string, EspItem>()
  const sessionKeys: Array<{ name: string; key: RegKey }> = []
  if (categoryKey && categoryKey.values.length > 0) sessionKeys.push({ name: '', key: categoryKey })
  for (const name of sessions) {
    const key = findRegKey(reg, `${categoryPath}\\${name}`)
    if (key) sessionKeys.push({ name, key })
  }
  for (const { name: session, key } of sessionKeys) {
    for (const value of key.values) {
      if (value.name === '' || value.type === 'DELETE') continue
      const item = readEspItem(reg, definition, value, session, sid, warnings)
      latest.set(item.valueName.toLowerCase(), item)
    }
  }
  return { category: definition.id, subkey: definition.subkey, label: definition.label, sessions, items: [...latest.values()] }
}

function readEspItem(reg: RegFile, definition: CategoryDefinition, value: RegValue, session: string, sid: string, warnings: string[]): EspItem {
  const valueName = value.name
  const segments = valueName.split('/')
  const lowerName = valueName.toLowerCase()
  const context = lowerName.startsWith('./device/') ? 'device' : lowerName.startsWith('./user/') ? 'user' : null
  const code = regValueAsNumber(value)
  if (code === null) warnings.push(`ESP item "${valueName}" (line ${value.line}) has a non-numeric status (${value.type}).`)
  const isOffice = lowerName.startsWith('./vendor/msft/office/installation/')
  const idSegment = isOffice ? 5 : definition.idSegment
  const rawId = idSegment === null ? valueName : (segments[idSegment] ?? valueName)
  const id = decodeUriSegment(rawId)
  const item: EspItem = { id, valueName, session, context, code, state: 'unknown', meaning: null, statusSource: 'none', line: value.line }

  if (definition.id === 'win32Apps') {
    const entry = code === null ? undefined : ESP_APP_STATUS[code]
    if (entry) Object.assign(item, { state: entry.state, meaning: entry.meaning, statusSource: 'docs/reference/community-tools.md §A3' })
  } else if (definition.id === 'msiApps' && isOffice) {
    const entry = code === null ? undefined : ESP_PROCESSED_STATUS[code]
    if (entry) Object.assign(item, { state: entry.state, meaning: entry.meaning, statusSource: 'Get-AutopilotDiagnostics source' })
    const officeKeyPath = `${OFFICE_CSP_KEY}\\${id}`
    const officeKey = findRegKey(reg, officeKeyPath)
    const status = regValueAsNumber(findRegValue(officeKey, 'FinalStatus')) ?? regValueAsNumber(findRegValue(officeKey, 'Status'))
    item.detail = { key: officeKey?.path ?? officeKeyPath, status, meaning: status === null ? null : (MSI_OFFICE_STATUS[status] ?? null) }
    if (!officeKey) item.detail.note = 'No OfficeCSP key for this item in the dump.'
  } else if (definition.id === 'msiApps') {
    // The tool ignores the tracking value for MSI and reads EnterpriseDesktopAppManagement\<sid>\MSI\<product code>\Status.
    const msiKeyPath = `${MSI_APP_MANAGEMENT_KEY}\\${sid}\\MSI\\${id}`
    const msiKey = findRegKey(reg, msiKeyPath)
    const status = regValueAsNumber(findRegValue(msiKey, 'Status'))
    const meaning = status === null ? null : (MSI_OFFICE_STATUS[status] ?? null)
    item.detail = { key: msiKey?.path ?? msiKeyPath, status, meaning }
    if (!msiKey) item.detail.note = 'No EnterpriseDesktopAppManagement key for this product code in the dump.'
    const url = regValueAsString(findRegValue(msiKey, 'CurrentDownloadUrl'))
    if (url && /IntuneWindowsAgent\.msi/i.test(url)) item.detail.note = 'Intune Management Extension (IntuneWindowsAgent.msi).'
    Object.assign(item, { state: msiOfficeState(status), meaning, statusSource: status === null ? 'none' : 'Get-AutopilotDiagnostics source' })
  } else {
    const entry = code === null ? undefined : ESP_PROCESSED_STATUS[code]
    if (entry) Object.assign(item, { state: entry.state, meaning: entry.meaning, statusSource: 'Get-AutopilotDiagnostics source' })
  }
  return item
}

function readEspScope(reg: RegFile, scopeKey: string, scope: 'device' | 'user', sid: string | null, warnings: string[]): EspScope {
  const categories: EspCategory[] = []
  for (const definition of ESP_CATEGORIES) {
    const category = readEspCategory(reg, scopeKey, definition, sid ?? DEVICE_SID, warnings)
    if (category) categories.push(category)
  }
  return { scope, sid, categories }
}

// FirstSync ---------------------------------------------------------------------------------------

function readFirstSync(key: RegKey, enrollmentId: string): FirstSyncFinding {
  const missing: string[] = []
  const number = (name: string) => {
    const value = findRegValue(key, name)
    if (!value) missing.push(name)
    return regValueAsNumber(value)
  }
  const skipDevice = number('SkipDeviceStatusPage')
  const skipUser = number('SkipUserStatusPage')
  const timeout = number('SyncFailureTimeout')
  const block = number('BlockInStatusPage')
  const bit = (mask: number) => (block === null ? null : (block & mask) !== 0)
  const unknownBlockBits: number[] = []
  if (block !== null) for (let b = 3; b < 32; b += 1) if (Math.floor(block / 2 ** b) % 2 === 1) unknownBlockBits.push(2 ** b)
  return {
    key: key.path,
    enrollmentId,
    line: key.line,
    skipDeviceStatusPage: skipDevice,
    deviceEspEnabled: skipDevice === null ? null : skipDevice === 0,
    skipUserStatusPage: skipUser,
    userEspEnabled: skipUser === null ? null : skipUser === 0,
    syncFailureTimeout: timeout,
    blockInStatusPage: block,
    blocking: block === null ? null : block !== 0,
    allowReset: bit(1),
    allowTryAgain: bit(2),
    continueAnyway: bit(4),
    unknownBlockBits,
    missing,
  }
}

// Main --------------------------------------------------------------------------------------------

/** Reads the Autopilot findings out of a parsed registry dump. Never throws. */
export function extractAutopilotFindings(reg: RegFile): AutopilotFindings {
  const found: AutopilotFound = {}
  const missing: string[] = []
  const warnings: string[] = []
  const missingValue = (key: string, name: string) => missing.push(`${name} (${key})`)
  const missingKey = (key: string) => missing.push(`key ${key}`)

  const stringFinding = (key: RegKey, keyName: string, name: string): Finding<string> | undefined => {
    const value = findRegValue(key, name)
    if (!value || value.type === 'DELETE') {
      missingValue(keyName, name)
      return undefined
    }
    const text = regValueAsString(value)
    if (text === null) {
      const asNumber = regValueAsNumber(value)
      warnings.push(`${name} (line ${value.line}) is ${value.type}, expected a string.`)
      return asNumber === null ? undefined : { value: String(asNumber), source: sourceOf(key, value) }
    }
    return { value: text.trim(), source: sourceOf(key, value) }
  }
  const numberFinding = (key: RegKey, keyName: string, name: string): Finding<number> | undefined => {
    const value = findRegValue(key, name)
    if (!value || value.type === 'DELETE') {
      missingValue(keyName, name)
      return undefined
    }
    const n = regValueAsNumber(value)
    if (n === null) {
      warnings.push(`${name} (line ${value.line}) is ${value.type}, not a number; ignored.`)
      return undefined
    }
    if (value.type !== 'REG_DWORD') warnings.push(`${name} (line ${value.line}) is ${value.type}; read as the number ${n}.`)
    return { value: n, source: sourceOf(key, value) }
  }
  const checkGuid = (name: string, finding: Finding<string> | undefined) => {
    if (finding && finding.value !== '' && !GUID.test(finding.value))
      warnings.push(`${name} (line ${finding.source.line}) is not a GUID: ${JSON.stringify(finding.value.slice(0, 80))}.`)
  }

  // Diagnostics\Autopilot
  const diag = findRegKey(reg, AUTOPILOT_DIAGNOSTICS_KEY)
  if (!diag) {
    missingKey(AUTOPILOT_DIAGNOSTICS_KEY)
  } else {
    const k = AUTOPILOT_DIAGNOSTICS_KEY
    const tenantId = stringFinding(diag, k, 'CloudAssignedTenantId')
    if (tenantId) {
      checkGuid('CloudAssignedTenantId', tenantId)
      if (tenantId.value === '')
        tenantId.meaning = "Blank: the device isn't registered with Windows Autopilot (Microsoft Learn: Windows Autopilot troubleshooting FAQ)."
      found.tenantId = tenantId
    }
    const tenantDomain = stringFinding(diag, k, 'CloudAssignedTenantDomain')
    if (tenantDomain) {
      if (tenantDomain.value === '')
        tenantDomain.meaning = "Blank: the device isn't registered with Windows Autopilot (Microsoft Learn: Windows Autopilot troubleshooting FAQ)."
      found.tenantDomain = tenantDomain
    }
    const aadTenantId = stringFinding(diag, k, 'AadTenantId')
    if (aadTenantId) {
      checkGuid('AadTenantId', aadTenantId)
      aadTenantId.meaning =
        'The tenant the user signed into; the user gets an error if it does not match the registration tenant (Microsoft Learn: Windows Autopilot troubleshooting FAQ).'
      found.aadTenantId = aadTenantId
    }
    const oobe = numberFinding(diag, k, 'CloudAssignedOobeConfig')
    if (oobe) {
      const decoded = decodeOobeConfig(oobe.value)
      if (decoded) found.oobeConfig = { ...oobe, decoded }
      else warnings.push(`CloudAssignedOobeConfig (line ${oobe.source.line}) = ${oobe.value} is not a DWORD bitmap; not decoded.`)
    }
    const ztd = stringFinding(diag, k, 'ZtdCorrelationId')
    if (ztd) {
      checkGuid('ZtdCorrelationId', ztd)
      found.ztdCorrelationId = ztd
    }
    const profileName = stringFinding(diag, k, 'DeploymentProfileName')
    if (profileName) found.deploymentProfileName = profileName
    const disabled = numberFinding(diag, k, 'IsAutopilotDisabled')
    if (disabled) {
      disabled.meaning =
        disabled.value === 1
          ? "The device isn't registered with Windows Autopilot, or the profile download failed (network, firewall or timeout) (Microsoft Learn: Windows Autopilot troubleshooting FAQ)."
          : null // the docs describe only the value 1
      found.isAutopilotDisabled = disabled
    }
    const matched = numberFinding(diag, k, 'TenantMatched')
    if (matched) {
      matched.meaning =
        matched.value === 0
          ? "The user's tenant doesn't match the tenant the device was registered with: the user gets an error and must start over (Microsoft Learn: Windows Autopilot troubleshooting FAQ)."
          : matched.value === 1
            ? "The user's tenant ID matches the tenant the device was registered with (Microsoft Learn: Windows Autopilot troubleshooting FAQ)."
            : null
      found.tenantMatched = matched
    }
  }

  // EstablishedCorrelations (the tool's source only)
  const correlations = findRegKey(reg, ESTABLISHED_CORRELATIONS_KEY)
  if (!correlations) missingKey(ESTABLISHED_CORRELATIONS_KEY)
  else {
    const ztdRegistrationId = stringFinding(correlations, ESTABLISHED_CORRELATIONS_KEY, 'ZTDRegistrationID')
    if (ztdRegistrationId) {
      checkGuid('ZTDRegistrationID', ztdRegistrationId)
      found.ztdRegistrationId = ztdRegistrationId
    }
    const entDmId = stringFinding(correlations, ESTABLISHED_CORRELATIONS_KEY, 'EntDMID')
    if (entDmId) found.entDmId = entDmId
  }

  // AutopilotPolicyCache
  const cache = findRegKey(reg, AUTOPILOT_POLICY_CACHE_KEY)
  if (!cache) missingKey(AUTOPILOT_POLICY_CACHE_KEY)
  else {
    const available = numberFinding(cache, AUTOPILOT_POLICY_CACHE_KEY, 'ProfileAvailable')
    if (available) found.policyCacheProfileAvailable = available
    const json = stringFinding(cache, AUTOPILOT_POLICY_CACHE_KEY, 'PolicyJsonCache')
    if (json) {
      const summary: PolicyJsonCacheSummary = { length: json.value.length, parsed: false, topLevelKeys: [] }
      if (json.value.length <= 4 * 1024 * 1024) {
        try {
          const parsed: unknown = JSON.parse(json.value)
          summary.parsed = true
          if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) summary.topLevelKeys = Object.keys(parsed).slice(0, 100)
        } catch {
          warnings.push(`PolicyJsonCache (line ${json.source.line}) is not valid JSON as stored in the dump.`)
        }
      } else warnings.push(`PolicyJsonCache (line ${json.source.line}) is larger than 4 MiB; not parsed.`)
      found.policyJsonCache = { value: summary, source: json.source }
    }
  }

  // OMADM: ODJ applied (hybrid join)
  const odjKey = findRegKey(reg, ODJ_APPLIED_KEY)
  const omadmPresent = findRegKey(reg, OMADM_KEY) !== undefined || listRegSubkeys(reg, OMADM_KEY).length > 0
  if (odjKey) found.odjApplied = { value: true, source: sourceOf(odjKey, null), meaning: 'Offline domain join blob applied (the tool tests for this subkey).' }
  else if (omadmPresent) {
    const omadm = findRegKey(reg, OMADM_KEY)
    found.odjApplied = {
      value: false,
      source: omadm ? sourceOf(omadm, null) : { key: OMADM_KEY, value: null, line: 0 },
      meaning: 'No SyncML\\ODJApplied subkey under OMADM.',
    }
  } else missingKey(OMADM_KEY)

  // ESP tracking
  const espKeyPresent = findRegKey(reg, ESP_TRACKING_KEY) !== undefined || listRegSubkeys(reg, ESP_TRACKING_KEY).length > 0
  if (!espKeyPresent) missingKey(ESP_TRACKING_KEY)
  else {
    const subkeys = listRegSubkeys(reg, ESP_TRACKING_KEY)
    const known = new Set(ESP_CATEGORIES.map((c) => c.subkey.toLowerCase()))
    const users = subkeys.filter((name) => /^S-\d/i.test(name))
    const otherSubkeys = subkeys.filter((name) => !known.has(name.toLowerCase()) && !/^S-\d/i.test(name))
    const device = readEspScope(reg, ESP_TRACKING_KEY, 'device', null, warnings)
    const userScopes = users.map((sid) => readEspScope(reg, `${ESP_TRACKING_KEY}\\${sid}`, 'user', sid, warnings))
    const espKey = findRegKey(reg, ESP_TRACKING_KEY)
    found.espTracking = { key: espKey?.path ?? ESP_TRACKING_KEY, device, users: userScopes, otherSubkeys }
  }

  // Enrollments\*\FirstSync
  const enrollmentIds = listRegSubkeys(reg, ENROLLMENTS_KEY)
  const firstSync: FirstSyncFinding[] = []
  for (const id of enrollmentIds) {
    const key = findRegKey(reg, `${ENROLLMENTS_KEY}\\${id}\\FirstSync`)
    if (key) firstSync.push(readFirstSync(key, id))
  }
  if (firstSync.length > 0) found.firstSync = firstSync
  else missing.push(`key ${ENROLLMENTS_KEY}\\*\\FirstSync`)

  if (reg.error) warnings.push(`Registry file: ${reg.error.message}`)
  if (reg.keys.length === 0 && !reg.error) warnings.push('The registry file has no keys.')
  return { found, missing, warnings }
}
