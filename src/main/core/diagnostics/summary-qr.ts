import { attemptOutcome } from '@shared/domain/attempt'
import type { SummaryQr } from '@shared/diagnostics-schemas'
import { qrMatrix } from '@qr/encode/qr-matrix'

export interface QrAttempt {
  deviceId: string
  serialNumber: string
  phase: string
  startedAt: string
  errorCode: string | null
  /** A voided attempt (a stray key, a test press) is never the case's last error or stage. */
  voided?: unknown
  state: { provisionPressedAt: string | null; outcome: { at: string; kind?: string } | null; cancelledAt?: string | null } | null
}

/**
 * The case in one small QR: the newest failed attempt (else the newest attempt). The text is JSON
 * with the Windows QR's own keys `ZtdId` and `SerialNumber` — the scan parser accepts extra keys, so
 * another bench running this app lands on the device card — plus LastError, Stage and ElapsedSeconds
 * for a phone's plain QR reader. Elapsed: from the Provision press to the outcome (or to `now`).
 * Voided attempts are left out, as the bench and the hand-over report leave them out; with only
 * voided attempts there is no QR.
 */
export function buildSummaryQr(all: readonly QrAttempt[], now: Date): SummaryQr | null {
  const attempts = all.filter((a) => !a.voided)
  const failed = attempts.filter((a) => a.phase === 'failed' || a.errorCode || a.state?.outcome?.kind === 'failure')
  const pick = (failed.length ? failed : attempts).reduce<QrAttempt | null>((best, a) => (!best || a.startedAt >= best.startedAt ? a : best), null)
  if (!pick) return null
  const from = Date.parse(pick.state?.provisionPressedAt ?? pick.startedAt)
  const to = pick.state?.outcome ? Date.parse(pick.state.outcome.at) : now.getTime()
  // Whole seconds down, as the bench's formatElapsed counts them: 66.7 s is 1:06 on both, never 1:07 here.
  const elapsedSeconds = Number.isNaN(from) || Number.isNaN(to) ? null : Math.max(0, Math.floor((to - from) / 1000))
  // A closed attempt is read by how it ended: a failure stays 'failed' once Retry or Reset was chosen.
  const outcome = attemptOutcome(pick.state)
  const stage = pick.phase !== 'closed' ? pick.phase : outcome === 'failure' ? 'failed' : outcome === 'cancelled' ? 'cancelled' : pick.phase
  const text = JSON.stringify({
    ZtdId: pick.deviceId,
    SerialNumber: pick.serialNumber,
    LastError: pick.errorCode,
    Stage: stage,
    ElapsedSeconds: elapsedSeconds,
  })
  return { text, serialNumber: pick.serialNumber, ztdId: pick.deviceId, lastError: pick.errorCode, stage, elapsedSeconds }
}

/** The QR as inline SVG for summary.html (no scripts, no external resources). */
export function qrSvg(text: string, label: string): string {
  const matrix = qrMatrix(text, 'M')
  let d = ''
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) if (matrix.modules[row * matrix.size + col] === 1) d += `M${col + 4} ${row + 4}h1v1h-1z`
  }
  const n = matrix.size + 8
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${label}" width="240" height="240" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
}
