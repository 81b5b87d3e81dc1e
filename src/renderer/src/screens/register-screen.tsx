import { useEffect, useRef, useState } from 'react'
import { ErrorMessage } from '../components/error-message'
import { FileDrop } from '../components/registration/file-drop'
import { CheckReport } from '../components/registration/check-report'
import { UploadProgress } from '../components/registration/upload-progress'
import { QueuedImports } from '../components/registration/queued-imports'
import { RecyclePanel } from '../components/registration/recycle-panel'
import { PrestagePanel } from '../components/registration/prestage-panel'
import { base64ToBytes } from '../components/diagnostics/bytes'
import { saveDownload } from '../save-download'
import { useRegistrationStore, useRegistrationStoreApi, useUiStore } from '../stores/stores-context'
import { registrationStrings } from '../strings/registration'
import { formatCount } from '../format-number'
import { refocusWhenLost, useFocusAfterAction } from '../hooks/use-focus-after-action'
import { useHeadingFocus } from '../hooks/use-heading-focus'
import './register-screen.css'

const text = registrationStrings

/** Register devices by hardware hash: check files, confirm, follow the upload (docs/registration.md). */
export function RegisterScreen() {
  const store = useRegistrationStoreApi()
  const check = useRegistrationStore((state) => state.check)
  const checkedBefore = useRegistrationStore((state) => state.checkedBefore)
  const status = useRegistrationStore((state) => state.status)
  const busy = useRegistrationStore((state) => state.busy)
  const error = useRegistrationStore((state) => state.error)
  const openDevice = useUiStore((state) => state.openDevice)
  const [exported, setExported] = useState<string | null>(null)
  // Checking, exporting and uploading each take their button away (disabled while they run, or the whole
  // drop zone / check report replaced), and the focus fell to <body>: it goes to what the action produced.
  const focusAfter = useFocusAfterAction(130_000)
  const errorRef = useRef<HTMLDivElement>(null)
  const uploadHeadingRef = useRef<HTMLHeadingElement>(null)
  const byId = (id: string) => () => document.getElementById(id)
  const orError = (target: () => HTMLElement | null) => () => (store.getState().error ? errorRef.current : target())
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Opened from a scan of a device this app deleted ("register its hash again"): the keyboard starts here.
  useHeadingFocus('register', headingRef)

  useEffect(() => store.getState().attach(), [store])

  async function exportClean() {
    focusAfter(orError(byId('register-exported')))
    const result = await store.getState().exportClean()
    if (!result) return
    for (const file of result.files) saveDownload(file.name, base64ToBytes(file.dataBase64) as BlobPart, 'text/csv')
    setExported(
      [
        text.check.exported(result.files.map((file) => file.name).join(', ')),
        result.skipped.length > 0 ? text.check.skipped(formatCount(result.skipped.length)) : '',
      ]
        .filter(Boolean)
        .join(' '),
    )
  }

  return (
    <section className="screen" aria-labelledby="register-heading">
      <header className="screen__header">
        <h1 id="register-heading" tabIndex={-1} ref={headingRef}>
          {text.heading}
        </h1>
      </header>
      <p className="muted">{text.intro}</p>
      {error ? (
        <div tabIndex={-1} ref={errorRef} data-testid="register-error">
          <ErrorMessage title={text.check.failed} error={error} />
        </div>
      ) : null}
      {check ? (
        <CheckReport
          check={check}
          checkedBefore={checkedBefore}
          busy={busy !== null}
          exported={exported}
          onConfirm={() => {
            focusAfter(orError(() => uploadHeadingRef.current))
            // The Upload button goes with the check report; once the new upload is shown its heading takes the
            // keyboard (and scrolls into view), also when no later render of this screen comes to do it.
            void store
              .getState()
              .confirm()
              .then((confirmed) => {
                if (confirmed) refocusWhenLost(() => uploadHeadingRef.current)
              })
          }}
          onExport={() => void exportClean()}
          onDiscard={() => {
            setExported(null)
            // Its button goes with the check report: the keyboard goes to the file picker's panel, not <body>.
            focusAfter(byId('register-drop-h'))
            store.getState().discard()
          }}
        />
      ) : (
        <FileDrop
          busy={busy === 'checking'}
          onFiles={(files) => {
            setExported(null)
            focusAfter(orError(byId('register-check-h')))
            void store.getState().checkFiles(files)
          }}
        />
      )}
      {status?.current ? (
        <UploadProgress current={status.current} onOpenDevice={openDevice} headingRef={uploadHeadingRef} onActed={focusAfter} />
      ) : (
        <p className="empty-state" data-testid="register-empty">
          {text.upload.none}
        </p>
      )}
      <QueuedImports
        current={status?.current ?? null}
        recent={status?.recent ?? []}
        onShow={(importId) => {
          focusAfter(() => uploadHeadingRef.current)
          void store.getState().showImport(importId)
        }}
      />
      <RecyclePanel />
      <PrestagePanel />
    </section>
  )
}
