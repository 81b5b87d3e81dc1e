import { useEffect, useRef } from 'react'
import type { HandoverReport } from '@shared/bench-schemas'
import { QrCode } from '../qr-code'
import { AddressText } from '../address-text'
import { ordersStrings } from '../../strings/orders'
import './orders.css'

const text = ordersStrings.labels

/**
 * Printable box labels for the job's resealed devices: serial, user, device name and a QR code of the
 * serial, so the box can be scanned at hand-over (the bench's scan field takes a plain serial too).
 */
export function BoxLabels({ report, onClose }: { report: HandoverReport; onClose(): void }) {
  const resealed = report.rows.filter((row) => row.status === 'resealed')
  const print = useRef<HTMLButtonElement>(null)
  const back = useRef<HTMLButtonElement>(null)
  // The report's "Box labels" button is gone with the report: the keyboard starts on Print labels (Back when none), not <body>.
  useEffect(() => {
    ;(print.current?.disabled ? back.current : print.current)?.focus()
  }, [])
  return (
    <section className="box-labels" aria-label={text.heading(report.job.name)} data-testid="box-labels">
      <div className="button-row no-print">
        <button ref={print} type="button" className="button button--primary" disabled={resealed.length === 0} onClick={() => window.print()}>
          {text.print}
        </button>
        <button ref={back} type="button" className="button" onClick={onClose}>
          {text.back}
        </button>
      </div>
      <h2 className="no-print">{text.heading(report.job.name)}</h2>
      {resealed.length === 0 ? <p className="empty-state">{text.none}</p> : null}
      <div className="box-labels__sheet">
        {resealed.map((row) => (
          <article className="box-label" key={row.deviceId ?? row.serialNumber} data-serial={row.serialNumber}>
            <QrCode text={row.serialNumber} label={text.qr(row.serialNumber)} size={112} />
            <dl>
              <dt>{text.serial}</dt>
              <dd>{row.serialNumber}</dd>
              <dt>{text.user}</dt>
              <dd>{row.userPrincipalName ? <AddressText text={row.userPrincipalName} /> : '—'}</dd>
              <dt>{text.name}</dt>
              <dd>{row.deviceName || '—'}</dd>
            </dl>
          </article>
        ))}
      </div>
    </section>
  )
}
