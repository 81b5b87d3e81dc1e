import type { RegistrationImport } from '@shared/registration-schemas'
import { formatCount } from '../../format-number'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { registrationStrings } from '../../strings/registration'

const text = registrationStrings.queued
const unfinished = new Set(['uploading', 'syncing', 'waiting'])

/**
 * Confirmed imports waiting their turn behind the one shown: the engine works on one import at a time,
 * oldest first, so a second upload confirmed meanwhile would otherwise vanish from view until then.
 */
export function QueuedImports({ current, recent }: { current: RegistrationImport | null; recent: readonly Omit<RegistrationImport, 'rows'>[] }) {
  const dates = useDateFormatter()
  const waiting = recent.filter((item) => unfinished.has(item.state) && item.id !== current?.id).reverse()
  if (waiting.length === 0) return null
  return (
    <section className="reg-panel" aria-labelledby="register-queued-h" data-testid="register-queued">
      <h2 id="register-queued-h">{text.heading(waiting.length)}</h2>
      <p className="muted">{text.why}</p>
      <ol>
        {waiting.map((item) => (
          <li key={item.id}>{text.item(dates.dateTime(item.confirmedAt ?? item.createdAt), formatCount(item.counts.total), item.jobName)}</li>
        ))}
      </ol>
    </section>
  )
}
