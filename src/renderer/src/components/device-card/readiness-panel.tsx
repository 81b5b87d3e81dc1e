import type { DeviceCard } from '@shared/card-schemas'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { LearnCitation } from '../learn-citation'
import { ReadinessBadge } from '../bench/readiness-badge'
import { deviceCardStrings as s } from '../../strings/device-card'

const r = s.readiness

/** The verdict and every readiness item: icon AND word for its status, the reason, the fix and the citation. */
export function ReadinessPanel({ readiness }: { readiness: DeviceCard['readiness'] }) {
  // Reasons come from the core with UTC times ("Assigned on 2024-06-25 14:07 UTC"); Properties beside them show local time.
  const dates = useDateFormatter()
  return (
    <section className="device-card__panel" aria-labelledby="card-readiness-heading" data-testid="card-readiness">
      <h2 id="card-readiness-heading">{r.heading}</h2>
      <p className={`readiness-verdict readiness-verdict--${readiness.verdict}`} data-verdict={readiness.verdict}>
        <span className="readiness-verdict__icon" aria-hidden="true">
          {r.verdictIcon[readiness.verdict]}
        </span>{' '}
        <strong>{r.verdict[readiness.verdict]}</strong>
        {readiness.summary ? <span> — {dates.inText(readiness.summary)}</span> : null}
      </p>
      {/* The same word and one next action as the bench row, so both always agree. */}
      <p className="readiness-next" data-testid="card-readiness-next">
        <ReadinessBadge badge={readiness.badge} /> <span className="readiness-item__label">{r.next}: </span>
        {readiness.badge.next}
      </p>
      <ul className="readiness-items">
        {readiness.items.map((item) => (
          <li
            key={item.id}
            className={`readiness-item readiness-item--${item.status}`}
            data-item={item.id}
            data-status={item.status}
            data-checking={item.checking ? 'true' : undefined}
            aria-busy={item.checking ? true : undefined}
          >
            <p className="readiness-item__title">
              <span className="readiness-item__icon" aria-hidden="true">
                {item.checking ? r.checkingIcon : r.statusIcon[item.status]}
              </span>{' '}
              <span className="readiness-item__status">{item.checking ? r.checking : `${r.status[item.status]}:`}</span> <strong>{item.title}</strong>
            </p>
            <p className="readiness-item__reason">{dates.inText(item.reason)}</p>
            {item.fix ? (
              <p className="readiness-item__fix">
                <span className="readiness-item__label">{r.fix}: </span>
                {dates.inText(item.fix)}
              </p>
            ) : null}
            <p className="readiness-item__citation muted">
              <span className="readiness-item__label">{r.source}: </span>
              <LearnCitation citation={item.citation} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}
