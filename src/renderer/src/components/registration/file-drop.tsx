import { useId, useRef } from 'react'
import { useFileDrop } from '../../hooks/use-file-drop'
import { registrationStrings } from '../../strings/registration'

const text = registrationStrings.drop

/** Drop zone and file picker for several hash CSVs (or diagnostics ZIPs) at once. */
export function FileDrop({ busy, onFiles }: { busy: boolean; onFiles: (files: File[]) => void }) {
  const ids = useId()
  const input = useRef<HTMLInputElement>(null)
  const take = (list: FileList | null | undefined) => {
    const files = list ? Array.from(list) : []
    if (files.length > 0) onFiles(files)
    if (input.current) input.current.value = ''
  }
  const { dragging, dropProps } = useFileDrop(take)
  return (
    <section className="reg-panel" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{text.heading}</h2>
      <div className={`reg-drop${dragging ? ' reg-drop--active' : ''}`} {...dropProps} data-testid="register-drop">
        <p className="muted">{text.help}</p>
        <label className="button">
          {text.choose}
          <input
            ref={input}
            type="file"
            multiple
            accept=".csv,.txt,.zip,text/csv"
            className="visually-hidden"
            disabled={busy}
            onChange={(event) => take(event.target.files)}
            data-testid="register-input"
          />
        </label>
        <span aria-hidden="true">{dragging ? ` ${text.dropHere}` : ''}</span>
      </div>
      {busy ? <p role="status">{text.checking}</p> : null}
    </section>
  )
}
