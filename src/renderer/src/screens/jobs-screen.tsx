import { useRef, useState } from 'react'
import type { BenchJob } from '@shared/bench-schemas'
import type { AppError } from '@shared/result'
import { ConfirmQuestion } from '../components/confirm-question'
import { ErrorMessage } from '../components/error-message'
import { HandoverReportView } from '../components/jobs/handover-report'
import { JobForm } from '../components/jobs/job-form'
import { JobList } from '../components/jobs/job-list'
import { ManifestImport } from '../components/jobs/manifest-import'
import { useFocusAfterAction } from '../hooks/use-focus-after-action'
import { useJobs } from '../data/use-jobs'
import { useBenchStore, useJobsStore } from '../stores/stores-context'
import { jobsStrings as text } from '../strings/bench'
import './bench-screen.css'
import '../components/jobs/orders.css'

/** What the screen shows beside the list: nothing, the form, a manifest import or a hand-over report. */
type Panel = { kind: 'none' } | { kind: 'form'; job: BenchJob | null } | { kind: 'manifest'; job: BenchJob } | { kind: 'report'; job: BenchJob }

/** Jobs (customer / purchase orders): create, edit, close, manifest import, the active job, hand-over reports. */
export function JobsScreen() {
  const [showClosed, setShowClosed] = useState(false)
  const { jobs, error, reload } = useJobs(showClosed)
  const closeJob = useJobsStore((state) => state.closeJob)
  const handoverReport = useJobsStore((state) => state.handoverReport)
  // Close job asks in the page (a scanner's Enter confirmed window.confirm), saying what closing means and what is not done.
  const [closing, setClosing] = useState<{ job: BenchJob; notDone: string | null } | null>(null)
  const activeJobId = useBenchStore((state) => state.activeJobId)
  const setActiveJob = useBenchStore((state) => state.setActiveJob)
  const refreshBench = useBenchStore((state) => state.refresh)
  const [panel, setPanel] = useState<Panel>({ kind: 'none' })
  const [notice, setNotice] = useState<string | null>(null)
  const [actionError, setActionError] = useState<AppError | null>(null)

  // Saving the form closes it, setting the active job swaps its button for "Active job", closing a job
  // takes its buttons away: after each, focus goes to that job's row (or the heading).
  const headingRef = useRef<HTMLHeadingElement>(null)
  const focusAfter = useFocusAfterAction(5_000)
  const acted = (jobId: string | null) =>
    focusAfter(() => (jobId ? document.querySelector<HTMLElement>(`tr[data-job-id="${CSS.escape(jobId)}"] > th`) : null) ?? headingRef.current)

  const afterChange = async () => {
    await Promise.all([reload(), refreshBench()])
  }

  const askClose = async (job: BenchJob) => {
    const report = await handoverReport(job.id)
    setClosing({ job, notDone: report.ok ? notDoneWords(report.value.totals) : null })
  }

  const close = async (job: BenchJob) => {
    setClosing(null)
    acted(job.id)
    const result = await closeJob(job.id)
    setActionError(result.ok ? null : result.error)
    if (result.ok && job.id === activeJobId) await setActiveJob(null)
    await afterChange()
  }

  return (
    <section className="screen jobs-screen" aria-labelledby="jobs-screen-heading">
      <header className="bench-screen__header no-print">
        <h1 id="jobs-screen-heading" ref={headingRef} tabIndex={-1}>
          {text.title}
        </h1>
        <button type="button" className="button button--primary" onClick={() => setPanel({ kind: 'form', job: null })}>
          {text.newJob}
        </button>
        <label>
          <input type="checkbox" checked={showClosed} onChange={(event) => setShowClosed(event.target.checked)} /> {text.showClosed}
        </label>
      </header>
      <p className="hint no-print">{text.intro}</p>
      {error ? <ErrorMessage title={text.loadFailed} error={error} urgent={false} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {notice ? <p role="status">{notice}</p> : null}
      {jobs !== null && jobs.length === 0 ? <p className="empty-state">{text.empty}</p> : null}
      {jobs && jobs.length > 0 ? (
        <JobList
          jobs={jobs}
          activeJobId={activeJobId}
          actions={{
            onSetActive: (job) => {
              acted(job.id)
              void setActiveJob(job.id)
            },
            onEdit: (job) => setPanel({ kind: 'form', job }),
            onClose: (job) => void askClose(job),
            onReport: (job) => setPanel({ kind: 'report', job }),
            onManifest: (job) => setPanel({ kind: 'manifest', job }),
          }}
        />
      ) : null}
      {closing ? (
        <ConfirmQuestion
          key={closing.job.id}
          title={text.closeQuestion.title(closing.job.name)}
          confirmLabel={text.closeQuestion.confirm}
          cancelLabel={text.closeQuestion.cancel}
          onConfirm={() => void close(closing.job)}
          onCancel={() => {
            acted(closing.job.id)
            setClosing(null)
          }}
          testId="close-job-question"
        >
          <p>{text.closeQuestion.meaning}</p>
          {closing.notDone ? <p>{closing.notDone}</p> : null}
        </ConfirmQuestion>
      ) : null}
      {panel.kind === 'form' ? (
        <JobForm
          key={panel.job?.id ?? 'new'}
          job={panel.job}
          onCancel={() => {
            acted(panel.job?.id ?? null)
            setPanel({ kind: 'none' })
          }}
          onSaved={(saved) => {
            acted(saved.id)
            setPanel({ kind: 'none' })
            setNotice(text.form.saved(saved.name))
            void afterChange()
          }}
        />
      ) : null}
      {panel.kind === 'manifest' ? <ManifestImport key={panel.job.id} jobId={panel.job.id} /> : null}
      {panel.kind === 'report' ? <HandoverReportView key={panel.job.id} jobId={panel.job.id} onClose={() => setPanel({ kind: 'none' })} /> : null}
    </section>
  )
}

/** "12 of its 30 devices are not done (not resealed): 8 pending, 1 failed, 3 not seen at the bench." */
function notDoneWords(totals: { resealed: number; failed: number; pending: number; notSeen: number }): string {
  const words = text.closeQuestion
  const notDone = totals.pending + totals.failed + totals.notSeen
  const total = notDone + totals.resealed
  if (notDone === 0) return words.allDone(total)
  const parts = [
    ...(totals.pending > 0 ? [words.parts.pending(totals.pending)] : []),
    ...(totals.failed > 0 ? [words.parts.failed(totals.failed)] : []),
    ...(totals.notSeen > 0 ? [words.parts.notSeen(totals.notSeen)] : []),
  ]
  return words.notDone(notDone, total, parts.join(', '))
}
