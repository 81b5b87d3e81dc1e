import type { ReactNode } from 'react'
import type { SummaryQr } from '@shared/diagnostics-schemas'
import { attemptStageWords, formatElapsed } from '@shared/domain/attempt'
import { QrCode } from '../qr-code'
import { diagnosticsStrings } from '../../strings/diagnostics'

const text = diagnosticsStrings.review

/** The case in one QR (a phone, or another bench's scanner, picks it up), with its fields spelled out. */
export function SummaryQrCard({ qr, note }: { qr: SummaryQr; note?: ReactNode }) {
  return (
    <section className="diag-section diag-qr" aria-label={text.qr} data-testid="diag-summary-qr">
      <h3>{text.qr}</h3>
      {note}
      <QrCode text={qr.text} label={text.qrLabel(qr.serialNumber)} size={200} />
      <dl className="diag-facts">
        <dt>{text.qrFields.serial}</dt>
        <dd className="mono">{qr.serialNumber}</dd>
        <dt>{text.qrFields.ztdId}</dt>
        <dd className="mono">{qr.ztdId}</dd>
        <dt>{text.qrFields.lastError}</dt>
        <dd className="mono">{qr.lastError ?? text.none}</dd>
        <dt>{text.qrFields.stage}</dt>
        <dd>{attemptStageWords({ phase: qr.stage })}</dd>
        <dt>{text.qrFields.elapsed}</dt>
        <dd>{qr.elapsedSeconds === null ? text.none : formatElapsed(qr.elapsedSeconds * 1000)}</dd>
      </dl>
    </section>
  )
}
