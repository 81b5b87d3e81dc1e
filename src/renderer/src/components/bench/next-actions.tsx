import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { ATTEMPT_ACTION_LABELS, recommendedNextAction, validNextActions, type AttemptState } from '@shared/domain/attempt'
import { RESET_CAVEATS, type AttemptAction } from '@shared/domain/error-knowledge'
import { benchStrings } from '../../strings/bench'

const text = benchStrings.actions
const onlineOnly: readonly AttemptAction[] = ['delete-record', 'unblock']
/** Deleting the Intune record cannot be undone, so it asks first (as the device card's own button does). */
const needsConfirmation: readonly AttemptAction[] = ['delete-record']

/**
 * The next steps the knowledge entry offers for this failure (recommended first; every step for an
 * unknown code). Reset always carries its caveats: export the logs first, and the known issue that
 * Reset after an ESP failure can make attestation fail on retry (docs/reference/autopilot.md §3.1, §3.2).
 */
export function NextActions({ state, busy, onChoose }: { state: AttemptState; busy: boolean; onChoose(action: AttemptAction): void }) {
  const actions = validNextActions(state)
  const recommended = recommendedNextAction(state)
  const [confirming, setConfirming] = useState<AttemptAction | null>(null)
  const choose = (action: AttemptAction) => (needsConfirmation.includes(action) ? setConfirming(action) : onChoose(action))
  return (
    <section className="next-actions" aria-label={text.heading}>
      <h3>{text.heading}</h3>
      <ul className="next-actions__list">
        {actions.map((action) => (
          <li key={action} data-action={action}>
            <button
              type="button"
              className={action === recommended ? 'button button--primary' : 'button'}
              disabled={busy || confirming !== null}
              onClick={() => choose(action)}
            >
              {ATTEMPT_ACTION_LABELS[action]}
              {action === recommended ? ` (${text.recommended})` : ''}
            </button>
            {onlineOnly.includes(action) ? <span className="hint"> {text.onlineOnly}</span> : null}
            {confirming === action ? (
              <ConfirmDelete
                busy={busy}
                onConfirm={() => {
                  setConfirming(null)
                  onChoose(action)
                }}
                onCancel={() => setConfirming(null)}
              />
            ) : null}
            {action === 'reset' ? (
              <div className="next-actions__caveats">
                <strong>{text.resetCaveatsHeading}:</strong>
                <ul>
                  {RESET_CAVEATS.map((caveat) => (
                    <li key={caveat}>{caveat}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The question and its two answers; focus lands on the question's answer, Esc cancels. */
function ConfirmDelete({ busy, onConfirm, onCancel }: { busy: boolean; onConfirm(): void; onCancel(): void }) {
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => confirmRef.current?.focus(), [])
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    event.stopPropagation()
    onCancel()
  }
  return (
    <div className="next-actions__confirm" role="group" aria-label={text.confirmDeleteButton} onKeyDown={onKeyDown}>
      <p>
        <span aria-hidden="true">⚠ </span>
        {text.confirmDelete}
      </p>
      <div className="button-row">
        <button ref={confirmRef} type="button" className="button button--primary" disabled={busy} onClick={onConfirm}>
          {text.confirmDeleteButton}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {text.cancelDelete}
        </button>
      </div>
    </div>
  )
}
