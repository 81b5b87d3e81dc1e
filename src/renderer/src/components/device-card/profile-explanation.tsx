import type { DeviceCard } from '@shared/card-schemas'
import { LearnCitation } from '../learn-citation'
import { deviceCardStrings as s } from '../../strings/device-card'

const e = s.explanation

/** Why the device gets its profile: group tag → dynamic group → profile assignment, step by step. */
export function ProfileExplanation({ explanation }: { explanation: DeviceCard['explanation'] }) {
  return (
    <section className="device-card__panel" aria-labelledby="card-explanation-heading" data-testid="card-explanation">
      <h2 id="card-explanation-heading">{e.heading}</h2>
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
