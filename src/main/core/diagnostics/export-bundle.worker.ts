import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { homedir, tmpdir } from 'node:os'
import { dirname } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import type { DiagnosticsProgress } from './progress'
import type { ExportScope } from '@shared/diagnostics-schemas'
import { bundleFiles, bundleFormatVersion, type BundleManifest } from './bundle-format'
import { createRedactor } from './redaction'
import { summaryCsv, summaryHtml } from './bundle-summary'
import { resolveScope } from './export-scope.worker'
import { readAttempts } from './export-attempts.worker'
import { explainForReview } from './review-errors'
import { logSlice } from './export-log-slice'
import { buildSummaryQr, qrSvg } from './summary-qr'
import { createDiagnosticsRepo } from '../repos/diagnostics-repo'
import { createProfilesRepo } from '../repos/profiles-repo'
import { createPathScrubber, scrubTokens } from '../logging/scrub'

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
export function exportBundle(db: Database.Database, options: ExportOptions): { zip: Uint8Array; manifest: BundleManifest; attemptCount: number } {
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
  const log = logSlice(options.logDir, scope.since, scope.until, options.maxLogBytes ?? 5 * 1024 * 1024)
  progress({ step: 'redacting', done: 1, total })

  const redacting = options.redact.serials || options.redact.users
  const redactor = createRedactor()
  if (redacting) {
    const users = (value: unknown, kind: 'user' | 'name') => {
      if (options.redact.users && typeof value === 'string' && value !== '') redactor.pseudonym(kind, value)
    }
    for (const d of devices) {
      if (options.redact.serials && typeof d.serialNumber === 'string' && d.serialNumber) redactor.pseudonym('serial', d.serialNumber)
      users(d.userPrincipalName, 'user')
      users(d.addressableUserName, 'name')
    }
    for (const a of attempts) if (options.redact.serials && a.serialNumber) redactor.pseudonym('serial', a.serialNumber)
    for (const item of outbox) {
      const change = JSON.parse(String(item.payload)) as Record<string, unknown>
      users(change.userPrincipalName, 'user')
      users(change.addressableUserName, 'name')
    }
    redactor.discardKey()
  }
  const scrubMachine = machineScrubber(options)
  const finish = (text: string) => (redacting ? redactor.apply(scrubMachine(text)) : scrubMachine(text))
  // The QR is drawn from redacted values: its modules cannot be rewritten afterwards.
  const qr = buildSummaryQr(
    attempts.map((a) => ({ ...a, serialNumber: finish(a.serialNumber) })),
    now,
  )
  const contents: Record<(typeof bundleFiles)[number], string> = {
    'devices.json': JSON.stringify(devices, null, 2),
    'profiles.json': JSON.stringify(profiles, null, 2),
    'attempts.json': JSON.stringify(attempts, null, 2),
    'outbox.json': JSON.stringify(outbox, null, 2),
    'audit.json': JSON.stringify(audit, null, 2),
    'errors.json': JSON.stringify(errors, null, 2),
    'app-log.jsonl': log.join('\n') + (log.length ? '\n' : ''),
    'summary.csv': summaryCsv(devices, attempts),
    'summary.html': summaryHtml({
      tenant: options.tenant,
      createdAt: now.toISOString(),
      devices,
      attempts,
      errors,
      redacted: redacting,
      qr: qr ? { svg: qrSvg(qr.text, `Summary QR: ${finish(qr.serialNumber)}`), text: qr.text } : null,
    }),
  }
  const files: Record<string, Uint8Array> = {}
  const listed: BundleManifest['files'] = []
  bundleFiles.forEach((name, i) => {
    // summary.html carries the QR, already built from redacted values; everything else is redacted here.
    const bytes = strToU8(name === 'summary.html' && qr ? finishOutsideQr(contents[name], finish) : finish(contents[name]))
    files[name] = bytes
    listed.push({ name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })
    progress({ step: 'redacting', done: 2 + i, total })
  })
  const manifest: BundleManifest = {
    formatVersion: bundleFormatVersion,
    app: 'autopilot-bench',
    appVersion: options.appVersion,
    createdAt: now.toISOString(),
    tenant: options.tenant,
    scope: { kind: scope.scope.kind, id: finish(scope.scope.id), deviceCount: devices.length, since: scope.since, until: scope.until },
    redaction: { ...options.redact },
    files: listed,
  }
  files['manifest.json'] = strToU8(finish(JSON.stringify(manifest, null, 2)))
  progress({ step: 'compressing', done: total - 1, total })
  const zip = zipSync(files, { level: 6 })
  progress({ step: 'done', done: total, total })
  return { zip, manifest, attemptCount: attempts.length }
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
