import { LearnCitation } from '../learn-citation'
import { explainError } from '@shared/domain/explain-error'
import { FAILURE_STAGE_LABELS, type FailureStage } from '@shared/domain/error-knowledge'
import { benchStrings } from '../../strings/bench'

const text = benchStrings.explain

/** What the code means, from the knowledge base (docs/reference/autopilot.md §6.3); unknown codes say so. */
export function FailureExplanation({ input, during = null, note = null }: { input: string | null; during?: FailureStage | null; note?: string | null }) {
  if (input === null || input.trim() === '') {
    return (
      <section className="explanation" aria-label={text.heading} data-lookup="none">
        <p>{text.noCode}</p>
      </section>
    )
  }
  // The phase the screen showed decides what some codes mean (0x800705B4: TPM attestation vs. the ESP's time limit).
  const result = explainError(input, during)
  if (result.status === 'empty') return null
  if (result.status !== 'known') {
    return (
      <section className="explanation explanation--unknown" aria-label={text.heading} data-lookup={result.status}>
        <h3>
          <span aria-hidden="true">? </span>
          {text.unknownHeading}
        </h3>
        <p>{result.message}</p>
        <ul>
          {result.advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
    )
  }
  const { entry } = result
  return (
    <section className="explanation" aria-label={text.heading} data-lookup="known" data-knowledge-id={entry.id}>
      <h3>{entry.code ? `${entry.code} — ${entry.title}` : entry.title}</h3>
      {during ? <p className="explanation__during">{text.during(FAILURE_STAGE_LABELS[during])}</p> : null}
      {/* This device's own case first (e.g. a timeout on a model that is not a virtual machine). */}
      {note ? (
        <p className="explanation__note" data-testid="failure-note">
          {note}
        </p>
      ) : null}
      <dl className="explanation__facts">
        <dt>{text.meaning}</dt>
        <dd>{entry.meaning}</dd>
        <dt>{text.cause}</dt>
        <dd>{entry.likelyCause}</dd>
        <dt>{text.action}</dt>
        <dd>
          <ol>
            {entry.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </dd>
        {entry.caveats.length > 0 ? (
          <>
            <dt>{text.caveats}</dt>
            <dd>
              <ul>
                {entry.caveats.map((caveat) => (
                  <li key={caveat}>{caveat}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{text.source}</dt>
        <dd>
          <LearnCitation citation={entry.citation} />
        </dd>
      </dl>
    </section>
  )
}
