import { useRef, useState } from 'react'
import type { RegistrationImport, RegistrationRow } from '@shared/registration-schemas'
import { explainImportError, importErrorLabel } from '@shared/domain/import-errors'
import { presentError } from '@shared/domain/intune-answer'
import { SupportDetails } from '../support-details'
import { LEARN_PAGES } from '@shared/domain/learn-pages'
import { formatCount } from '../../format-number'
import { registrationStrings } from '../../strings/registration'
import { strings } from '../../strings'
import { LearnLinks } from '../learn-citation'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { useNow } from '../../hooks/use-now'
import { ImportFailure } from './import-failure'

const text = registrationStrings.upload
/** Rows drawn at a time (a 5,000-row table at once is slow); "Show 500 more" draws the next. */
const PAGE = 500

type RowFilter = 'all' | 'notRegistered' | 'failed'
const rowFilters: Record<RowFilter, (row: RegistrationRow) => boolean> = {
  all: () => true,
  notRegistered: (row) => row.status !== 'complete',
  failed: (row) => row.status === 'error' || row.status === 'timeout',
}

const finalStatus = (row: RegistrationRow) => row.status === 'complete' || row.status === 'error' || row.status === 'timeout'
const recordLeft = (row: RegistrationRow) => finalStatus(row) && !row.recordDeleted && row.importStatus !== 'refused'

/** The admin center's words for a profile status ("Not assigned"), never Graph's enum value. */
const profileStatusWords = (status: string): string => (strings.profileStatus as Record<string, string>)[status] ?? status

function RowResult({ row, state, retryAt }: { row: RegistrationRow; state: RegistrationImport['state']; retryAt: string | null }) {
  // Intune refused the whole batch (HTTP 400): the reason is the upload's, said once above the table, not
  // "BadRequest, which the Autopilot docs do not describe" on every row.
  if (row.status === 'error' && row.importStatus === 'refused') return <>{text.refusedRow}</>
  if (row.status === 'error' && (row.errorCode !== null || row.errorName)) {
    const explained = explainImportError(row.errorCode, row.errorName)
    return (
      <>
        <strong data-testid="register-error-name">{importErrorLabel(explained)}</strong> — {explained.meaning} {explained.action}
      </>
    )
  }
  // Its batch's try failed and the upload waits to try again: "Sending" read as under way while nothing was.
  if (row.status === 'submitting' && retryAt !== null && state !== 'failed' && state !== 'cancelled') return <>{text.retryRow(retryAt)}</>
  // A discarded or failed upload's rows that never got a result say so, not "Waiting to be sent" or "Sending".
  const ended = state === 'cancelled' ? text.discardedRow : state === 'failed' ? text.failedRow : null
  return <>{ended?.[row.status] ?? text.rowStatus[row.status] ?? row.status}</>
}

