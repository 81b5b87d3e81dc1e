import { FileDropArea } from '../file-drop-area'
import { registrationStrings } from '../../strings/registration'

const text = registrationStrings.drop

/** Drop zone and file picker for several hash CSVs (or diagnostics ZIPs) at once. */
export function FileDrop({ busy, onFiles }: { busy: boolean; onFiles: (files: File[]) => void }) {
  return (
    <section className="reg-panel" aria-labelledby="register-drop-h">
      {/* Focusable: "Check other files" puts the keyboard here (its button goes with the check report). */}
      <h2 id="register-drop-h" tabIndex={-1}>
        {text.heading}
      </h2>
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
