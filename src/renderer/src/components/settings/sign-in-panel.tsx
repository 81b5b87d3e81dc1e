import { useEffect, useRef, useState } from 'react'
import { useIdentityStore } from '../../stores/stores-context'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { settingsStrings as s } from '../../strings/settings'
import { QrCode } from '../qr-code'
import { ErrorMessage } from '../error-message'
import { LearnLinks } from '../learn-citation'
import { identityLearnPages } from '@shared/domain/identity-errors'

const p = s.signIn

/**
 * The sign-in in progress: the browser page to open (browser mode opens it in a new tab), or the
 * device code shown large with a copy button and a QR of the address for a phone; then the outcome
 * in words with the next step.
 */
export function SignInPanel() {
  const attempt = useIdentityStore((state) => state.attempt)
  const actionError = useIdentityStore((state) => state.actionError)
  const starting = useIdentityStore((state) => state.starting)
  const cancel = useIdentityStore((state) => state.cancelSignIn)
  const dismiss = useIdentityStore((state) => state.dismissAttempt)
  const dates = useDateFormatter()
  const [copied, setCopied] = useState(false)
  const progress = attempt?.progress ?? null
  const url = progress?.state === 'open-browser' && !progress.openedBySystem ? progress.url : null

  useEffect(() => {
    // Browser mode: a new tab for the sign-in page. A blocked pop-up leaves the link below.
    if (url) window.open(url, '_blank', 'noopener,noreferrer')
  }, [url])

  // The panel is at the top of Settings, the form that starts a sign-in far below it (out of view at 1366 px):
  // each new step of a sign-in brings the panel into view, so the technician sees it start, ask and end.
  const panel = useRef<HTMLElement>(null)
  const step = starting ? 'starting' : actionError ? 'refused' : (progress?.state ?? (attempt ? 'asked' : null))
  useEffect(() => {
    if (step) panel.current?.scrollIntoView?.({ block: 'nearest' })
  }, [step])

  if (!attempt && !actionError && !starting) return null
  return (
    <section
      ref={panel}
      className="settings__panel settings__sign-in"
      aria-labelledby="settings-sign-in-heading"
      data-testid="sign-in-panel"
      aria-live="polite"
    >
      <h2 id="settings-sign-in-heading">{p.heading}</h2>
      {actionError ? <ErrorMessage title={p.failed} error={actionError} /> : null}
      {starting || (attempt && !progress) ? (
        <p role="status" data-testid="sign-in-starting">
          {p.starting}
        </p>
      ) : null}
      {progress?.state === 'open-browser' ? (
        <>
          <p>{progress.openedBySystem ? p.browserOpened : p.browserTab}</p>
          <p>
            <a href={progress.url} target="_blank" rel="noreferrer noopener" className="button button--primary" data-testid="sign-in-link">
              {p.openBrowser}
            </a>
          </p>
        </>
      ) : null}
      {progress?.state === 'device-code' ? (
        <div className="settings__device-code" data-testid="device-code">
          <p>
            {p.codeIntro}{' '}
            <a href={progress.verificationUri} target="_blank" rel="noreferrer noopener">
              {progress.verificationUri}
            </a>{' '}
            {p.codeEnter}
          </p>
          <p className="settings__code" data-testid="device-code-value">
            {progress.userCode}
          </p>
          <button
            type="button"
            className="button"
            onClick={() =>
              void navigator.clipboard?.writeText(progress.userCode).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? p.copied : p.copy}
          </button>
          <p className="muted">{p.expires(dates.dateTime(progress.expiresAt))}</p>
          <QrCode text={progress.verificationUri} label={p.qr} size={200} />
        </div>
      ) : null}
      {progress?.state === 'signed-in' ? (
        <p role="status" data-testid="sign-in-done">
          {p.signedIn(progress.displayName)}
        </p>
      ) : null}
      {progress?.state === 'cancelled' ? <p role="status">{p.cancelled}</p> : null}
      {progress?.state === 'failed' ? (
        <div className="error-message" role="alert" data-testid="sign-in-failed" data-problem={progress.explanation.problem}>
          <p className="error-message__title">
            {p.failed}: {progress.explanation.title}
          </p>
          <p className="error-message__text">
            {p.nextStep}: {progress.explanation.fix}
          </p>
          <LearnLinks pages={identityLearnPages(progress.explanation.problem)} className="error-message__text" />
          <p className="error-message__detail">
            <span className="error-message__detail-label">{p.detail}: </span>
            {progress.detail}
          </p>
        </div>
      ) : null}
      <div className="settings__buttons">
        {starting ? null : attempt && (!progress || progress.state === 'open-browser' || progress.state === 'device-code') ? (
          <button type="button" className="button" onClick={() => void cancel()}>
            {p.cancel}
          </button>
        ) : (
          <button type="button" className="button" onClick={dismiss}>
            {p.dismiss}
          </button>
        )}
      </div>
    </section>
  )
}
