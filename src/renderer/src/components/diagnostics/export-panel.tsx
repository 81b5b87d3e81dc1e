import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { ExportScope } from '@shared/diagnostics-schemas'
import type { ResponseOf } from '@shared/channels'
import { useDiagnosticsStore } from '../../stores/stores-context'
import { ErrorMessage } from '../error-message'
import { diagnosticsStrings } from '../../strings/diagnostics'
import { base64ToBytes } from './bytes'
import { saveDownload } from '../../save-download'
import { ScopeIdField } from './scope-id-field'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import type { ExportPreset } from '../../stores/ui-store'
import { dayAt } from '@shared/domain/day-window'
import { useFocusAfterAction } from '../../hooks/use-focus-after-action'

const text = diagnosticsStrings.export
type Kind = ExportScope['kind']
const kinds: Kind[] = ['device', 'attempt', 'job', 'day']
/**
 * Today on the bench's own calendar, in the zone every time in the app is shown in (by late afternoon
 * in California the UTC date is already tomorrow's).
 */
const today = (timeZone: string) => dayAt(Date.now(), timeZone)

/** Scope picker, redaction choices, progress, and the save (download / Electron's save dialog). */
export function ExportPanel({ initial }: { initial?: ExportPreset }) {
  const attach = useDiagnosticsStore((state) => state.attach)
  const exportBundle = useDiagnosticsStore((state) => state.exportBundle)
  const progress = useDiagnosticsStore((state) => state.progress)
  const ids = useId()
  // The app's time zone (the computer's, from the core): the day's midnights are the ones its clocks show.
  const { timeZone } = useDateFormatter()
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'device')
  const [id, setId] = useState(initial?.label ?? initial?.id ?? '')
  const [redact, setRedact] = useState({ serials: false, users: false })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ code: string; message: string } | null>(null)
  /** Export pressed with nothing chosen: said by the field, not as a failed export (a walk: "could not be exported" read as an alarm). */
  const [missing, setMissing] = useState<string | null>(null)
  const [done, setDone] = useState<ResponseOf<'diagnostics:export-bundle'> | null>(null)

  const resultBox = useRef<HTMLDivElement>(null)
  // The button is disabled while the export runs, which drops the focus to <body>: it lands on the result instead.
  // An export may take up to the channel's 120 s.
  const focusAfter = useFocusAfterAction(130_000)

  useEffect(() => attach(), [attach])

  // The last export's result belongs to the form it was made from: another scope or target clears it.
  const clearResult = () => {
    setDone(null)
    setError(null)
    setMissing(null)
  }
  const chooseKind = (next: Kind) => {
    setKind(next)
    setId(next === 'day' ? today(timeZone) : '')
    clearResult()
  }
  const chooseId = (next: string) => {
    setId(next)
    clearResult()
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const typed = id.trim()
    if (!typed) {
      // The field that wants filling gets the keyboard (the attempt's: its serial, which finds the attempts).
      event.currentTarget.querySelector<HTMLElement>('.diag-field input, .diag-field select')?.focus()
      setDone(null)
      setError(null)
      return setMissing(text.idRequired[kind])
    }
    setMissing(null)
    // The preset's label (a serial two devices may share) stands for the preset's own id until edited.
    const value = initial?.label !== undefined && kind === initial.kind && typed === initial.label.trim() ? initial.id : typed
    setBusy(true)
    setError(null)
    setDone(null)
    focusAfter(() => (resultBox.current?.childElementCount ? resultBox.current : null))
    const scope: ExportScope = kind === 'day' ? { kind, id: value, timeZone } : { kind, id: value }
    const result = await exportBundle({ scope, redact })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setDone(result.value)
    saveDownload(result.value.fileName, base64ToBytes(result.value.bytesBase64) as BlobPart, 'application/zip')
  }

  return (
    <form className="diag-panel" aria-labelledby={`${ids}-h`} onSubmit={(event) => void submit(event)} data-testid="diag-export">
      <h2 id={`${ids}-h`}>{text.heading}</h2>
      <fieldset className="diag-scope">
        <legend>{text.scope}</legend>
        {kinds.map((k) => (
          <label key={k}>
            <input type="radio" name={`${ids}-kind`} value={k} checked={kind === k} onChange={() => chooseKind(k)} /> {text.scopes[k]}
          </label>
        ))}
      </fieldset>
      <ScopeIdField kind={kind} value={id} onChange={chooseId} />
      {missing ? (
        <p className="notice--error" role="alert" data-testid="diag-export-missing">
          {missing}
        </p>
      ) : null}
      <fieldset className="diag-redact" aria-describedby={`${ids}-redact-note`}>
        <legend>{text.redactHeading}</legend>
        <p id={`${ids}-redact-note`} className="muted" data-testid="diag-redact-note">
          {text.redactNote}
        </p>
        <label>
          <input type="checkbox" checked={redact.serials} onChange={(e) => setRedact({ ...redact, serials: e.target.checked })} /> {text.redactSerials}
        </label>
        <label>
          <input type="checkbox" checked={redact.users} onChange={(e) => setRedact({ ...redact, users: e.target.checked })} /> {text.redactUsers}
        </label>
      </fieldset>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? text.working : text.start}
      </button>
      {busy || (progress && progress.step !== 'done' && !done) ? (
        <div className="sync-progress" role="status">
          <progress className="sync-progress__bar" max={progress?.total ?? 1} value={progress?.done ?? 0} aria-label={text.working} />
          <span className="sync-progress__text">{progress ? text.steps[progress.step] : text.working}</span>
        </div>
      ) : null}
      <div ref={resultBox} tabIndex={-1} className="diag-export-result">
        {error ? <ErrorMessage title={text.failed} error={error} /> : null}
        {done ? (
          <p role="status" data-testid="diag-export-done">
            ✓ {text.ready(done.fileName, Math.max(1, Math.round(done.bytes / 1024)), done.deviceCount, done.attemptCount)}{' '}
            <button
              type="button"
              className="button"
              onClick={() => saveDownload(done.fileName, base64ToBytes(done.bytesBase64) as BlobPart, 'application/zip')}
            >
              {text.saveAgain}
            </button>
          </p>
        ) : null}
      </div>
    </form>
  )
}
