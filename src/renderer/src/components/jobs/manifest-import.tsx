import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react'
import { MAX_MANIFEST_CSV_CHARS } from '@shared/bench-schemas'
import type { z } from 'zod'
import type { ManifestDiff, manifestImportResultSchema } from '@shared/bench-schemas'
import { useJobsStore } from '../../stores/stores-context'
import { jobsStrings } from '../../strings/bench'
import { ManifestDiffView } from './manifest-diff-view'
import { ManifestRows } from './manifest-rows'
import { ManifestLineErrors } from './manifest-line-errors'
import { showFromHeading } from '../../hooks/use-reveal'

const text = jobsStrings.manifest
type ImportResult = z.infer<typeof manifestImportResultSchema>

/**
 * The import's outcome or problem takes the focus when it appears: the check it replaces (and the
 * button pressed) leaves the page, and a problem may show below the window (shown, and read out).
 */
const focusOnShow = (element: HTMLElement | null) => element?.focus()

/**
 * A job's manifest CSV (serial → user, user friendly name, device name), from a file or pasted.
 * The core parses it and first says what the import would add, change and remove (a second file
 * must never silently shrink the order); the technician confirms, then rows with problems are listed
 * by line and skipped, the rest imported. The rows themselves are shown and editable below.
 */
export function ManifestImport({ jobId }: { jobId: string }) {
  const importManifest = useJobsStore((state) => state.importManifest)
  const previewManifest = useJobsStore((state) => state.previewManifest)
  // restoreZeros: the technician chose Intune's serials for those Excel shortened; the import does the same.
  const [pending, setPending] = useState<{ csv: string; diff: ManifestDiff; restoreZeros: boolean } | null>(null)
  const id = useId()
  const [pasted, setPasted] = useState('')
  const [result, setResult] = useState<ImportResult | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const send = async (csv: string, restoreZeros = false) => {
    setProblem(null)
    setResult(null)
    setPending(null)
    if (csv.trim() === '') return setProblem(text.emptyPaste)
    // Said here, before 5 MB travel to the core to be refused there.
    if (csv.length > MAX_MANIFEST_CSV_CHARS) return setProblem(text.tooLarge)
    setBusy(true)
    const answer = await previewManifest(jobId, csv, restoreZeros)
    setBusy(false)
    if (answer.ok) setPending({ csv, diff: answer.value, restoreZeros })
    else setProblem(answer.error.message)
  }

  const confirm = async (replace: boolean) => {
    if (!pending) return
    setBusy(true)
    const answer = await importManifest(jobId, pending.csv, replace, pending.restoreZeros)
    setBusy(false)
    setPending(null)
    if (answer.ok) setResult(answer.value)
    else setProblem(answer.error.message)
  }

  const paste = useRef<HTMLTextAreaElement>(null)
  // Opened from a job's "Manifest CSV" button, it shows below the jobs list (below the window's foot with a few
  // jobs), and the focus stayed on that button: it comes here, with the panel brought into view from its heading.
  const sectionRef = useRef<HTMLElement>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => showFromHeading(sectionRef.current, headingRef.current), [])
  /** Closes the outcome once the lines it lists are fixed by hand; the focus goes back to the paste box. */
  const dismissResult = () => {
    setResult(null)
    paste.current?.focus()
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file) await send(await file.text())
  }

  return (
    <section ref={sectionRef} className="manifest-import" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {text.heading}
      </h3>
      <p className="hint">{text.hint}</p>
      <label htmlFor={`${id}-file`}>{text.file}</label>
      <input id={`${id}-file`} type="file" accept=".csv,text/csv,text/plain" disabled={busy} onChange={(event) => void onFile(event)} />
      <label htmlFor={`${id}-paste`}>{text.paste}</label>
      {/* A scanned Win×5 code adds its serial (a line of serials is a manifest), not its JSON, which broke the whole CSV. */}
      <textarea
        id={`${id}-paste`}
        ref={paste}
        rows={5}
        value={pasted}
        onChange={(event) => {
          setPasted(event.target.value)
          // The last import's lines no longer describe what is in the box (a walk found them kept after an edit),
          // and a check still open is of the old text: confirming it imported what the box no longer said.
          setResult(null)
          setProblem(null)
          setPending(null)
        }}
        spellCheck={false}
        data-scan-serial
      />
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void send(pasted)}>
          {text.import}
        </button>
      </div>
      {pending ? (
        <ManifestDiffView
          diff={pending.diff}
          busy={busy}
          onConfirm={(replace) => void confirm(replace)}
          onCancel={() => setPending(null)}
          onRestoreZeros={() => void send(pending.csv, true)}
        />
      ) : null}
      {problem ? (
        <p className="notice--error" role="alert" tabIndex={-1} ref={focusOnShow}>
          {problem}
        </p>
      ) : null}
      {result ? (
        <div role="status" data-testid="manifest-result" tabIndex={-1} ref={focusOnShow}>
          <p>{text.imported(result.imported)}</p>
          {result.errors.length > 0 ? (
            <>
              <p>{text.errorsHeading(result.errors.length)}</p>
              <ManifestLineErrors errors={result.errors} />
            </>
          ) : null}
          <button type="button" className="button button--small" onClick={dismissResult}>
            {text.dismissResult}
          </button>
        </div>
      ) : null}
      <ManifestRows jobId={jobId} />
    </section>
  )
}
