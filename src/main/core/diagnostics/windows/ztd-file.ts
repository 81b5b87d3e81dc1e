/**
 * `AutopilotDDSZTDFile.json`: the Autopilot profile as downloaded by the device
 * (on a live PC `%WINDIR%\ServiceState\wmansvc\AutopilotDDSZTDFile.json`, docs/reference/community-tools.md §A3).
 *
 * What the references say about its fields:
 * - docs/reference/community-tools.md §A3 (Get-AutopilotDiagnostics reads it): `PolicyDownloadDate`,
 *   `CloudAssignedDomainJoinMethod` (1 = hybrid), `HybridJoinSkipDCConnectivityCheck`.
 * - Microsoft documents no schema for this file. The profile fields it is read for here
 *   (`ZtdCorrelationId`, `CloudAssignedTenantId`, `CloudAssignedTenantDomain`,
 *   `CloudAssignedOobeConfig`, `CloudAssignedForcedEnrollment`, `CloudAssignedAadServerData`,
 *   `CloudAssignedDeviceName`, `Version`, `Comment_File`, `CloudAssignedLanguage`/`Region`) are the
 *   ones documented for the sibling AutopilotConfigurationFile.json (docs/reference/autopilot.md §7.4,
 *   docs/reference/graph-api.md §B6) — an assumption that the downloaded file uses the same names; any other
 *   key is listed in `otherKeys`, never dropped silently.
 * - Profile name: no reference names a profile-name field in this file. `DeploymentProfileName`
 *   (the registry value's name, docs/reference/community-tools.md §A3) is looked for; `Comment_File` ("Profile <name>"
 *   in ConvertTo-AutopilotConfigurationJSON output, docs/reference/autopilot.md §7.4) is reported as is.
 *
 * Encoding: UTF-8 or UTF-16, with or without BOM (text.ts). Malformed JSON is a warning, not a
 * throw; the documented scalar fields are then salvaged from the text where they can be found.
 */
import { decodeOobeConfig, type DecodedOobeConfig } from './oobe-config'
import { decodeText, looksBinary, type TextEncodingName } from './text'

export const ZTD_FIELD_NAMES = [
  'ZtdCorrelationId',
  'CloudAssignedTenantId',
  'CloudAssignedTenantDomain',
  'CloudAssignedOobeConfig',
  'CloudAssignedDomainJoinMethod',
  'CloudAssignedForcedEnrollment',
  'CloudAssignedAadServerData',
  'CloudAssignedDeviceName',
  'CloudAssignedLanguage',
  'CloudAssignedRegion',
  'DeploymentProfileName',
  'Comment_File',
  'Version',
  'PolicyDownloadDate',
  'HybridJoinSkipDCConnectivityCheck',
] as const

export type ZtdFieldName = (typeof ZTD_FIELD_NAMES)[number]

const NUMERIC_FIELDS: ReadonlySet<ZtdFieldName> = new Set([
  'CloudAssignedOobeConfig',
  'CloudAssignedDomainJoinMethod',
  'CloudAssignedForcedEnrollment',
  'HybridJoinSkipDCConnectivityCheck',
])
const GUID_FIELDS: ReadonlySet<ZtdFieldName> = new Set(['ZtdCorrelationId', 'CloudAssignedTenantId'])

/** Looked for and reported in `missing` when absent (the rest are optional in every reference). */
const EXPECTED_FIELDS: readonly ZtdFieldName[] = [
  'ZtdCorrelationId',
  'CloudAssignedTenantId',
  'CloudAssignedTenantDomain',
  'CloudAssignedOobeConfig',
  'CloudAssignedDomainJoinMethod',
  'PolicyDownloadDate',
]

export const DEFAULT_MAX_ZTD_BYTES = 16 * 1024 * 1024

