import { ATTEMPT_ACTION_LABELS, failureEntry, validNextActions, type AttemptState } from '../../../../shared/domain/attempt'
import { RESET_CAVEATS, type AttemptAction } from '../../../../shared/domain/error-knowledge'
import { benchStrings } from '../../strings/bench'

const text = benchStrings.actions
const onlineOnly: readonly AttemptAction[] = ['delete-record', 'unblock']

/**
 * The next steps the knowledge entry offers for this failure (recommended first; every step for an
 * unknown code). Reset always carries its caveats: export the logs first, and the known issue that
 * Reset after an ESP failure can make attestation fail on retry (autopilot-domain.md §3.1, §3.2).
 */
export function NextActions({ state, busy, onChoose }: { state: AttemptState; busy: boolean; onChoose(action: AttemptAction): void }) {
  const actions = validNextActions(state)
  const recommended = failureEntry(state)?.attemptActions[0] ?? null
  return (
    <section className="next-actions" aria-label={text.heading}>
      <h3>{text.heading}</h3>
      <ul className="next-actions__list">
        {actions.map((action) => (
          <li key={action} data-action={action}>
            <button type="button" className={action === recommended ? 'button button--primary' : 'button'} disabled={busy} onClick={() => onChoose(action)}>
              {ATTEMPT_ACTION_LABELS[action]}
              {action === recommended ? ` (${text.recommended})` : ''}
            </button>
            {onlineOnly.includes(action) ? <span className="hint"> {text.onlineOnly}</span> : null}
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
