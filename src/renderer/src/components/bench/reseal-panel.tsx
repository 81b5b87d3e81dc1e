import { LearnCitation } from '../learn-citation'
import { RESEAL_CHECKLIST, userFlowWindow, type AttemptState } from '@shared/domain/attempt'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { benchStrings } from '../../strings/bench'

const text = benchStrings.reseal

/** After the success screen: the reseal checklist and the user-flow window (+90 min, within 6 months). */
export function ResealPanel({ state, busy, onResealed }: { state: AttemptState; busy: boolean; onResealed(): void }) {
  const dates = useDateFormatter()
  const flow = userFlowWindow(state)
  return (
    <section className="reseal-panel" aria-label={text.heading}>
      <h3>{text.heading}</h3>
      <ul className="reseal-panel__list">
        {RESEAL_CHECKLIST.map((item) => (
          <li key={item.id} data-item={item.id}>
            {item.text} <LearnCitation className="hint" citation={item.citation} />
          </li>
        ))}
      </ul>
      {flow ? (
        <dl className="reseal-panel__window">
          <dt>{text.earliest}</dt>
          <dd data-testid="user-flow-earliest">{dates.dateTime(flow.earliestUserFlowAt)}</dd>
          <dt>{text.deadline}</dt>
          <dd data-testid="user-flow-deadline">{dates.dateTime(flow.userFlowDeadline)}</dd>
        </dl>
      ) : null}
      {state.phase === 'succeeded' ? (
        <button type="button" className="button button--primary" disabled={busy} onClick={onResealed}>
          {benchStrings.recorder.resealed}
        </button>
      ) : null}
      <p>
        {state.enrollmentConfirmedAt ? (
          <>
            <span aria-hidden="true">✓ </span>
            {text.enrolled}: {dates.dateTime(state.enrollmentConfirmedAt)}
          </>
        ) : (
          text.awaitingEnrollment
        )}
      </p>
    </section>
  )
}
