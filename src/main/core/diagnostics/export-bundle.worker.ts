import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { homedir, tmpdir } from 'node:os'
import { dirname } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import type { DiagnosticsProgress } from './progress'
import type { ExportScope } from '@shared/diagnostics-schemas'
import { bundleFiles, bundleFormatVersion, type BundleManifest } from './bundle-format'
import { createRedactor, findUpns, type Redactor } from './redaction'
import { summaryCsv, summaryHtml } from './bundle-summary'
import { resolveScope } from './export-scope.worker'
import { readAttempts } from './export-attempts.worker'
import { explainForReview } from './review-errors'
import { logSlice } from './export-log-slice'
import { buildSummaryQr, qrSvg } from './summary-qr'
import { createDiagnosticsRepo } from '../repos/diagnostics-repo'
import { createProfilesRepo } from '../repos/profiles-repo'
import { createMobileAppsRepo } from '../repos/mobile-apps-repo'
import { guidsIn } from './review-names'
import { createJobsRepo } from '../repos/jobs-repo'
import { createPathScrubber, scrubTokens } from '../logging/scrub'
import { bundleScopeLabel } from '@shared/domain/bundle-scope'

export interface ExportOptions {
  scope: ExportScope
  redact: { serials: boolean; users: boolean }
  appVersion: string
  tenant: { id: string; displayName: string }
  logDir: string
  /** The app's folder (cut out like the other folders of this machine); the data folder is the log folder's parent. */
  appRoot?: string
  now?: () => Date
  /** Cap for the log slice (default 5 MiB). */
  maxLogBytes?: number
  onProgress?: (progress: DiagnosticsProgress) => void
}

/**
 * Builds a diagnostics bundle (one ZIP, all in memory): manifest with a SHA-256 per file, device and
 * profile snapshots, the attempt timeline (schema v4 state + events), outbox and audit history, the
 * matching slice of the app log, error explanations, a CSV summary and a self-contained summary.html
 * with the summary QR. Redaction replaces serials and/or UPNs and names by keyed pseudonyms
 * everywhere, including inside log lines and the QR. Tokens never reach the log (it is scrubbed when
 * written), and no table holding secrets is read. Whatever the redaction options, every file of the
 * bundle is scrubbed once more on the way out (machineScrubber): no absolute path of this machine, no
 * bearer token or JWT-looking string leaves in a bundle, even from a log line written by an older
 * version or by hand.
 */
