import { neutraliseFormula } from '../csv/neutralise-formula'
import { attemptActionWords, attemptOutcome, attemptStageWords, voidedWords } from '@shared/domain/attempt'
import { profileStatusWords } from '@shared/domain/enrollment-words'

type Row = Record<string, unknown>
/** What the summaries need of an attempt (ExportedAttempt). */
interface AttemptLike {
  deviceId: string
  startedAt: string
  phase: string
  errorCode: string | null
  voided?: { reason: string } | null
  state: { nextAction: { action: string } | null; outcome?: { kind: string } | null; cancelledAt?: string | null } | null
}

/** The stage as the bench row said it: "Failed (0x80180014) — retried", not "Closed". */
const stageOf = (a: AttemptLike) =>
  attemptStageWords({
    phase: a.phase,
    errorCode: a.errorCode,
    outcome: attemptOutcome(a.state),
    nextAction: a.state?.nextAction?.action ?? null,
  })

/** Quoted always, quotes doubled, spreadsheet formulas neutralised (CSV injection). */
const csvCell = (value: unknown) => `"${neutraliseFormula(value === null || value === undefined ? '' : String(value)).replace(/"/g, '""')}"`

/** One line per device: what a hand-over or a support ticket needs at a glance. Voided attempts are not counted (as in the hand-over report). */
export function summaryCsv(devices: Row[], all: readonly AttemptLike[]): string {
  const attempts = all.filter((a) => !a.voided)
  const header = ['Serial number', 'Manufacturer', 'Model', 'Group tag', 'Assigned user', 'Profile status', 'Attempts', 'Last attempt stage', 'Last error code']
  const lines = devices.map((d) => {
    const mine = attempts.filter((a) => a.deviceId === d.id)
    const last = mine[mine.length - 1]
    return [
      d.serialNumber,
      d.manufacturer,
      d.model,
      d.groupTag,
      d.userPrincipalName,
      profileStatusWords(String(d.profileStatus ?? '')),
      mine.length,
      last ? stageOf(last) : '',
      last?.errorCode ?? '',
    ]
      .map(csvCell)
      .join(',')
  })
  return [header.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n'
}

/** "2026-12-06 05:03 UTC": the page is opened anywhere, so the zone is spelled out rather than guessed. */
const utcMinute = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`)

/** What the manifest says was redacted, in words. */
const redactionNote = ({ serials, users }: { serials: boolean; users: boolean }) =>
  serials && users ? 'serial numbers and user names are pseudonyms' : serials ? 'serial numbers are pseudonyms' : users ? 'user names are pseudonyms' : ''

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A page anyone can open in any browser, offline: no scripts, no external resources. */
export function summaryHtml(input: {
  tenant: { displayName: string }
  createdAt: string
  devices: Row[]
  attempts: readonly AttemptLike[]
  errors: readonly Row[]
  redaction: { serials: boolean; users: boolean }
  /** The summary QR as inline SVG (built by the caller) and its text. */
  qr: { svg: string; text: string } | null
}): string {
  const rows = input.devices
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.serialNumber)}</td><td>${escapeHtml(d.manufacturer)} ${escapeHtml(d.model)}</td><td>${escapeHtml(d.groupTag)}</td><td>${escapeHtml(d.userPrincipalName)}</td><td>${escapeHtml(profileStatusWords(String(d.profileStatus ?? '')))}</td></tr>`,
    )
    .join('\n')
  // A device by its serial number where the bundle has it, not by its id.
  const serialOf = new Map(input.devices.map((d) => [String(d.id), String(d.serialNumber ?? '')]))
  // Voided attempts stay listed as evidence, marked, and are not counted (as in the hand-over report).
  const counted = input.attempts.filter((a) => !a.voided).length
  const voided = input.attempts.length - counted
  const attempts = input.attempts
    .map((a) => {
      const next = a.state?.nextAction?.action
      const stage = a.voided ? `${voidedWords(a.voided.reason)} · ${stageOf(a)}` : stageOf(a)
      return `<tr><td>${escapeHtml(serialOf.get(a.deviceId) || a.deviceId)}</td><td>${escapeHtml(utcMinute(a.startedAt))}</td><td>${escapeHtml(stage)}</td><td>${escapeHtml(a.errorCode)}</td><td>${escapeHtml(next ? attemptActionWords(next) : '')}</td></tr>`
    })
    .join('\n')
  const errors = input.errors
    .map((e) => `<li><strong>${escapeHtml(e.code)}</strong> ${escapeHtml(e.title ?? e.status)} — ${escapeHtml(e.meaning ?? '')}</li>`)
    .join('\n')
  const qr = input.qr ? `<h2>Summary QR</h2><figure>${input.qr.svg}<figcaption><code>${escapeHtml(input.qr.text)}</code></figcaption></figure>` : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Autopilot Bench diagnostics — ${escapeHtml(input.tenant.displayName)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#1b2430}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccd;padding:4px 8px;text-align:left}</style></head>
<body><h1>Autopilot Bench diagnostics</h1>
<p>Tenant: ${escapeHtml(input.tenant.displayName)} · created ${escapeHtml(utcMinute(input.createdAt))}${redactionNote(input.redaction) ? ` · ${redactionNote(input.redaction)}` : ''}</p>
<h2>Devices (${input.devices.length})</h2><table><tr><th>Serial number</th><th>Device</th><th>Group tag</th><th>Assigned user</th><th>Profile status</th></tr>
${rows}</table>
<h2>Pre-provisioning attempts (${counted}${voided ? `; ${voided} void, not counted` : ''})</h2><table><tr><th>Device</th><th>Started</th><th>Stage</th><th>Error code</th><th>Next action</th></tr>
${attempts}</table>
<h2>Errors explained</h2><ul>${errors || '<li>No error codes recorded.</li>'}</ul>
${qr}
</body></html>
`
}
