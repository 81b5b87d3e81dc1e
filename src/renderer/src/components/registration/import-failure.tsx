import { useRef, useState } from 'react'
import type { RegistrationImport } from '@shared/registration-schemas'
import { countShown } from '@shared/domain/words'
import { formatCount } from '../../format-number'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { useFocusAfterAction } from '../../hooks/use-focus-after-action'
import { registrationStrings } from '../../strings/registration'
import { useRegistrationStore } from '../../stores/stores-context'
import { saveDownload } from '../../save-download'
import { base64ToBytes } from '../diagnostics/bytes'
import { ErrorMessage } from '../error-message'

const text = registrationStrings.failure

type Notice = { kind: 'processing' | 'unchecked' | 'exported'; message: string } | { kind: 'error'; error: { code: string; message: string } }

/**
 * A Failed upload (Intune answered with an error 8 times in a row), or one waiting between tries: when the
 * next try is, and Retry, Export and Discard. Discard asks first and is refused while Intune is still
 * processing part of it; when Intune cannot be asked, it offers "Discard anyway". After each action the
 * keyboard goes to what it changed (its buttons are disabled meanwhile, or gone).
 */
export function ImportFailure({
  current,
  stateRef,
  onActed,
}: {
  current: RegistrationImport
  stateRef: React.RefObject<HTMLElement | null>
  /** The screen's own focus-after-action: a retry or discard that worked takes this panel away with its buttons. */
  onActed: (target: () => HTMLElement | null) => void
}) {
  const retry = useRegistrationStore((state) => state.retryImport)
  const discard = useRegistrationStore((state) => state.discardImport)
  const exportImport = useRegistrationStore((state) => state.exportImport)
  const dates = useDateFormatter()
  const [busy, setBusy] = useState<'retry' | 'discard' | 'export' | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)
  const noticeRef = useRef<HTMLDivElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const ownFocusAfter = useFocusAfterAction(130_000)
  const panelRef = useRef<HTMLDivElement>(null)
  const noticeTarget = () => (noticeRef.current?.firstElementChild as HTMLElement | null) ?? null
  // Here while this panel shows (a notice, an error); on the upload's state line once it is gone.
  const focusAfter = (target: () => HTMLElement | null) => {
    ownFocusAfter(target)
    onActed(() => (panelRef.current?.isConnected ? null : stateRef.current))
  }
  const failed = current.state === 'failed'
  const notRegistered = countShown(formatCount(current.counts.total - current.counts.registered), 'device')

  async function run<T>(what: 'retry' | 'discard' | 'export', action: () => Promise<T>): Promise<T> {
    setBusy(what)
    setNotice(null)
    try {
      return await action()
    } finally {
      setBusy(null)
    }
  }

  const onRetry = () =>
    void run('retry', async () => {
      focusAfter(noticeTarget)
      const result = await retry(current.id)
      if (!result.ok) setNotice({ kind: 'error', error: result.error })
    })

  const onDiscard = (evenIfUnchecked: boolean) =>
    void run('discard', async () => {
      setConfirming(false)
      focusAfter(noticeTarget)
      const result = await discard(current.id, evenIfUnchecked)
      if (!result.ok) setNotice({ kind: 'error', error: result.error })
      else if (result.value.notice) setNotice(result.value.notice)
    })

  const onExport = () =>
    void run('export', async () => {
      focusAfter(noticeTarget)
      const result = await exportImport(current.id)
      if (!result.ok) return setNotice({ kind: 'error', error: result.error })
      for (const file of result.value.files) saveDownload(file.name, base64ToBytes(file.dataBase64) as BlobPart, 'text/csv')
      setNotice({ kind: 'exported', message: text.exported(result.value.files.map((file) => file.name).join(', ')) })
    })

  return (
    <div className="reg-failure" data-testid="register-failure" ref={panelRef}>
      {failed ? (
        <p>{text.failed}</p>
      ) : current.nextAttemptAt ? (
        <p data-testid="register-next-try">
          {text.between(
            formatCount(current.failedTries),
            formatCount(current.errorTries),
            formatCount(current.maxErrorTries),
            dates.time(current.nextAttemptAt),
          )}
        </p>
      ) : null}
      {current.counts.total > current.counts.registered ? <p className="muted">{text.kept(notRegistered)}</p> : null}
      <div className="reg-actions">
        <button type="button" className="button button--primary" disabled={busy !== null} onClick={onRetry} data-testid="register-retry">
          {busy === 'retry' ? text.retrying : text.retry}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={onExport} data-testid="register-export-left">
          {text.export}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          aria-expanded={confirming}
          onClick={() => {
            setConfirming(true)
            setTimeout(() => confirmRef.current?.focus(), 0)
          }}
          data-testid="register-discard"
        >
          {busy === 'discard' ? text.discarding : text.discard}
        </button>
      </div>
      {confirming ? (
        <div className="reg-confirm" role="group" aria-label={text.discardYes}>
          <p>{text.confirmDiscard(notRegistered)}</p>
          <div className="reg-actions">
            <button type="button" className="button button--danger" ref={confirmRef} onClick={() => onDiscard(false)} data-testid="register-discard-yes">
              {text.discardYes}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {text.discardNo}
            </button>
          </div>
        </div>
      ) : null}
      <div ref={noticeRef}>
        {notice?.kind === 'error' ? (
          <div tabIndex={-1}>
            <ErrorMessage title={text.failedAction} error={notice.error} />
          </div>
        ) : notice ? (
          <div tabIndex={-1} role="status" data-testid="register-failure-notice">
            <p>{notice.message}</p>
            {notice.kind === 'unchecked' ? (
              <button
                type="button"
                className="button button--danger"
                disabled={busy !== null}
                onClick={() => onDiscard(true)}
                data-testid="register-discard-anyway"
              >
                {text.discardAnyway}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  )
}
