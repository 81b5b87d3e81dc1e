import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { explainError } from '../../../shared/domain/explain-error'
import { bundleFiles, bundleFormatVersion, type BundleManifest } from './bundle-format'
import { createRedactor } from './redaction'
import { summaryCsv, summaryHtml } from './bundle-summary'

export interface ExportOptions {
  deviceIds: string[] | null
  /** Log lines and audit entries from this time on (default: the last 24 hours). */
  since: string | null
  redact: boolean
  appVersion: string
  tenant: { id: string; displayName: string }
  logDir: string
  now?: () => Date
  /** Cap for the log slice, so one chatty day cannot make a bundle nobody can mail. */
  maxLogBytes?: number
}

type Row = Record<string, unknown>

const inList = (ids: string[] | null) => (ids ? `IN (SELECT value FROM json_each(@ids))` : 'IS NOT NULL')

/** The log lines of the window, oldest file first, newest lines kept when over the cap. */
function logSlice(logDir: string, since: string, maxBytes: number): string[] {
  const files = [5, 4, 3, 2, 1].map((n) => join(logDir, `app.log.${n}`)).concat(join(logDir, 'app.log')).filter((f) => existsSync(f))
  const lines: string[] = []
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue
      const time = /"time":"([^"]+)"/.exec(line)?.[1]
      if (!time || time >= since) lines.push(line)
    }
  }
  let bytes = 0
  const kept: string[] = []
  for (let i = lines.length - 1; i >= 0 && bytes < maxBytes; i--) {
    kept.unshift(lines[i]!)
    bytes += lines[i]!.length + 1
  }
  return kept
}

/**
 * Builds a diagnostics bundle (one ZIP, all in memory): manifest with a SHA-256 per file, device and
 * profile snapshots, the attempt timeline, outbox and audit history, the matching slice of the app
 * log, error explanations, a CSV summary and a self-contained summary.html. With `redact`, serials,
 * UPNs and names are replaced by keyed pseudonyms everywhere, including inside log lines.
 */
export function exportBundle(db: Database.Database, options: ExportOptions): { zip: Uint8Array; manifest: BundleManifest } {
  const now = options.now?.() ?? new Date()
  const since = options.since ?? new Date(now.getTime() - 24 * 3600_000).toISOString()
  const ids = JSON.stringify(options.deviceIds ?? [])
  const devices = db.prepare(`SELECT id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag, purchase_order AS purchaseOrder,
    user_principal_name AS userPrincipalName, addressable_user_name AS addressableUserName, display_name AS displayName,
    profile_status AS profileStatus, profile_id AS profileId, profile_assigned_at AS profileAssignedAt, enrollment_state AS enrollmentState,
    remediation_state AS remediationState, userless_enrollment_status AS userlessEnrollmentStatus, managed_device_id AS managedDeviceId,
    entra_device_id AS entraDeviceId, last_contacted_at AS lastContactedAt, synced_at AS syncedAt
    FROM devices WHERE id ${inList(options.deviceIds)} ORDER BY serial_number LIMIT 100000`).all({ ids }) as Row[]
  const deviceIdsInScope = JSON.stringify(devices.map((d) => d.id))
  const scoped = (table: string, order: string) =>
    db.prepare(`SELECT * FROM ${table} WHERE device_id IN (SELECT value FROM json_each(?)) ORDER BY ${order}`).all(deviceIdsInScope) as Row[]
  const attempts = scoped('attempts', 'started_at')
  const outbox = scoped('outbox', 'id')
  const audit = (scoped('audit_log', 'id') as Row[]).filter((row) => String(row.at) >= since || options.deviceIds !== null)
  const profiles = {
    profiles: db.prepare('SELECT id, display_name, odata_type, join_type, pre_provisioning_allowed, device_name_template, created_at, details FROM profiles').all(),
    assignments: db.prepare('SELECT * FROM profile_assignments').all(),
    groups: db.prepare('SELECT id, display_name, membership_rule FROM device_groups').all(),
  }
  const codes = [...new Set(attempts.map((a) => a.error_code).filter((c): c is string => typeof c === 'string' && c !== ''))]
  const errors = codes.map((code) => {
    const explained = explainError(code)
    return explained.status === 'known' ? { code, title: explained.entry.title, meaning: explained.entry.meaning, action: explained.entry.action, steps: explained.entry.steps, citation: explained.entry.citation } : { code, status: explained.status }
  })
  const log = logSlice(options.logDir, since, options.maxLogBytes ?? 5 * 1024 * 1024)

  const redactor = createRedactor()
  if (options.redact) {
    for (const d of devices) {
      for (const [field, kind] of [['serialNumber', 'serial'], ['userPrincipalName', 'user'], ['addressableUserName', 'name']] as const) {
        const value = d[field]
        if (typeof value === 'string' && value !== '') redactor.pseudonym(kind, value)
      }
    }
    for (const item of outbox) {
      const change = JSON.parse(String(item.payload)) as Record<string, unknown>
      if (typeof change.userPrincipalName === 'string' && change.userPrincipalName) redactor.pseudonym('user', change.userPrincipalName)
      if (typeof change.addressableUserName === 'string' && change.addressableUserName) redactor.pseudonym('name', change.addressableUserName)
    }
    redactor.discardKey()
  }
  const finish = (text: string) => (options.redact ? redactor.apply(text) : text)
  const contents: Record<(typeof bundleFiles)[number], string> = {
    'devices.json': JSON.stringify(devices, null, 2),
    'profiles.json': JSON.stringify(profiles, null, 2),
    'attempts.json': JSON.stringify(attempts, null, 2),
    'outbox.json': JSON.stringify(outbox, null, 2),
    'audit.json': JSON.stringify(audit, null, 2),
    'errors.json': JSON.stringify(errors, null, 2),
    'app-log.jsonl': log.join('\n') + (log.length ? '\n' : ''),
    'summary.csv': summaryCsv(devices, attempts),
    'summary.html': summaryHtml({ tenant: options.tenant, createdAt: now.toISOString(), devices, attempts, errors, redacted: options.redact }),
  }
  const files: Record<string, Uint8Array> = {}
  const listed: BundleManifest['files'] = []
  for (const name of bundleFiles) {
    const bytes = strToU8(finish(contents[name]))
    files[name] = bytes
    listed.push({ name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })
  }
  const manifest: BundleManifest = {
    formatVersion: bundleFormatVersion, app: 'autopilot-bench', appVersion: options.appVersion, createdAt: now.toISOString(),
    tenant: options.tenant, scope: { kind: options.deviceIds ? 'devices' : 'all', deviceCount: devices.length, since },
    redaction: { serials: options.redact, users: options.redact }, files: listed,
  }
  files['manifest.json'] = strToU8(finish(JSON.stringify(manifest, null, 2)))
  return { zip: zipSync(files, { level: 6 }), manifest }
}
