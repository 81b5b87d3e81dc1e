import { useId, useRef, useState } from 'react'
import { useFileDrop } from '../../hooks/use-file-drop'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { useDiagnosticsStore } from '../../stores/stores-context'
import { ErrorMessage } from '../error-message'
import { diagnosticsStrings } from '../../strings/diagnostics'
import { bytesToBase64 } from './bytes'

const text = diagnosticsStrings.open
const maxBytes = 200 * 1024 * 1024

/** File picker and drop zone; the archive is read by the core in memory and comes back as a review model. */
export function OpenPanel({ onOpened }: { onOpened: (review: ArchiveReview) => void }) {
  const openArchive = useDiagnosticsStore((state) => state.openArchive)
  const ids = useId()
  const input = useRef<HTMLInputElement>(null)
  const [reading, setReading] = useState<string | null>(null)
  const [error, setError] = useState<{ code: string; message: string } | null>(null)

  async function open(file: File | undefined) {
    if (!file) return
    setError(null)
    if (file.size > maxBytes) return setError({ code: 'invalid', message: text.tooLarge })
    setReading(file.name)
    try {
      const bytesBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()))
      const result = await openArchive({ name: file.name, bytesBase64 })
      if (result.ok) onOpened(result.value)
      else setError(result.error)
    } catch (caught) {
      setError({ code: 'invalid', message: (caught as Error).message })
    } finally {
      setReading(null)
      if (input.current) input.current.value = ''
    }
  }

  const { dragging, dropProps } = useFileDrop((files) => void open(files[0]))

  return (
    <section className="diag-panel" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{text.heading}</h2>
      <div className={`diag-drop${dragging ? ' diag-drop--active' : ''}`} {...dropProps} data-testid="diag-drop">
        <p className="muted">{text.help}</p>
        <label className="button">
          {text.choose}
          <input
            ref={input}
            type="file"
            accept=".zip,.cab,.evtx,application/zip"
            className="visually-hidden"
            onChange={(event) => void open(event.target.files?.[0])}
            data-testid="diag-open-input"
          />
        </label>
        <span aria-hidden="true">{dragging ? ` ${text.dropHere}` : ''}</span>
      </div>
      {reading ? <p role="status">{text.reading(reading)}</p> : null}
      {error ? <ErrorMessage title={text.failed} error={error} /> : null}
    </section>
  )
}
