import { useRef } from 'react'
import { REFRESH_REMINDER } from '@shared/domain'
import { LearnCitation } from '../learn-citation'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { deviceCardStrings as s } from '../../strings/device-card'
import { ProfileStatusBadge } from '../profile-status'
import type { AssignmentWait } from './use-assignment-wait'
import { bringsNoProfile, type TagOutcome } from './tag-outcome'

const r = s.reminder

/**
 * After any change: press Refresh on the device, and the live "Waiting for profile assignment" status —
 * or, when the group tag the device will have brings no profile (`outcome`), that there is none to wait
 * for and what that means (it said "Waiting for profile assignment" for 15 minutes).
 */
export function ChangeReminder({ wait, outcome, onStop }: { wait: AssignmentWait; outcome: TagOutcome | null; onStop(): void }) {
  const dates = useDateFormatter()
  const noProfile = bringsNoProfile(outcome) && outcome ? outcome : null
  const headingRef = useRef<HTMLHeadingElement>(null)
  return (
    <section className="device-card__panel device-card__reminder" aria-labelledby="card-reminder-heading" data-testid="card-reminder">
      <h2 id="card-reminder-heading" tabIndex={-1} ref={headingRef}>
        <span aria-hidden="true">⟳ </span>
        {r.heading}
      </h2>
      <p>{REFRESH_REMINDER.text}</p>
      <p className="muted">
        <LearnCitation citation={REFRESH_REMINDER.citation} />
      </p>
      <div role="status" aria-live="polite" data-testid="card-wait" data-phase={wait.phase}>
        {noProfile && (wait.phase === 'waiting' || wait.phase === 'no-profile' || wait.phase === 'gave-up') ? (
          <div data-testid="card-no-profile">
            <p>
              <span aria-hidden="true">! </span>
              <strong>{r.noProfileHeading}</strong> — {r.noProfile(noProfile.tag, noProfile.explanation.certain)}
            </p>
            {wait.phase === 'no-profile' ? <p>{r.noProfileDone(noProfile.tag)}</p> : null}
            {wait.phase === 'waiting' ? (
              <p>
                {r.noProfileChecking} — {r.current}: {wait.status ? <ProfileStatusBadge status={wait.status} /> : r.checking}
                {wait.pending > 0 ? ` · ${r.pendingChanges}: ${wait.pending}` : null}
                {wait.checking && wait.status ? ` · ${r.checking}` : null}
              </p>
            ) : null}
            <p>{r.noProfileMeans}</p>
          </div>
        ) : null}
        {wait.phase === 'waiting' && !noProfile ? (
          <p>
            <span aria-hidden="true">◷ </span>
            <strong>{r.waiting}</strong> — {r.current}: {wait.status ? <ProfileStatusBadge status={wait.status} /> : r.checking}
            {wait.pending > 0 ? ` · ${r.pendingChanges}: ${wait.pending}` : null}
            {wait.checking ? ` · ${r.checking}` : null}
          </p>
        ) : null}
        {wait.phase === 'assigned' && wait.assignedAt ? (
          <p>
            <span aria-hidden="true">✓ </span>
            {r.done(dates.dateTime(wait.assignedAt))}
          </p>
        ) : null}
        {wait.phase === 'gave-up' ? <p>{r.stoppedAfter}</p> : null}
        {wait.notice !== null && wait.phase === 'waiting' ? <p>{r.cached(wait.notice)}</p> : null}
        {wait.lastCheckedAt ? <p className="muted">{r.lastChecked(dates.time(wait.lastCheckedAt))}</p> : null}
      </div>
      {wait.phase === 'waiting' ? (
        <button
          type="button"
          className="button"
          onClick={() => {
            // The button goes with the wait: the keyboard stays in the reminder rather than on <body>.
            headingRef.current?.focus()
            onStop()
          }}
        >
          {r.stop}
        </button>
      ) : null}
    </section>
  )
}
