import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ordersStrings } from '../../strings/orders'
import type { useAttemptCorrections } from './use-attempt-corrections'
import { useReveal } from '../../hooks/use-reveal'
import '../jobs/orders.css'

const text = ordersStrings
type Corrections = ReturnType<typeof useAttemptCorrections>

/**
 * "This device is not ready" before a Provision press: the problems and their fixes; Enter provisions
 * anyway, Esc cancels. The question takes the focus when it opens (a screen reader reads it; Tab
 * reaches its buttons, and Enter on one of them is that button's), and gives it back when it closes:
 * the bench's keys work from its rows.
 */
export function ProvisionGuardPanel({ corrections }: { corrections: Corrections }) {
  const { guard } = corrections
  const dialogRef = useRef<HTMLElement>(null)
  const open = guard !== null
  useEffect(() => {
    if (!open) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialogRef.current?.focus()
    return () => {
      // The question is gone by now, and the focus with it (on the body): back where it was.
      if (before?.isConnected && (document.activeElement === document.body || document.activeElement === null)) before.focus()
    }
  }, [open])
  if (!guard) return null
  const listedItems = guard.items ?? []
  const listed = listedItems.length > 0
  // Only checks still running (no problem found): never "not ready" over an empty list.
  const onlyChecking = !listed && guard.checking.length > 0
  // Over the bench, not in the recorder's flow: Enter and Esc answer it wherever focus is, and on a
  // 1366×768 laptop the recorder's foot (where it used to open) is below the window's.
  return (
    <div className="provision-guard__backdrop">
      <section
        ref={dialogRef}
        tabIndex={-1}
        className="provision-guard"
        role="alertdialog"
        aria-labelledby="provision-guard-heading"
        aria-describedby="provision-guard-intro"
      >
        {/* A ✓ Ready row whose PC is off (demo) or that was resealed: "not ready" over it contradicted the badge. */}
        <h3 id="provision-guard-heading">{onlyChecking ? text.guard.checkingHeading : guard.readyVerdict ? text.guard.readyHeading : text.guard.heading}</h3>
        <p id="provision-guard-intro">
          {onlyChecking
            ? `${text.guard.checking(guard.checking)} ${text.guard.checkingChoice}`
            : guard.items === null
              ? text.guard.unknown
              : listed
                ? guard.readyVerdict
                  ? text.guard.readyIntro
                  : text.guard.intro
                : text.guard.unknown}
        </p>
        {listed ? (
          <ul>
            {listedItems.map((item) => (
              <li key={item.title}>
                <strong>{item.title}</strong>
                {item.fix ? ` — ${item.fix}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
        {listed && guard.checking.length > 0 ? <p>{text.guard.checking(guard.checking)}</p> : null}
        <div className="button-row">
          <button type="button" className="button button--primary" onClick={corrections.confirmProvision}>
            {text.guard.confirm}
          </button>
          <button type="button" className="button" onClick={corrections.cancelGuard}>
            {text.guard.cancel}
          </button>
        </div>
      </section>
    </div>
  )
}

/**
 * The last recorded key with Undo, and what an undo or void answered (both scrolled into view: on a
 * laptop they open below the window's foot). `keys`: whether Esc and Ctrl+Z work here (not on the
 * device card), so the button names them only where they do.
 */
export function UndoOffer({ corrections, keys }: { corrections: Corrections; keys: boolean }) {
  const offerRef = useReveal<HTMLParagraphElement>(corrections.offer)
  const noticeRef = useReveal<HTMLParagraphElement>(corrections.notice)
  return (
    <>
      {corrections.offer ? (
        <p ref={offerRef} className="undo-offer" role="status" data-testid="undo-offer">
          {text.undo.offer(corrections.offer)}
          <button type="button" className="button button--small" onClick={() => void corrections.undo()}>
            {keys ? text.undo.button : text.undo.buttonNoKeys}
          </button>
        </p>
      ) : null}
      {corrections.notice ? (
        <p ref={noticeRef} className={`notice notice--${corrections.notice.kind}`} role={corrections.notice.kind === 'error' ? 'alert' : 'status'}>
          {corrections.notice.text}
        </p>
      ) : null}
    </>
  )
}

/** Sets the latest attempt aside with a reason (a stray key noticed too late to undo, a test press). */
export function VoidAttempt({ corrections }: { corrections: Corrections }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (await corrections.voidWithReason(reason)) {
      setOpen(false)
      setReason('')
    }
  }
  if (!open)
    return (
      <button type="button" className="button button--small" onClick={() => setOpen(true)}>
        {text.voiding.button}
      </button>
    )
  return (
    <form
      className="void-attempt"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          setOpen(false)
        }
      }}
    >
      <label htmlFor="void-reason">{text.voiding.reason}</label>
      <input id="void-reason" value={reason} onChange={(event) => setReason(event.target.value)} autoFocus />
      <div className="button-row">
        <button type="submit" className="button button--primary">
          {text.voiding.confirm}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {text.voiding.cancel}
        </button>
      </div>
    </form>
  )
}
