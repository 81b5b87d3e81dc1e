/**
 * Reads the entries of a Windows diagnostics archive — what `MDMDiagnosticsTool.exe -area
 * "Autopilot;TPM" -cab …` (or `-zip …`) writes, or the diagnostics ZIP downloaded from Intune — and
 * reports what was found, what was read, and what was not.
 *
 * The archive itself is opened elsewhere (safe-unzip.ts and cab/ enforce zip-slip, size and ratio caps);
 * this module only sees `{ name, size, read() }` entries and never reads more than it parses.
 *
 * Layout facts (Microsoft documents neither archive's layout, docs/reference/autopilot.md §10 item 2; what
 * follows is modelled on Get-AutopilotDiagnostics, docs/reference/community-tools.md §A3 and its source):
 * - The MDMDiagnostics output holds `MdmDiagReport_RegistryDump.reg`,
 *   `AutopilotDDSZTDFile.json`, event logs such as
 *   `microsoft-windows-devicemanagement-enterprise-diagnostics-provider-admin.evtx` and
 *   `microsoft-windows-user device registration-admin.evtx`, and a hardware-hash `*.csv`.
 * - In the Intune ZIP "the real logs are buried deeper": the tool looks for a folder matching
 *   `*MDMDiagnostics*_cab` and expands the file inside it with `expand.exe` — i.e. a CAB.
 *   A CAB on its own is read (../cab); an archive inside an archive is not: nested archives are
 *   listed, not opened (one archive, one set of limits), and the report says to extract that CAB and
 *   open it on its own. Every other entry is still listed.
 * - Event log files (.evtx) are read by the EVTX reader (../evtx); their channel is taken from the
 *   events themselves, else from the file name. ETW traces (.etl) are listed as not read.
 */
import { summarizeEventLog, type EventLogSummary } from '../evtx'
import { extractAutopilotFindings, type AutopilotFindings } from './autopilot-findings'
import { parseRegFile, type RegParseLimits } from './reg-file'
import { parseAutopilotDdsZtdFile, type ZtdFileResult } from './ztd-file'