/** The whole import's progress bar and each row's result, errors by code then name with what to do. */
export function UploadProgress({
  current,
  onOpenDevice,
  headingRef,
  stateRef,
  onActed = () => undefined,
}: {
  current: RegistrationImport
  onOpenDevice: (deviceId: string) => void
  /** Where the keyboard goes after Upload (the check report and its button are gone). */
  headingRef?: React.RefObject<HTMLHeadingElement | null>
  stateRef?: React.RefObject<HTMLParagraphElement | null>
  /** The screen's focus-after-action, for Retry and Discard (their panel goes once they work). */
  onActed?: (target: () => HTMLElement | null) => void
}) {
  const ownStateRef = useRef<HTMLParagraphElement>(null)
  const stateLine = stateRef ?? ownStateRef
  const c = current.counts
  const dates = useDateFormatter()
  const finished = c.registered + c.failed
  // One measure per phase, said beside the bar: "4,500 registered of 5,000" under a bar less than half full read as wrong.
  const waitingPhase = current.state === 'waiting' || current.state === 'done'
  const max = Math.max(1, waitingPhase ? c.registered : c.total)
  const value = current.state === 'done' ? max : Math.min(max, waitingPhase ? c.withProfile : finished)
  const barLabel = waitingPhase
    ? text.progressProfiles(formatCount(c.withProfile), formatCount(c.registered))
    : text.progressResults(formatCount(finished), formatCount(c.total))
  // Which rows the table shows, and how many: only the first 500 were drawn, with nothing saying so.
  const [view, setView] = useState<{ id: string; filter: RowFilter; limit: number }>({ id: current.id, filter: 'all', limit: PAGE })
  if (view.id !== current.id) setView({ id: current.id, filter: 'all', limit: PAGE })
  const filter = view.id === current.id ? view.filter : 'all'
  const limit = view.id === current.id ? view.limit : PAGE
  const matching = current.rows.filter(rowFilters[filter])
  const shownRows = matching.slice(0, limit)
  // A batch's import records are removed before the next batch goes; under Intune's throttling that takes a minute or
  // two per 500, and the screen sat still meanwhile. Rows of a batch refused whole have no record to remove.
  const cleanup = current.state === 'uploading' ? current.rows.filter((row) => recordLeft(row)) : []
  const cleanupBatch = cleanup.length > 0 ? Math.max(...cleanup.map((row) => row.batch)) : 0
  const cleanupOf = cleanupBatch > 0 ? current.rows.filter((row) => row.batch === cleanupBatch && row.importStatus !== 'refused' && finalStatus(row)).length : 0
  const filterCount = (key: RowFilter) => (key === 'all' ? c.total : current.rows.filter(rowFilters[key]).length)
  // Intune's answer in one sentence; its ids, date and raw text only under "Details for support".
  // Only while that try is still to come: once it runs, its rows are being sent again.
  const now = useNow(current.nextAttemptAt !== null, 5_000)
  const retryAt = current.nextAttemptAt && Date.parse(current.nextAttemptAt) > now ? dates.time(current.nextAttemptAt) : null
  const message = current.message ? presentError({ code: '', message: current.message, intune: current.intune }) : null
  return (
    <section className="reg-panel" aria-labelledby="register-upload-h" data-testid="register-upload">
      <h2 id="register-upload-h" tabIndex={-1} ref={headingRef}>
        {text.heading}
      </h2>
      <p role="status" data-testid="register-state" data-state={current.state} tabIndex={-1} ref={stateLine}>
        {text.states[current.state] ?? current.state}
      </p>
      <label className="reg-progress">
        <span data-testid="register-progress-label">{barLabel}</span>
        <progress max={max} value={value} data-testid="register-progress" />
      </label>
      <p data-testid="register-counts">
        {text.counts({
          registered: formatCount(c.registered),
          failed: formatCount(c.failed),
          total: formatCount(c.total),
          appeared: formatCount(c.appeared),
          withProfile: formatCount(c.withProfile),
          joined: formatCount(c.joined),
          job: current.jobId === null ? null : (current.jobName ?? ''),
        })}
        {current.state === 'failed' && c.total - finished > 0 ? text.notRegistered(formatCount(c.total - finished)) : null}
      </p>
      {cleanup.length > 0 ? (
        <p className="muted" role="status" data-testid="register-cleanup">
          {text.cleanup(String(cleanupBatch), formatCount(cleanup.length), formatCount(Math.max(cleanupOf, cleanup.length)))}
        </p>
      ) : null}
      {current.syncMessage ? (
        <p className="muted" data-testid="register-sync">
          {current.syncMessage}
          {current.syncDueAt && current.state === 'waiting' ? ` ${text.syncAllowedAt(dates.time(current.syncDueAt))}` : null}
        </p>
      ) : null}
      {message ? (
        <>
          <p className={current.state === 'failed' ? undefined : 'muted'} data-testid="register-message">
            {message.sentence}
          </p>
          {message.support ? <SupportDetails details={message.support} /> : null}
        </>
      ) : null}
      {current.canRetry ? <ImportFailure key={current.id} current={current} stateRef={stateLine} onActed={onActed} /> : null}
      <div className="reg-actions">
        <label>
          {text.filter.label}{' '}
          <select
            value={filter}
            data-testid="register-row-filter"
            onChange={(event) => setView({ id: current.id, filter: event.currentTarget.value as RowFilter, limit: PAGE })}
          >
            {(Object.keys(rowFilters) as RowFilter[]).map((key) => (
              <option key={key} value={key}>
                {text.filter[key](formatCount(filterCount(key)))}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className="reg-table" data-testid="register-rows">
        <thead>
          <tr>
            <th scope="col">{text.rowColumns.serial}</th>
            <th scope="col">{text.rowColumns.line}</th>
            <th scope="col">{text.rowColumns.result}</th>
            <th scope="col">{text.rowColumns.device}</th>
          </tr>
        </thead>
        <tbody>
          {shownRows.map((row) => (
            <tr key={row.seq} data-serial={row.serialNumber} data-status={row.status}>
              <td>{row.serialNumber}</td>
              <td>
                {row.file}, {row.line}
              </td>
              <td>
                <RowResult row={row} state={current.state} retryAt={retryAt} />
                {row.status !== 'queued' && row.status !== 'submitting' && row.status !== 'submitted' && !row.recordDeleted ? ` (${text.recordKept})` : null}
              </td>
              <td>
                {row.appearedAt ? (
                  <>
                    {text.appeared}
                    {row.profileStatus ? `, ${text.profile(profileStatusWords(row.profileStatus))}` : null}
                    {row.joinedJob ? `, ${text.joined}` : null}{' '}
                    {row.deviceId ? (
                      <button type="button" className="reg-link" onClick={() => onOpenDevice(row.deviceId!)}>
                        {text.open}
                      </button>
                    ) : null}
                  </>
                ) : row.status === 'complete' ? (
                  text.notYet
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" data-testid="register-rows-shown">
        {matching.length === 0
          ? text.filter.none
          : text.rowsShown(formatCount(shownRows.length), formatCount(filter === 'all' ? Math.max(c.total, matching.length) : matching.length))}
        {current.rows.length < c.total ? ` ${text.rowsListed(formatCount(current.rows.length))}` : null}
        {matching.length > shownRows.length ? (
          <>
            {' '}
            <button
              type="button"
              className="reg-link"
              data-testid="register-rows-more"
              onClick={() => setView({ id: current.id, filter, limit: limit + PAGE })}
            >
              {text.showMore(formatCount(Math.min(PAGE, matching.length - shownRows.length)))}
            </button>
          </>
        ) : null}
      </p>
      <LearnLinks pages={[LEARN_PAGES['manual-registration']]} />
    </section>
  )
}