export function exportBundle(
  db: Database.Database,
  options: ExportOptions,
): { zip: Uint8Array; manifest: BundleManifest; attemptCount: number; fileName: string } {
  const now = options.now?.() ?? new Date()
  const progress = options.onProgress ?? (() => undefined)
  const total = bundleFiles.length + 2
  progress({ step: 'reading', done: 0, total })
  const scope = resolveScope(db, options.scope, now)
  const diagnostics = createDiagnosticsRepo(db)
  const devices = diagnostics.devices(scope.deviceIds)
  const windowed = scope.scope.kind === 'day'
  const attempts = readAttempts(db, scope.deviceIds, scope.attemptIds, windowed ? scope : null)
  const outbox = diagnostics.outbox(scope.deviceIds, scope.since, scope.until)
  const audit = diagnostics.audit(scope.deviceIds, scope.since, scope.until)
  const profilesRepo = createProfilesRepo(db)
  const profiles = {
    profiles: profilesRepo.list(),
    assignments: profilesRepo.assignments(),
    groups: profilesRepo.groups(),
  }
  const codes = [...new Set(attempts.map((a) => a.errorCode).filter((c): c is string => typeof c === 'string' && c !== ''))]
  const errors = codes.map(explainForReview)
  // Only this tenant's lines: the log file is shared by every tenant used on this PC.
  const log = logSlice(options.logDir, scope.since, scope.until, options.maxLogBytes ?? 5 * 1024 * 1024, options.tenant.id)
  progress({ step: 'redacting', done: 1, total })

  const redacting = options.redact.serials || options.redact.users
  const scrubMachine = machineScrubber(options)
  // Built from the real values; drawn below from its redacted text (a QR's modules cannot be rewritten afterwards).
  const qr = buildSummaryQr(attempts, now)
  const contents: Record<(typeof bundleFiles)[number], string> = {
    'devices.json': JSON.stringify(devices, null, 2),
    'profiles.json': JSON.stringify(profiles, null, 2),
    'attempts.json': JSON.stringify(attempts, null, 2),
    'outbox.json': JSON.stringify(outbox, null, 2),
    'audit.json': JSON.stringify(audit, null, 2),
    'errors.json': JSON.stringify(errors, null, 2),
    'app-names.json': '{}',
    'app-log.jsonl': log.join('\n') + (log.length ? '\n' : ''),
    'summary.csv': summaryCsv(devices, attempts),
    'summary.html': '',
  }
  // App names are not personal data; the file still goes through the same redaction pass as the rest.
  contents['app-names.json'] = JSON.stringify(createMobileAppsRepo(db).namesFor(guidsIn(Object.values(contents))), null, 2)
  const redactor = createRedactor()
  if (redacting) {
    collectSecrets(redactor, db, options.redact, {
      deviceIds: scope.deviceIds,
      records: [devices, attempts, outbox, audit],
      texts: [...Object.values(contents), scope.scope.id, ...(qr ? [qr.text] : [])],
    })
    redactor.discardKey()
  }
  // The one redaction pass: every string written into the ZIP, and its name, goes through here.
  const finish = (text: string) => (redacting ? redactor.apply(scrubMachine(text)) : scrubMachine(text))
  const qrText = qr ? finish(qr.text) : null
  contents['summary.html'] = summaryHtml({
    tenant: options.tenant,
    createdAt: now.toISOString(),
    devices,
    attempts,
    errors,
    redaction: options.redact,
    // The figcaption is redacted with the rest of the page; the SVG is drawn from redacted text here.
    qr: qr && qrText ? { svg: qrSvg(qrText, finish(`Summary QR: ${qr.serialNumber}`)), text: qr.text } : null,
  })
  const files: Record<string, Uint8Array> = {}
  const listed: BundleManifest['files'] = []
  bundleFiles.forEach((name, i) => {
    // summary.html carries the QR, already built from redacted values; everything else is redacted here.
    const bytes = strToU8(name === 'summary.html' && qr ? finishOutsideQr(contents[name], finish) : finish(contents[name]))
    // Entry names go through the same pass (ours are fixed words today; nothing may carry a secret).
    const entry = finish(name)
    files[entry] = bytes
    listed.push({ name: entry, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })
    progress({ step: 'redacting', done: 2 + i, total })
  })
  const manifest: BundleManifest = {
    formatVersion: bundleFormatVersion,
    app: 'autopilot-bench',
    appVersion: options.appVersion,
    createdAt: now.toISOString(),
    tenant: options.tenant,
    scope: {
      kind: scope.scope.kind,
      id: scope.scope.id,
      name: scope.scope.kind === 'job' && scope.scope.id ? (createJobsRepo(db).get(scope.scope.id)?.name ?? null) : null,
      ...(scope.scope.kind === 'day' ? { timeZone: scope.scope.timeZone ?? 'UTC' } : {}),
      deviceCount: devices.length,
      since: scope.since,
      until: scope.until,
    },
    redaction: { ...options.redact },
    files: listed,
  }
  const manifestText = finish(JSON.stringify(manifest, null, 2))
  files[finish('manifest.json')] = strToU8(manifestText)
  progress({ step: 'compressing', done: total - 1, total })
  const zip = zipSync(files, { level: 6 })
  progress({ step: 'done', done: total, total })
  // The label goes through the same pass, so a redacted serial names the file by its pseudonym (and a
  // job by its name as the manifest has it, names in it redacted).
  const written = JSON.parse(manifestText) as BundleManifest
  const scopeLabel = bundleScopeLabel(
    written.scope,
    devices.map((device) => device.serialNumber),
  )
  const scopeName = finish(`${scope.scope.kind}-${scopeLabel}`)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 60)
  const fileName = `autopilot-bench-diagnostics-${scopeName}-${stamp(now.toISOString())}.zip`
  // The manifest as written (redacted), not as built.
  return { zip, manifest: written, attemptCount: attempts.length, fileName }
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')

const userKey = /^(userPrincipalName|user_principal_name|upn|mail|email|userId|user_id)$/i
const nameKey = /^(addressableUserName|addressable_user_name|userDisplayName|userName|user_name)$/i
const serialKey = /serial/i

