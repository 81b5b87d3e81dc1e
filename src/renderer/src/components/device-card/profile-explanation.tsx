import type { DeviceCard } from '@shared/card-schemas'
import { LearnCitation } from '../learn-citation'
import { deviceCardStrings as s } from '../../strings/device-card'
import { tagOutcome } from './tag-outcome'
import { changeToCome } from '@shared/domain/awaited-profile'

const e = s.explanation

/**
 * Why the device gets its profile: group tag → dynamic group → profile assignment, step by step. The
 * core explains the tag Intune has; while a group tag change waits to reach Intune, what the new tag
 * brings comes first (it explained the old tag only, as if nothing were changing).
 */
export function ProfileExplanation({ card }: { card: Pick<DeviceCard, 'device' | 'explanation' | 'explanationInput'> }) {
  const explanation = card.explanation
  const outcome = tagOutcome(card)
  const pending = outcome?.pending ? outcome : null
  const queuedTag = pending ? null : changeToCome(card.device.pending, 'groupTag')
  return (
    <section className="device-card__panel" aria-labelledby="card-explanation-heading" data-testid="card-explanation">
      <h2 id="card-explanation-heading">{e.heading}</h2>
      {pending ? (
        <div className="device-card__pending-tag" data-testid="card-explanation-pending">
          <p>
            <strong>{e.pendingTag(pending.tag)}</strong>
          </p>
          <p className="explanation-chain">{pending.explanation.chain}</p>
          <p>{pending.explanation.winner ? e.pendingBrings(pending.explanation.winner.profileName) : e.pendingBringsNone}</p>
          {!pending.explanation.certain ? <p className="muted">{e.uncertain}</p> : null}
          <p className="muted">{e.untilThen(card.device.groupTag)}</p>
        </div>
      ) : queuedTag ? (
        // A queued tag the card can't explain (no explanation input): at least say which tag is explained.
        <p className="muted" data-testid="card-explanation-pending">
          {e.pendingUnexplained(queuedTag.value, card.device.groupTag)}
        </p>
      ) : null}
      <p className="explanation-chain">{explanation.chain}</p>
      {explanation.steps.length > 0 ? (
        <ol className="explanation-steps">
          {explanation.steps.map((step, index) => (
            <li key={`${step.kind}-${index}`} data-kind={step.kind}>
              {step.label}
            </li>
          ))}
        </ol>
      ) : null}
      {!explanation.certain ? <p className="muted">{e.uncertain}</p> : null}
      {explanation.notes.length > 0 ? (
        <ul className="explanation-notes" aria-label={e.notes}>
          {explanation.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <p className="muted">
        <LearnCitation citation={explanation.citation} />
      </p>
    </section>
  )
}
