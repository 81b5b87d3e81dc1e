import { useId, useState } from 'react'
import { FileDropArea } from '../file-drop-area'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { useDiagnosticsStore } from '../../stores/stores-context'
import { ErrorMessage } from '../error-message'
import { diagnosticsStrings } from '../../strings/diagnostics'
import { bytesToBase64 } from './bytes'
import { fileSize } from './review-parts'

const text = diagnosticsStrings.open
const maxBytes = 200 * 1024 * 1024

/** File picker and drop zone; the archive is read by the core in memory and comes back as a review model. */
/** `focusChooser`: back from a review, focus returns to the chooser that opened it. */
export function OpenPanel({ onOpened, focusChooser = false }: { onOpened: (review: ArchiveReview) => void; focusChooser?: boolean }) {
  const openArchive = useDiagnosticsStore((state) => state.openArchive)
  const ids = useId()
  const [reading, setReading] = useState<string | null>(null)
  const [error, setError] = useState<{ code: string; message: string } | null>(null)

  async function open(file: File | undefined) {
    if (!file) return
    setError(null)
    if (file.size > maxBytes) return setError({ code: 'invalid', message: text.tooLarge(file.name, fileSize(file.size)) })
    if (file.size === 0) return setError({ code: 'invalid', message: text.empty(file.name) })
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
    }
  }

  return (
    <section className="diag-panel" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{text.heading}</h2>
      <FileDropArea
        help={text.help}
        choose={text.choose}
        dropHere={text.dropHere}
        accept=".zip,.cab,.evtx,application/zip"
        testId="diag-drop"
        inputTestId="diag-open-input"
        autoFocus={focusChooser}
        onFiles={(files) => void open(files[0])}
      />
      {reading ? <p role="status">{text.reading(reading)}</p> : null}
      {/* A file that cannot be opened is explained by its own message (which file, its size, what to do), not the catalogue's "Correct it and try again". */}
      {error ? (
        <ErrorMessage
          title={text.failed}
          error={error.code === 'invalid' ? { ...error, message: '' } : error}
          textFor={error.code === 'invalid' ? { invalid: error.message } : undefined}
        />
      ) : null}
    </section>
  )
}