/**
 * Registers every secret the exported data mentions, before the key is discarded: serials and users
 * of the devices, attempts, outbox and audit rows at any depth (nested JSON strings such as
 * `payload`, `base_value`, `details` are parsed, so previous values in the history count), the
 * bench's and the job manifests' copies, the user cache's rows (object id, mail, display name) for
 * every UPN met, and — when users are redacted — every UPN-shaped string in any text of the bundle
 * (plain, URL-encoded or JSON-escaped; e.g. `/v1.0/users/<upn>` in a logged Graph URL).
 */
function collectSecrets(
  redactor: Redactor,
  db: Database.Database,
  redact: ExportOptions['redact'],
  data: { deviceIds: string[]; records: unknown[]; texts: string[] },
) {
  const diagnostics = createDiagnosticsRepo(db)
  const serials = new Set<string>()
  const upns = new Set<string>()
  const names = new Set<string>()
  const visit = (value: unknown, key: string | null, depth: number): void => {
    if (depth > 20) return
    if (typeof value === 'string') {
      const text = value.trim()
      if ((text.startsWith('{') || text.startsWith('[')) && text.length < 1_000_000) {
        try {
          return visit(JSON.parse(text) as unknown, key, depth + 1)
        } catch {
          // Not JSON: a plain string.
        }
      }
      if (!text || key === null) return
      if (serialKey.test(key)) serials.add(text)
      else if (userKey.test(key)) upns.add(text)
      else if (nameKey.test(key)) names.add(text)
      return
    }
    if (Array.isArray(value)) for (const item of value) visit(item, key, depth + 1)
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1)
  }
  visit(data.records, null, 0)
  for (const serial of diagnostics.benchSerials(data.deviceIds)) serials.add(serial)
  if (redact.serials) for (const serial of serials) redactor.pseudonym('serial', serial)
  if (!redact.users) return
  for (const row of diagnostics.manifestUsers([...serials])) {
    if (row.userPrincipalName) upns.add(row.userPrincipalName)
    if (row.addressableUserName) names.add(row.addressableUserName)
  }
  for (const text of data.texts) for (const upn of findUpns(text)) upns.add(upn)
  for (const upn of upns) if (upn.includes('@')) redactor.pseudonym('user', upn)
  for (const user of diagnostics.usersNamed([...upns])) {
    const upn = user.userPrincipalName || user.mail
    if (!upn) continue
    redactor.pseudonym('user', upn)
    if (user.mail) redactor.pseudonym('user', user.mail)
    redactor.alias(user.id, upn)
    if (user.displayName) names.add(user.displayName)
  }
  // Values under a user key that are not UPNs (an object id) get a user pseudonym of their own.
  for (const upn of upns) if (!upn.includes('@') && upn.length >= 2) redactor.pseudonym('user', upn)
  for (const name of names) if (!redactor.has(name)) redactor.pseudonym('name', name)
}

/**
 * This machine's folders and any token, cut out of a bundle's text (plain or JSON): the app folder
 * (paths under it become relative), the data folder `[data]`, the temp folder `[tmp]`, the home
 * folder `~` (and anything shaped like another account's home folder); bearer tokens and JWT-looking
 * strings become `[redacted]`.
 */
export function machineScrubber(options: { logDir: string; appRoot?: string; home?: string; tmp?: string }): (text: string) => string {
  const scrubPaths = createPathScrubber([
    ...(options.appRoot ? [{ path: options.appRoot, replacement: '' }] : []),
    { path: dirname(options.logDir), replacement: '[data]' },
    { path: options.tmp ?? tmpdir(), replacement: '[tmp]' },
    { path: options.home ?? homedir(), replacement: '~' },
  ])
  // Any other account's home folder too (a log copied from another user or machine): `/home/ann`, `C:\\Users\\ann` → ~.
  // Case-sensitive on purpose: Graph paths such as `/v1.0/users/…` are not home folders.
  const otherHomes = /(?<![A-Za-z0-9_.-])(?:[A-Za-z]:(?:\\{1,2}|\/)[Uu]sers|\/home|\/Users)(?:\\{1,2}|\/)[^\\/\s"'():]+/g
  return (text) => scrubPaths(scrubTokens(text)).replace(otherHomes, '~')
}

/** Redacts an HTML page except inside its <svg> (the QR path is digits; rewriting it could only break it). */
function finishOutsideQr(html: string, finish: (text: string) => string): string {
  return html
    .split(/(<svg[\s\S]*?<\/svg>)/)
    .map((part) => (part.startsWith('<svg') ? part : finish(part)))
    .join('')
}
