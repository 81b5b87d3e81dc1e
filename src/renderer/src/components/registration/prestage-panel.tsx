import { useEffect, useId, useRef } from 'react'
import { useJobsStore, useRegistrationStore } from '../../stores/stores-context'
import { openJobsOf } from '../../stores/jobs-store'
import { formatCount } from '../../format-number'
import { presentError } from '@shared/domain/intune-answer'
import { prestageStrings as text } from '../../strings/prestage'
import { strings } from '../../strings'

const SHOWN = 500

/** The change's kind as the Changes screen says it ("Assigned user"), never the outbox's own word ("assign-user"). */
const kindWords = (kind: string): string => (strings.changes.kind as Record<string, string>)[kind] ?? kind

/** Bulk pre-staging: a job's group tag and its manifest's users and device names, set through the outbox. */
export function PrestagePanel() {
  const allJobs = useJobsStore((state) => state.jobs)
  const jobs = openJobsOf(allJobs)
  const jobId = useRegistrationStore((state) => state.prestageJobId)
  const plan = useRegistrationStore((state) => state.prestage)
  const load = useRegistrationStore((state) => state.loadPrestage)
  const apply = useRegistrationStore((state) => state.applyPrestage)
  const ids = useId()
  const c = plan?.counts
  const registered = c ? c.rows - c.notRegistered - c.nothing : 0
  // Applied, the button is disabled (nothing left to apply) and the browser drops its focus on <body>: the
  // keyboard goes to the counts instead, which say what was applied.
  const applyRef = useRef<HTMLButtonElement>(null)
  const countsRef = useRef<HTMLParagraphElement>(null)
  const applied = useRef(false)
  const applyNow = async () => {
    applied.current = true
    await apply()
  }
  useEffect(() => {
    if (!applied.current) return
    const button = applyRef.current
    const active = document.activeElement
    if (button?.disabled && (active === button || active === document.body || active === null)) {
      applied.current = false
      countsRef.current?.focus()
    }
  }, [c?.toApply])
  return (
    <section className="reg-panel" aria-labelledby={`${ids}-h`} data-testid="prestage-panel">
      <h2 id={`${ids}-h`}>{text.heading}</h2>
      <p className="muted">{text.intro}</p>
      <label htmlFor={`${ids}-job`}>{text.job}</label>
      <select id={`${ids}-job`} value={jobId ?? ''} onChange={(event) => void load(event.target.value || null)} data-testid="prestage-job">
        <option value="">{text.chooseJob}</option>
        {jobs.map((job) => (
          <option key={job.id} value={job.id}>
            {job.name}
            {job.groupTag ? ` (${job.groupTag})` : ''}
          </option>
        ))}
      </select>
      {plan && c ? (
        <>
          <p role="status" data-testid="prestage-counts" ref={countsRef} tabIndex={-1}>
            {text.counts({
              rows: formatCount(c.rows),
              toApply: formatCount(c.toApply),
              inProgress: formatCount(c.inProgress),
              done: formatCount(c.done),
              failed: formatCount(c.failed),
              notRegistered: formatCount(c.notRegistered),
            })}
          </p>
          <progress max={Math.max(1, registered)} value={c.done + c.failed} aria-label={text.progress} />
          {plan.groupTag?.warning ? (
            <div className="notice--error" role="alert" id={`${ids}-tag`} data-testid="prestage-tag-warning">
              <p>
                <strong>{text.tagWarningTitle}</strong>
              </p>
              <p>{plan.groupTag.warning}</p>
              <p>{text.losing(formatCount(plan.groupTag.losing))}</p>
              <p>{text.tagLater}</p>
            </div>
          ) : null}
          <div className="reg-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={c.toApply === 0}
              ref={applyRef}
              onClick={() => void applyNow()}
              aria-describedby={[plan.groupTag?.warning ? `${ids}-tag` : '', c.userNotFound > 0 ? `${ids}-users` : ''].filter(Boolean).join(' ') || undefined}
              data-testid="prestage-apply"
            >
              {text.apply(formatCount(c.toApply))}
            </button>
          </div>
          {c.userNotFound > 0 ? (
            <p className="notice--error" id={`${ids}-users`} data-testid="prestage-users-not-found">
              {text.usersNotFound(formatCount(c.userNotFound))}
            </p>
          ) : null}
          <table className="reg-table" data-testid="prestage-rows">
            <thead>
              <tr>
                <th scope="col">{text.columns.serial}</th>
                <th scope="col">{text.columns.values}</th>
                <th scope="col">{text.columns.result}</th>
              </tr>
            </thead>
            <tbody>
              {plan.rows.slice(0, SHOWN).map((row) => (
                <tr key={row.serialNumber} data-state={row.state}>
                  <td>{row.serialNumber}</td>
                  <td>
                    {[row.groupTag, row.userPrincipalName, row.displayName].filter(Boolean).join(' · ')}
                    {row.userCheck === 'not-checked' ? (
                      <p className="hint" data-testid="prestage-row-note">
                        <span aria-hidden="true">⚠ </span>
                        {text.userNotChecked(row.userPrincipalName, plan.usersUnanswered === true)}
                      </p>
                    ) : null}
                    {row.notes.map((note) => (
                      <p key={note} className="hint" data-testid="prestage-row-note">
                        <span aria-hidden="true">⚠ </span>
                        {note}
                      </p>
                    ))}
                  </td>
                  <td>
                    {text.states[row.state]}
                    {row.state === 'user-not-found' ? ` — ${text.userNotFound(row.userPrincipalName)}` : ''}
                    {row.changes
                      .filter((change) => change.message)
                      .map((change) => ` — ${kindWords(change.kind)}: ${presentError({ code: '', message: change.message ?? '' }).sentence}`)
                      .join('')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  )
}
