import { useId, useState } from 'react'
import type { ExportScope } from '@shared/diagnostics-schemas'
import type { AttemptRecord } from '@shared/bench-schemas'
import { useJobs } from '../../data/use-jobs'
import { useDiagnosticsStore } from '../../stores/stores-context'
import { diagnosticsStrings } from '../../strings/diagnostics'
import { attemptOutcome, attemptStageWords, voidedWords } from '@shared/domain/attempt'
import { useDateFormatter } from '../../hooks/use-date-formatter'

const text = diagnosticsStrings.export

/**
 * What to export, in the words the technician knows: a serial number, a job from the list, an
 * attempt found by its device's serial, a day. Falls back to a plain id field when a list cannot load.
 */
export function ScopeIdField({ kind, value, onChange }: { kind: ExportScope['kind']; value: string; onChange: (id: string) => void }) {
  const ids = useId()
  const dates = useDateFormatter()
  // Every job, closed ones too: the jobs store's list, read once for the window.
  const { jobs } = useJobs(true)
  const findDeviceAttempts = useDiagnosticsStore((state) => state.findAttempts)
  const [serial, setSerial] = useState('')
  const [attempts, setAttempts] = useState<AttemptRecord[] | null>(null)
  const [lookup, setLookup] = useState<string | null>(null)

  async function findAttempts() {
    setLookup(null)
    setAttempts(null)
    // Another device's search: the attempt picked before (and the export made of it) no longer applies.
    onChange('')
    const found = await findDeviceAttempts(serial)
    if (!found) return setLookup(text.noDevice(serial.trim()))
    const list = found.attempts
    if (list.length === 0) return setLookup(text.noAttempts(found.device.serialNumber))
    setAttempts(list)
    onChange(list[list.length - 1]!.state.id)
  }

  if (kind === 'job' && jobs && jobs.length > 0) {
    return (
      <label className="diag-field">
        {text.pickLabel.job}
        <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="diag-export-id">
          <option value="">{text.pickJob}</option>
          {jobs.map((job) => (
            <option key={job.id} value={job.id}>
              {job.name}
              {job.purchaseOrder ? ` (${job.purchaseOrder})` : ''}
              {job.closedAt ? ` — ${text.closed}` : ''}
            </option>
          ))}
        </select>
      </label>
    )
  }
  if (kind === 'attempt') {
    return (
      <div className="diag-field">
        <label htmlFor={`${ids}-serial`}>{text.attemptSerial}</label>
        <span className="diag-inline">
          <input
            id={`${ids}-serial`}
            value={serial}
            onChange={(event) => setSerial(event.target.value)}
            data-scan-serial
            data-scan-submits
            onKeyDown={(event) => {
              // Enter (typed, or a scanner's) finds the attempts; it must not export the form with no attempt picked.
              if (event.key !== 'Enter') return
              event.preventDefault()
              void findAttempts()
            }}
          />
          <button type="button" className="button" onClick={() => void findAttempts()}>
            {text.findAttempts}
          </button>
        </span>
        {lookup ? <p role="status">{lookup}</p> : null}
        {attempts ? (
          <label>
            {text.pickLabel.attempt}{' '}
            <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="diag-export-id">
              {attempts.map((a) => (
                <option key={a.state.id} value={a.state.id}>
                  {[
                    `#${a.attemptNumber}`,
                    ...(a.voided ? [voidedWords(a.voided.reason)] : []),
                    attemptStageWords({
                      phase: a.state.phase,
                      errorCode: a.state.outcome?.kind === 'failure' ? (a.state.outcome.code ?? a.state.outcome.input) : null,
                      outcome: attemptOutcome(a.state),
                      nextAction: a.state.nextAction?.action ?? null,
                    }),
                    dates.dateTime(a.state.provisionPressedAt ?? a.state.createdAt),
                  ].join(' · ')}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
    )
  }
  if (kind === 'day') {
    return (
      <div className="diag-field">
        <label htmlFor={`${ids}-day`}>{text.idLabel.day}</label>
        <input
          id={`${ids}-day`}
          type="date"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={`${ids}-zone`}
          data-testid="diag-export-id"
        />
        <span id={`${ids}-zone`} className="muted">
          {text.dayHint(dates.timeZone)}
        </span>
      </div>
    )
  }
  return (
    <label className="diag-field">
      {text.idLabel[kind]}
      <input
        type="text"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid="diag-export-id"
        data-scan-serial={kind === 'device' ? '' : undefined}
        // A scanner's Enter does what a typed Enter does here: it exports (the scan capture takes the key, so
        // without this the serial was kept and nothing happened, nothing said).
        data-scan-submits={kind === 'device' ? '' : undefined}
      />
    </label>
  )
}
