import { useId } from 'react'
import { FileDropArea } from '../file-drop-area'
import { registrationStrings } from '../../strings/registration'

const text = registrationStrings.drop

/** Drop zone and file picker for several hash CSVs (or diagnostics ZIPs) at once. */
export function FileDrop({ busy, onFiles }: { busy: boolean; onFiles: (files: File[]) => void }) {
  const ids = useId()
  return (
    <section className="reg-panel" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{text.heading}</h2>
      <FileDropArea
        help={text.help}
        choose={text.choose}
        dropHere={text.dropHere}
        accept=".csv,.txt,.zip,text/csv"
        multiple
        disabled={busy}
        testId="register-drop"
        inputTestId="register-input"
        onFiles={onFiles}
      />
      {busy ? <p role="status">{text.checking}</p> : null}
    </section>
  )
}
