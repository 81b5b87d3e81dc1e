import { useEffect, useRef, useState } from 'react'
import type { HandoverReport } from '@shared/bench-schemas'
import { formatElapsed } from '@shared/domain/attempt'
import type { AppError } from '@shared/result'
import { useJobsStore } from '../../stores/stores-context'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { benchStrings, jobsStrings } from '../../strings/bench'
import { ErrorMessage } from '../error-message'
import { saveDownload } from '../../save-download'
import { ordersStrings } from '../../strings/orders'
import { BoxLabels } from './box-labels'
import { SerialText } from '../serial-text'
import { AddressText } from '../address-text'
import './orders.css'

const text = jobsStrings.report
const orders = ordersStrings
const statusIcon: Record<HandoverReport['rows'][number]['status'], string> = { resealed: '✓', failed: '✕', pending: '…', 'not-seen': '○' }

/** A job's hand-over report: resealed, failed (with codes), pending, with times; printable and as CSV. */
export function HandoverReportView({ jobId, onClose }: { jobId: string; onClose(): void }) {
  const handoverReport = useJobsStore((state) => state.handoverReport)
  const exportHandoverCsv = useJobsStore((state) => state.exportHandoverCsv)
  const dates = useDateFormatter()
  const [report, setReport] = useState<HandoverReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [labels, setLabels] = useState(false)
  // Back from the box labels, the keyboard is where it left: on "Box labels".
  const labelsButton = useRef<HTMLButtonElement>(null)
  const cameBack = useRef(false)
  useEffect(() => {
    if (labels || !cameBack.current) return
    cameBack.current = false
    labelsButton.current?.focus()
  }, [labels])

  useEffect(() => {
    let live = true
    void handoverReport(jobId).then((result) => {
      if (!live) return
      if (result.ok) setReport(result.value)
      else setError(result.error)
    })
    return () => {
      live = false
    }
  }, [handoverReport, jobId])

  const downloadCsv = async () => {
    const result = await exportHandoverCsv(jobId)
    if (result.ok) saveDownload(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8')
    else setError(result.error)
  }

  const when = (iso: string | null) => (iso ? dates.dateTime(iso) : benchStrings.notStarted)
  if (report && labels)
    return (
      <BoxLabels
        report={report}
        onClose={() => {
          cameBack.current = true
          setLabels(false)
        }}
      />
    )
  return (
    <section className="handover-report" aria-label={report ? text.heading(report.job.name) : text.loading} data-testid="handover-report">
      <div className="button-row no-print">
        <button type="button" className="button button--primary" disabled={!report} onClick={() => window.print()}>
          {text.print}
        </button>
        <button type="button" className="button" onClick={() => void downloadCsv()}>
          {text.csv}
        </button>
        <button ref={labelsButton} type="button" className="button" disabled={!report} onClick={() => setLabels(true)}>
          {orders.labels.open}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {text.close}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {!report && !error ? <p role="status">{text.loading}</p> : null}
      {report ? (
        <>
          <h2>{text.heading(report.job.name)}</h2>
          <p>
            {report.job.purchaseOrder ? `${report.job.purchaseOrder} · ` : ''}
            {text.generated(dates.dateTime(report.generatedAt))}
          </p>
          <p data-testid="handover-totals">
            <strong>{orders.reportTotals(report.totals)}</strong>
          </p>
          {/* Shown only where the window is too narrow for every column (CSS); the print and the CSV have them all. */}
          <p className="handover-narrow-note hint no-print">{orders.narrowReport}</p>
          {report.rows.length === 0 ? (
            <p>{text.empty}</p>
          ) : (
            <div className="handover-table-scroll">
              <table>
                <thead>
                  <tr>
                    {Object.entries(orders.reportColumns).map(([key, label]) =>
                      key === 'attempts' || key === 'elapsed' ? (
                        // "Tries" and "Time" in a narrow window (CSS), as on the Bench; the full name stays its name, its tooltip and the print's.
                        <th key={key} scope="col" className={`handover-col--${key}`} aria-label={label} title={label}>
                          <span className="handover-header-full">{label}</span>
                          <span className="handover-header-short" aria-hidden="true">
                            {benchStrings.columnsShort[key]}
                          </span>
                        </th>
                      ) : (
                        <th key={key} scope="col" className={`handover-col--${key}`}>
                          {label}
                        </th>
                      ),
                    )}
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((row) => (
                    <tr key={row.deviceId ?? row.serialNumber} data-status={row.status}>
                      <th scope="row">
                        <SerialText serial={row.serialNumber} />
                        {report.job.manifestRows > 0 && !row.onManifest ? <span className="manifest-flag"> {orders.notOnManifestShort}</span> : null}
                      </th>
                      <td className={`handover-status--${row.status}`}>
                        <span aria-hidden="true">{statusIcon[row.status]} </span>
                        {orders.status[row.status]}
                        {row.movedTo ? <span className="handover-moved">{orders.movedTo(row.movedTo)}</span> : null}
                        {row.atBenchFor ? <span className="handover-moved">{orders.atBenchFor(row.atBenchFor)}</span> : null}
                        {row.resealedFor !== undefined ? <span className="handover-moved">{orders.resealedFor(row.resealedFor)}</span> : null}
                      </td>
                      <td>
                        <AddressText text={row.userPrincipalName} />
                        <InIntune value={row.userInIntune} none={orders.noUserInIntune} address />
                        <InIntune value={row.provisionedWithUser} none={orders.noUserInIntune} address words={orders.provisionedWith} />
                      </td>
                      <td className="handover-col--name">
                        <span className="handover-name">{row.deviceName}</span>
                        <InIntune value={row.deviceNameInIntune} none={orders.noNameInIntune} />
                      </td>
                      <td className="handover-col--tag">
                        {row.groupTag}
                        {row.jobGroupTag ? (
                          <span className="handover-differs" data-testid="handover-tag-differs">
                            <span aria-hidden="true">⚠ </span>
                            {orders.notJobTag(row.jobGroupTag)}
                          </span>
                        ) : null}
                      </td>
                      <td className="handover-col--profile">{row.profileName ?? ''}</td>
                      <td>{row.attempts}</td>
                      <td>{row.lastErrorCode ?? ''}</td>
                      <td>{row.resealedAt ? when(row.resealedAt) : ''}</td>
                      <td>{row.userFlowNotBefore && row.userFlowNotAfter ? orders.window(when(row.userFlowNotBefore), when(row.userFlowNotAfter)) : ''}</td>
                      <td>{row.elapsedSeconds === null ? '' : formatElapsed(row.elapsedSeconds * 1000)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  )
}

/** Intune's value under the manifest's, where they differ: an assignment that failed or still waits is not handed over as done. */
function InIntune({
  value,
  none,
  address = false,
  words: say = orders.inIntune,
}: {
  value: string | undefined
  none: string
  address?: boolean
  words?: (value: string) => string
}) {
  if (value === undefined) return null
  const words = say(value || none)
  // A UPN in the note wraps like the one above it (after its @, before its dots), never mid-word.
  // A device name in it stays whole, as the one above it ("SEA-" / "74023363" read as two).
  const at = value ? words.lastIndexOf(value) : -1
  return (
    <span className="handover-differs" data-testid="handover-differs">
      <span aria-hidden="true">⚠ </span>
      {at < 0 ? (
        words
      ) : (
        <>
          {words.slice(0, at)}
          {address ? <AddressText text={value} /> : <span className="handover-differs__value">{value}</span>}
          {words.slice(at + value.length)}
        </>
      )}
    </span>
  )
}
