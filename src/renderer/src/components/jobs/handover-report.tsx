import { useEffect, useState } from 'react'
import type { HandoverReport } from '@shared/bench-schemas'
import { formatElapsed } from '@shared/domain/attempt'
import type { AppError } from '@shared/result'
import { useJobsStore } from '../../stores/stores-context'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { benchStrings, jobsStrings } from '../../strings/bench'
import { ErrorMessage } from '../error-message'
import { StageBadge } from '../bench/stage-badge'
import { saveDownload } from '../../save-download'

const text = jobsStrings.report

/** A job's hand-over report: resealed, failed (with codes), pending, with times; printable and as CSV. */
export function HandoverReportView({ jobId, onClose }: { jobId: string; onClose(): void }) {
  const handoverReport = useJobsStore((state) => state.handoverReport)
  const exportHandoverCsv = useJobsStore((state) => state.exportHandoverCsv)
  const dates = useDateFormatter()
  const [report, setReport] = useState<HandoverReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)

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
  return (
    <section className="handover-report" aria-label={report ? text.heading(report.job.name) : text.loading} data-testid="handover-report">
      <div className="button-row no-print">
        <button type="button" className="button button--primary" disabled={!report} onClick={() => window.print()}>
          {text.print}
        </button>
        <button type="button" className="button" onClick={() => void downloadCsv()}>
          {text.csv}
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
            <strong>{text.totals(report.totals.resealed, report.totals.failed, report.totals.pending)}</strong>
          </p>
          {report.rows.length === 0 ? (
            <p>{text.empty}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {Object.values(text.columns).map((label) => (
                    <th key={label} scope="col">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.deviceId}>
                    <th scope="row">{row.serialNumber}</th>
                    <td>
                      <StageBadge stage={row.stage} />
                    </td>
                    <td>{row.attempts}</td>
                    <td>{row.lastErrorCode ?? benchStrings.notStarted}</td>
                    <td>{when(row.provisionPressedAt)}</td>
                    <td>{when(row.finishedAt)}</td>
                    <td>{when(row.resealedAt)}</td>
                    <td>{when(row.enrollmentConfirmedAt)}</td>
                    <td>{row.elapsedSeconds === null ? benchStrings.notStarted : formatElapsed(row.elapsedSeconds * 1000)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  )
}