/** A size as a technician reads it ("200 MB", "2 KB", "900 bytes"), in binary units as Explorer shows them. */
const sizeInWords = (bytes: number) => {
  if (bytes < 1024) return `${bytes} bytes`
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB']
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${unit}`
}
import { count } from '@shared/domain/words'

export interface ArchiveEntryLike {
  name: string
  /** Uncompressed size in bytes, as the archive declares it. */
  size: number
  /** The entry's bytes; may throw (e.g. when a cap of the unzip layer is hit). */
  read(): Uint8Array
}

/** `event-log`: a standalone .evtx file opened on its own. */
export type WindowsArchiveKind = 'mdm-diagnostics' | 'intune-diagnostics' | 'event-log' | 'unknown'

export type ArchiveFileRole = 'registry-dump' | 'ztd-json' | 'event-log' | 'cab' | 'csv' | 'other'

export interface EventLogEntry {
  name: string
  size: number
  /** The event channel, when the file name identifies a known one; otherwise null. */
  channel: string | null
  parsed: boolean
  /** The events read from it (null when it could not be read at all). */
  summary: EventLogSummary | null
  /** Why it could not be read (null when it was read). */
  error: string | null
  /** What to look for in it (from the references), for the person opening it in Event Viewer. */
  hint: string | null
}

export interface ArchiveFileEntry {
  name: string
  size: number
  role: ArchiveFileRole
  parsed: boolean
}

export interface NotParsedEntry {
  name: string
  size: number
  reason: string
}

export interface WindowsArchiveReport {
  kind: WindowsArchiveKind
  /** Tenant as found in the registry dump, else in the ZTD JSON; null if neither has one. */
  tenant: { id: string | null; domain: string | null; source: 'registry' | 'ztd-json' } | null
  /** Summary of the registry dump read (null if none was read). */
  registry: {
    name: string
    encoding: string | null
    header: string | null
    stringEscaping: 'regedit' | 'verbatim'
    keys: number
    values: number
    warningCount: number
    complete: boolean
    error: string | null
  } | null
  findings: AutopilotFindings | null
  ztd: (ZtdFileResult & { name: string }) | null
  eventLogs: EventLogEntry[]
  files: ArchiveFileEntry[]
  notParsed: NotParsedEntry[]
  warnings: string[]
}

export interface InspectOptions {
  regLimits?: Partial<RegParseLimits>
  maxZtdBytes?: number
  /** Entries listed in `files`/`notParsed` (default 10,000); the rest are counted in a warning. */
  maxListed?: number
  /** Keep every event's System fields in each event log's summary (`diag:inspect`); default false. */
  eventRows?: boolean
}

/**
 * The documented command (docs/reference/cab-format.md §8), with the area list quoted: in PowerShell an
 * unquoted `;` ends the command, so `-area Autopilot;TPM` would run `TPM` as a second command.
 */
export const MDM_DIAGNOSTICS_CAB_COMMAND = 'MDMDiagnosticsTool.exe -area "Autopilot;TPM" -cab C:\\temp\\diag.cab'
export const MDM_DIAGNOSTICS_ZIP_COMMAND = 'MDMDiagnosticsTool.exe -area "Autopilot;TPM" -zip C:\\temp\\diag.zip'

/**
 * An archive inside the archive (a CAB in the Intune download, a ZIP in a CAB): nested archives are
 * listed, not opened, so one archive is read under one set of limits and nothing recurses.
 */
export const NESTED_ARCHIVE_MESSAGE =
  'An archive inside the archive: nested archives are listed, not opened. Extract it (on Windows: `expand.exe file.cab -F:* C:\\temp\\diag` for a CAB) ' +
  'and open that file here on its own; this app reads CAB and ZIP files.'

export type ContainerFormat = 'zip' | 'cab' | 'unknown'

/** Looks at the first bytes: `PK\x03\x04`/`PK\x05\x06` (ZIP), `MSCF` (CAB). */
export function sniffContainer(head: Uint8Array): ContainerFormat {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06)))
    return 'zip'
  if (head.length >= 4 && head[0] === 0x4d && head[1] === 0x53 && head[2] === 0x43 && head[3] === 0x46) return 'cab'
  return 'unknown'
}

interface KnownChannel {
  /** Matched against the normalised entry path. */
  test: RegExp
  channel: string
  hint: string
}

/**
 * Channels identified by file name. The channel strings: `…ModernDeployment-Diagnostics-Provider/
 * Autopilot` (docs/reference/community-tools.md §A5; docs/reference/autopilot.md §6.1 gives only the Event Viewer path),
 * `…DeviceManagement-Enterprise-Diagnostics-Provider/Admin` and `…User Device Registration/Admin`
 * (docs/reference/community-tools.md §A3, docs/reference/autopilot.md §6.1). The file-name form of the Autopilot log in an
 * MDMDiagnostics archive is not documented: it is assumed to follow the other two
 * (`microsoft-windows-<provider>-<channel>.evtx`); `%4` (the `/` of Windows' own winevt\Logs names)
 * is accepted too.
 */
const KNOWN_CHANNELS: readonly KnownChannel[] = [
  {
    test: /moderndeployment-diagnostics-provider[-/]autopilot/,
    channel: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot',
    hint:
      'Autopilot event log (Microsoft Learn: Windows Autopilot troubleshooting FAQ): 100 policy not found (waiting), 153/161 profile downloaded, ' +
      '163 already provisioned, 164 internet available, 171/172 TPM identity / profile availability errors, ' +
      '807 ZtdDevicesNotRegistered, 809/815 ZtdDeviceHasNoAssignedProfile, 908 serial/product key mismatch.',
  },
  {
    test: /devicemanagement-enterprise-diagnostics-provider[-/]admin/,
    channel: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin',
    hint:
      'MDM log read by the community Get-AutopilotDiagnostics script: 72 MDM enrollment; 100/107/109/110/111 offline domain join; ' +
      '1905/1906/1920/1922/1924 MSI download/install start/finish/fail.',
  },
  {
    test: /user-device-registration[-/]admin/,
    channel: 'Microsoft-Windows-User Device Registration/Admin',
    hint:
      'Device registration log: HResult 0x801C03F3 in pre-provisioning (Microsoft Learn: Windows Autopilot - known issues); ' +
      '101 SCP discovery, 304/306 hybrid join failed/succeeded (as read by Get-AutopilotDiagnostics).',
  },
]

function normalizeName(name: string): string {
  return name.replace(/\\/g, '/').toLowerCase()
}

function basename(name: string): string {
  const normalized = name.replace(/\\/g, '/')
  const cut = normalized.replace(/\/+$/, '')
  return cut.slice(cut.lastIndexOf('/') + 1)
}

/** Channel of an `.evtx` entry from its path. Folder names count too: no reference fixes where a log sits or how its file is named. */
export function identifyEventLog(name: string): { channel: string | null; hint: string | null } {
  const normalized = normalizeName(name)
    .replace(/%4/g, '/')
    .replace(/[\s_]+/g, '-')
  for (const known of KNOWN_CHANNELS) if (known.test.test(normalized)) return { channel: known.channel, hint: known.hint }
  return { channel: null, hint: null }
}

const isDirectoryEntry = (entry: ArchiveEntryLike) => /[\\/]$/.test(entry.name)
/** The folder Get-AutopilotDiagnostics looks for in an Intune diagnostics ZIP. */
const INTUNE_CAB_FOLDER = /(^|\/)[^/]*mdmdiagnostics[^/]*_cab\//i

function roleOf(entry: ArchiveEntryLike): ArchiveFileRole {
  const base = basename(entry.name).toLowerCase()
  if (base === 'mdmdiagreport_registrydump.reg') return 'registry-dump'
  if (base === 'autopilotddsztdfile.json') return 'ztd-json'
  if (base.endsWith('.evtx')) return 'event-log'
  if (base.endsWith('.cab') || INTUNE_CAB_FOLDER.test(normalizeName(entry.name))) return 'cab'
  if (base.endsWith('.csv')) return 'csv'
  return 'other'
}

function safeRead(entry: ArchiveEntryLike): { bytes: Uint8Array } | { error: string } {
  try {
    const bytes = entry.read()
    if (!(bytes instanceof Uint8Array)) return { error: 'the archive reader returned no bytes' }
    return { bytes }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * Inspects the entries of an MDMDiagnostics or Intune diagnostics archive. Never throws: unreadable
 * or oversized entries are listed in `notParsed` with the reason.
 */
export function inspectWindowsArchive(entries: readonly ArchiveEntryLike[], options: InspectOptions = {}): WindowsArchiveReport {
  const maxListed = options.maxListed ?? 10_000
  const regMaxBytes = options.regLimits?.maxBytes ?? 64 * 1024 * 1024
  const ztdMaxBytes = options.maxZtdBytes ?? 16 * 1024 * 1024
  const report: WindowsArchiveReport = {
    kind: 'unknown',
    tenant: null,
    registry: null,
    findings: null,
    ztd: null,
    eventLogs: [],
    files: [],
    notParsed: [],
    warnings: [],
  }
  let unlisted = 0
  const list = (file: ArchiveFileEntry) => {
    if (report.files.length < maxListed) report.files.push(file)
    else unlisted += 1
  }
  const notParsed = (entry: ArchiveEntryLike, reason: string) => {
    if (report.notParsed.length < maxListed) report.notParsed.push({ name: entry.name, size: entry.size, reason })
  }

  let intuneLayout = false
  let mdmMarkers = 0
  let registryTaken = false
  let ztdTaken = false
  // Event logs that could not be read: said at the top, or a truncated CAB reads as "no events" (its logs' bytes are missing).
  const unreadLogs: string[] = []

  for (const entry of entries) {
    if (isDirectoryEntry(entry)) {
      if (INTUNE_CAB_FOLDER.test(normalizeName(entry.name))) intuneLayout = true
      continue
    }
    const role = roleOf(entry)
    const size = Number.isFinite(entry.size) && entry.size >= 0 ? entry.size : 0
    if (INTUNE_CAB_FOLDER.test(normalizeName(entry.name))) intuneLayout = true

    switch (role) {
      case 'registry-dump': {
        mdmMarkers += 1
        if (registryTaken) {
          list({ name: entry.name, size, role, parsed: false })
          notParsed(entry, 'A second registry dump; only the first one is read.')
          report.warnings.push(`More than one MdmDiagReport_RegistryDump.reg; read "${report.registry?.name ?? ''}", not "${entry.name}".`)
          break
        }
        registryTaken = true
        if (size > regMaxBytes) {
          list({ name: entry.name, size, role, parsed: false })
          notParsed(
            entry,
            `The registry dump is ${sizeInWords(size)}, over the ${sizeInWords(regMaxBytes)} this review reads; the rest of the archive is read.`,
          )
          break
        }
        const read = safeRead(entry)
        if ('error' in read) {
          list({ name: entry.name, size, role, parsed: false })
          notParsed(entry, `Could not be read: ${read.error}`)
          break
        }
        const reg = parseRegFile(read.bytes, options.regLimits)
        const readable = reg.error === null || reg.error.code === 'too-many-lines'
        report.registry = {
          name: entry.name,
          encoding: reg.encoding,
          header: reg.header,
          stringEscaping: reg.stringEscaping,
          keys: reg.keys.length,
          values: reg.valueCount,
          warningCount: reg.warningCount,
          complete: reg.complete,
          error: reg.error?.message ?? null,
        }
        if (reg.warningCount > 0)
          report.warnings.push(`${entry.name}: ${count(reg.warningCount, 'line')} could not be read (see registry warnings in the findings).`)
        if (readable) {
          report.findings = extractAutopilotFindings(reg)
          for (const warning of reg.warnings.slice(0, 50)) report.findings.warnings.push(`line ${warning.line}: ${warning.message}`)
        } else notParsed(entry, reg.error?.message ?? 'Not readable.')
        list({ name: entry.name, size, role, parsed: readable })
        break
      }
      case 'ztd-json': {
        mdmMarkers += 1
        if (ztdTaken) {
          list({ name: entry.name, size, role, parsed: false })
          notParsed(entry, 'A second AutopilotDDSZTDFile.json; only the first one is read.')
          break
        }
        ztdTaken = true
        if (size > ztdMaxBytes) {
          list({ name: entry.name, size, role, parsed: false })
          notParsed(entry, `AutopilotDDSZTDFile.json is ${size} bytes; the limit is ${ztdMaxBytes}.`)
          break
        }
        const read = safeRead(entry)
        if ('error' in read) {
          list({ name: entry.name, size, role, parsed: false })
          notParsed(entry, `Could not be read: ${read.error}`)
          break
        }
        const ztd = parseAutopilotDdsZtdFile(read.bytes, { maxBytes: ztdMaxBytes })
        report.ztd = { name: entry.name, ...ztd }
        const readable = ztd.parsed || ztd.salvaged
        if (!readable) notParsed(entry, ztd.error?.message ?? 'Not readable.')
        list({ name: entry.name, size, role, parsed: readable })
        break
      }
      case 'event-log': {
        const named = identifyEventLog(entry.name)
        const read = safeRead(entry)
        const summary = 'error' in read ? null : summarizeEventLog(read.bytes, entry.name, { rows: options.eventRows ?? false })
        const why = 'error' in read ? read.error : (summary?.error ?? null)
        const unreadable = 'error' in read ? `Could not be read: ${read.error}` : summary?.error ? `Event log not readable: ${summary.error}` : null
        // The events name their channel; the file name is the fallback (docs/reference/evtx-format.md §channels).
        const channel = summary?.channels[0] ?? named.channel
        const { hint } = channel ? identifyEventLog(channel) : named
        if (channel && identifyEventLog(channel).channel) mdmMarkers += 1
        if (report.eventLogs.length < maxListed)
          report.eventLogs.push({
            name: entry.name,
            size,
            channel,
            parsed: !unreadable,
            // Kept when unreadable too: a log whose every chunk is damaged still says how many were.
            summary,
            hint,
            error: unreadable ? why : null,
          })
        list({ name: entry.name, size, role, parsed: !unreadable })
        if (unreadable) {
          notParsed(entry, unreadable)
          unreadLogs.push(entry.name)
        } else if (summary && summary.damaged > 0)
          report.warnings.push(`${entry.name}: ${summary.damaged} damaged chunk(s) skipped or read in part; ${summary.records} events read.`)
        // Each chunk's problem too when none could be read: the why in detail.
        for (const problem of summary?.problems ?? []) report.warnings.push(`${entry.name}: ${problem}`)
        break
      }
      case 'cab': {
        // Only the first bytes matter, but read() returns the whole entry: look only when it is small enough.
        let reason: string
        if (size <= regMaxBytes) {
          const read = safeRead(entry)
          if ('error' in read) reason = `Could not be read: ${read.error}`
          else if (sniffContainer(read.bytes.subarray(0, 4)) === 'cab') reason = NESTED_ARCHIVE_MESSAGE
          else if (basename(entry.name).toLowerCase().endsWith('.cab')) reason = 'Named .cab but has no CAB signature (MSCF); not read.'
          else reason = 'Not a file this viewer reads.'
        } else reason = `${NESTED_ARCHIVE_MESSAGE} (${size} bytes.)`
        if (reason.startsWith(NESTED_ARCHIVE_MESSAGE)) {
          report.warnings.push(
            `${entry.name}: a CAB inside the archive was not opened (nested archives are not); the Autopilot registry dump and logs in it are missing from this report. Extract it and open it here on its own.`,
          )
        }
        list({ name: entry.name, size, role, parsed: false })
        notParsed(entry, reason)
        break
      }
      case 'csv':
        list({ name: entry.name, size, role, parsed: false })
        notParsed(entry, 'CSV (in an MDMDiagnostics archive, the hardware hash): not parsed here.')
        break
      default:
        list({ name: entry.name, size, role, parsed: false })
        notParsed(
          entry,
          /\.zip$/i.test(entry.name)
            ? NESTED_ARCHIVE_MESSAGE
            : /\.etl$/i.test(entry.name)
              ? 'ETW trace (.etl): not read by this app (much of the Autopilot area is recorded only in such traces); open it with Windows Performance Analyzer or tracerpt.exe on Windows.'
              : 'Not a file this viewer reads.',
        )
    }
  }

  if (unreadLogs.length > 0) {
    const names = unreadLogs.slice(0, 5).join(', ') + (unreadLogs.length > 5 ? `, and ${unreadLogs.length - 5} more` : '')
    report.warnings.unshift(
      `${count(unreadLogs.length, 'event log')} could not be read — ${names}: ${unreadLogs.length === 1 ? 'its events are' : 'their events are'} missing from the event timeline (why is said beside each log).`,
    )
  }
  if (unlisted > 0) report.warnings.push(`${unlisted} more entries were not listed (limit ${maxListed}).`)
  report.kind = intuneLayout ? 'intune-diagnostics' : mdmMarkers > 0 ? 'mdm-diagnostics' : 'unknown'

  // Tenant: registry first, then the downloaded profile; a disagreement is worth a warning.
  const regTenantId = report.findings?.found.tenantId?.value || null
  const regDomain = report.findings?.found.tenantDomain?.value || null
  const ztdTenantId = typeof report.ztd?.fields.CloudAssignedTenantId === 'string' ? report.ztd.fields.CloudAssignedTenantId || null : null
  const ztdDomain = typeof report.ztd?.fields.CloudAssignedTenantDomain === 'string' ? report.ztd.fields.CloudAssignedTenantDomain || null : null
  if (regTenantId || regDomain) report.tenant = { id: regTenantId, domain: regDomain, source: 'registry' }
  else if (ztdTenantId || ztdDomain) report.tenant = { id: ztdTenantId, domain: ztdDomain, source: 'ztd-json' }
  if (regTenantId && ztdTenantId && regTenantId.replace(/[{}]/g, '').toLowerCase() !== ztdTenantId.replace(/[{}]/g, '').toLowerCase()) {
    report.warnings.push(`The registry (CloudAssignedTenantId ${regTenantId}) and AutopilotDDSZTDFile.json (${ztdTenantId}) name different tenants.`)
  }
  const regZtd = report.findings?.found.ztdCorrelationId?.value || null
  const fileZtd = typeof report.ztd?.fields.ZtdCorrelationId === 'string' ? report.ztd.fields.ZtdCorrelationId || null : null
  if (regZtd && fileZtd && regZtd.toLowerCase() !== fileZtd.toLowerCase()) {
    report.warnings.push(`The registry (ZtdCorrelationId ${regZtd}) and AutopilotDDSZTDFile.json (${fileZtd}) have different correlation ids.`)
  }

  if (report.kind === 'unknown') {
    report.warnings.push(
      'No MdmDiagReport_RegistryDump.reg, AutopilotDDSZTDFile.json or known Autopilot event log found: this does not look like a Windows diagnostics archive.',
    )
  }
  if (!registryTaken && report.kind !== 'unknown') {
    report.warnings.push(
      intuneLayout
        ? 'No MdmDiagReport_RegistryDump.reg outside the MDMDiagnostics CAB: Autopilot registry findings are not available.'
        : 'No MdmDiagReport_RegistryDump.reg in the archive: Autopilot registry findings are not available.',
    )
  }
  return report
}