export interface ZtdFileResult {
  encoding: TextEncodingName | null
  /** The text parsed as a JSON object. */
  parsed: boolean
  /** Invalid JSON: the fields in `fields` were salvaged from the text. */
  salvaged: boolean
  fields: { [K in ZtdFieldName]?: string | number | boolean | null }
  oobeConfig: DecodedOobeConfig | null
  /** CloudAssignedDomainJoinMethod: 0 = Microsoft Entra joined, 1 = Microsoft Entra hybrid joined (docs/reference/autopilot.md §7.4). */
  domainJoin: { value: number; meaning: string | null } | null
  /** CloudAssignedAadServerData, an encoded JSON string `{"ZeroTouchConfig":{…}}` (docs/reference/autopilot.md §7.4). */
  aadServerData: { parsed: boolean; tenantDomain: string | null; tenantUpn: string | null } | null
  /** Top-level keys not in ZTD_FIELD_NAMES (at most 100). */
  otherKeys: string[]
  missing: ZtdFieldName[]
  warnings: string[]
  error: { code: 'too-large' | 'binary' | 'invalid-json' | 'not-an-object'; message: string } | null
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i

function emptyResult(): ZtdFileResult {
  return {
    encoding: null,
    parsed: false,
    salvaged: false,
    fields: {},
    oobeConfig: null,
    domainJoin: null,
    aadServerData: null,
    otherKeys: [],
    missing: [],
    warnings: [],
    error: null,
  }
}

/** Finds `"Name": <scalar>` for the known field names in text that isn't valid JSON. */
function salvage(text: string): Map<ZtdFieldName, unknown> {
  const found = new Map<ZtdFieldName, unknown>()
  const names = ZTD_FIELD_NAMES.join('|')
  const pattern = new RegExp(`"(${names})"\\s*:\\s*("(?:[^"\\\\\\r\\n]|\\\\.)*"|-?\\d{1,15}|true|false|null)`, 'gi')
  for (const match of text.matchAll(pattern)) {
    const name = ZTD_FIELD_NAMES.find((field) => field.toLowerCase() === (match[1] ?? '').toLowerCase())
    if (!name || found.has(name)) continue
    try {
      found.set(name, JSON.parse(match[2] ?? 'null'))
    } catch {
      // An unreadable token: leave the field out.
    }
  }
  return found
}

function readAadServerData(raw: unknown, warnings: string[]): ZtdFileResult['aadServerData'] {
  let value: unknown = raw
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw)
    } catch {
      warnings.push('CloudAssignedAadServerData is not valid encoded JSON.')
      return { parsed: false, tenantDomain: null, tenantUpn: null }
    }
  }
  if (value === null || typeof value !== 'object') return { parsed: false, tenantDomain: null, tenantUpn: null }
  const config = (value as Record<string, unknown>).ZeroTouchConfig
  if (config === null || typeof config !== 'object') {
    warnings.push('CloudAssignedAadServerData has no ZeroTouchConfig object.')
    return { parsed: true, tenantDomain: null, tenantUpn: null }
  }
  const record = config as Record<string, unknown>
  const text = (v: unknown) => (typeof v === 'string' ? v : null)
  return { parsed: true, tenantDomain: text(record.CloudAssignedTenantDomain), tenantUpn: text(record.CloudAssignedTenantUpn) }
}

