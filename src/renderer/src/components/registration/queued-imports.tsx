import type { RegistrationImport } from '@shared/registration-schemas'
import { presentError } from '@shared/domain/intune-answer'
import { formatCount } from '../../format-number'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { registrationStrings } from '../../strings/registration'

const text = registrationStrings.queued
// Failed ones too: they wait for the technician, and would otherwise be out of view behind the one being sent.
const unfinished = new Set(['uploading', 'syncing', 'waiting', 'failed'])
const where = (item: Omit<RegistrationImport, 'rows'>): string =>
  item.state === 'waiting'
    ? text.waitingForDevices(formatCount(item.counts.withProfile), formatCount(item.counts.registered))
    : item.state === 'syncing'
      ? text.syncing
      : item.state === 'done'
        ? text.finished(formatCount(item.counts.registered), formatCount(item.counts.failed))
        : item.state === 'failed'
          ? text.failed
          : text.waitsItsTurn

/** Finished after the shown import was confirmed: while it was on screen, so its result would otherwise go unseen. */
const finishedMeanwhile = (item: Omit<RegistrationImport, 'rows'>, shown: RegistrationImport | null) =>
  item.state === 'done' && shown?.confirmedAt != null && item.finishedAt != null && item.finishedAt > shown.confirmedAt

/**
 * Confirmed imports besides the one shown: older ones still waiting for their devices, newer ones
 * waiting their turn to be sent (one at a time, oldest first), and any that finished while this one was
 * shown. Without this a second upload confirmed meanwhile vanished from view, and so did its result.
 */
export function QueuedImports({
  current,
  recent,
  onShow,
}: {
  current: RegistrationImport | null
  recent: readonly Omit<RegistrationImport, 'rows'>[]
  /** Shows that import above (a Failed one, to retry or discard it). */
  onShow: (importId: string) => void
}) {
  const dates = useDateFormatter()
  const others = recent.filter((item) => item.id !== current?.id && (unfinished.has(item.state) || finishedMeanwhile(item, current))).reverse()
  if (others.length === 0) return null
  return (
    <section className="reg-panel" aria-labelledby="register-queued-h" data-testid="register-queued">
      <h2 id="register-queued-h">{text.heading}</h2>
      <p className="muted">{text.why}</p>
      <ol>
        {others.map((item) => (
          <li key={item.id}>
            {text.item(dates.dateTime(item.confirmedAt ?? item.createdAt), formatCount(item.counts.total), item.jobName)} — {where(item)}{' '}
            {/* Every import opens above with its rows: a finished one's outcome and its devices were otherwise out of reach. */}
            <button
              type="button"
              className="reg-link"
              onClick={() => onShow(item.id)}
              data-testid="register-show-import"
              aria-label={text.showLabel(dates.dateTime(item.confirmedAt ?? item.createdAt))}
            >
              {text.show}
            </button>
            {/* Its outcome in words ("4 registered devices not waited for: …"): the counts alone hid a warning. */}
            {item.message ? (
              <p className={item.state === 'failed' ? undefined : 'muted'} data-testid="register-queued-message">
                {dates.inText(presentError({ code: '', message: item.message, intune: item.intune }).sentence)}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
