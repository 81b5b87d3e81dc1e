import type { RegistrationImport } from '@shared/registration-schemas'
import { formatCount } from '../../format-number'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { registrationStrings } from '../../strings/registration'

const text = registrationStrings.queued
const unfinished = new Set(['uploading', 'syncing', 'waiting'])
const where = (item: Omit<RegistrationImport, 'rows'>): string =>
  item.state === 'waiting'
    ? text.waitingForDevices(formatCount(item.counts.withProfile), formatCount(item.counts.registered))
    : item.state === 'syncing'
      ? text.syncing
      : text.waitsItsTurn

/**
 * Confirmed imports under way besides the one shown: older ones still waiting for their devices, and
 * newer ones waiting their turn to be sent (one at a time, oldest first). Without this a second upload
 * confirmed meanwhile vanished from view.
 */
export function QueuedImports({ current, recent }: { current: RegistrationImport | null; recent: readonly Omit<RegistrationImport, 'rows'>[] }) {
  const dates = useDateFormatter()
  const others = recent.filter((item) => unfinished.has(item.state) && item.id !== current?.id).reverse()
  if (others.length === 0) return null
  return (
    <section className="reg-panel" aria-labelledby="register-queued-h" data-testid="register-queued">
      <h2 id="register-queued-h">{text.heading(others.length)}</h2>
      <p className="muted">{text.why}</p>
      <ol>
        {others.map((item) => (
          <li key={item.id}>
            {text.item(dates.dateTime(item.confirmedAt ?? item.createdAt), formatCount(item.counts.total), item.jobName)} — {where(item)}
          </li>
        ))}
      </ol>
    </section>
  )
}