/** Parses `AutopilotDDSZTDFile.json` bytes. Never throws. */
export function parseAutopilotDdsZtdFile(bytes: Uint8Array, options: { maxBytes?: number } = {}): ZtdFileResult {
  const result = emptyResult()
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ZTD_BYTES
  if (bytes.length > maxBytes) {
    result.error = { code: 'too-large', message: `AutopilotDDSZTDFile.json is ${bytes.length} bytes; the limit is ${maxBytes}. It was not read.` }
    return result
  }
  const decoded = decodeText(bytes)
  result.encoding = decoded.encoding
  result.warnings.push(...decoded.warnings)
  const text = decoded.text.replace(/^\uFEFF+/, '')
  if (looksBinary(text)) {
    result.error = { code: 'binary', message: 'AutopilotDDSZTDFile.json holds binary data, not JSON text. It was not read.' }
    return result
  }

  let source = new Map<string, unknown>()
  try {
    let parsed: unknown = JSON.parse(text)
    if (Array.isArray(parsed) && parsed.length > 0 && parsed[0] !== null && typeof parsed[0] === 'object' && !Array.isArray(parsed[0])) {
      result.warnings.push(`The file holds a JSON array of ${parsed.length} item(s); the first one was read.`)
      parsed = parsed[0]
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      result.error = { code: 'not-an-object', message: 'AutopilotDDSZTDFile.json is valid JSON but not an object; no fields read.' }
      result.missing = [...EXPECTED_FIELDS]
      return result
    }
    result.parsed = true
    source = new Map(Object.entries(parsed as Record<string, unknown>))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    result.error = { code: 'invalid-json', message: `AutopilotDDSZTDFile.json is not valid JSON (${message.slice(0, 200)}).` }
    result.warnings.push(result.error.message)
    const salvaged = salvage(text)
    if (salvaged.size > 0) {
      result.salvaged = true
      result.warnings.push(`${salvaged.size} field(s) were read from the damaged text; check them against the device.`)
    }
    source = salvaged
  }

  // Exact key first, then a case-insensitive match.
  const lowerIndex = new Map<string, string>()
  for (const key of source.keys()) if (!lowerIndex.has(key.toLowerCase())) lowerIndex.set(key.toLowerCase(), key)
  const known = new Set<string>()
  for (const name of ZTD_FIELD_NAMES) {
    const key = source.has(name) ? name : lowerIndex.get(name.toLowerCase())
    if (key === undefined) continue
    known.add(key)
    const raw = source.get(key)
    if (key !== name) result.warnings.push(`Field "${key}" read as "${name}" (different letter case).`)
    if (NUMERIC_FIELDS.has(name)) {
      if (typeof raw === 'number') result.fields[name] = raw
      else if (typeof raw === 'string' && /^-?\d{1,15}$/.test(raw.trim())) {
        result.fields[name] = Number(raw.trim())
        result.warnings.push(`${name} is the string ${JSON.stringify(raw)}; read as a number.`)
      } else result.warnings.push(`${name} is not a number (${JSON.stringify(raw)?.slice(0, 60) ?? String(raw)}); ignored.`)
      continue
    }
    if (name === 'CloudAssignedAadServerData') {
      result.aadServerData = readAadServerData(raw, result.warnings)
      if (typeof raw === 'string') result.fields[name] = raw
      continue
    }
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' || raw === null) result.fields[name] = raw
    else result.warnings.push(`${name} is not a scalar value; ignored.`)
    if (GUID_FIELDS.has(name) && typeof raw === 'string' && raw !== '' && !GUID.test(raw))
      result.warnings.push(`${name} is not a GUID: ${JSON.stringify(raw.slice(0, 80))}.`)
  }
  if (result.parsed) result.otherKeys = [...source.keys()].filter((key) => !known.has(key)).slice(0, 100)

  const oobe = result.fields.CloudAssignedOobeConfig
  if (typeof oobe === 'number') {
    result.oobeConfig = decodeOobeConfig(oobe)
    if (!result.oobeConfig) result.warnings.push(`CloudAssignedOobeConfig = ${oobe} is not a DWORD bitmap; not decoded.`)
  }
  const join = result.fields.CloudAssignedDomainJoinMethod
  if (typeof join === 'number') {
    result.domainJoin = { value: join, meaning: join === 0 ? 'Microsoft Entra joined' : join === 1 ? 'Microsoft Entra hybrid joined' : null }
  }
  const downloaded = result.fields.PolicyDownloadDate
  if (typeof downloaded === 'string' && Number.isNaN(Date.parse(downloaded)))
    result.warnings.push(`PolicyDownloadDate ${JSON.stringify(downloaded.slice(0, 60))} is not a date this app can read; shown as text.`)

  result.missing = EXPECTED_FIELDS.filter((name) => result.fields[name] === undefined)
  return result
}
