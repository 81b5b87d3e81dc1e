import { useEffect, useState } from 'react'
import type { OutboxItem } from '@shared/change-schemas'
import { presentError } from '@shared/domain/intune-answer'
import { SupportDetails } from '../support-details'
import { useDeviceActionsStore, useUiStore } from '../../stores/stores-context'
import { strings } from '../../strings'
import { deviceCardStrings as s } from '../../strings/device-card'
import { changeProgressLine, changeStateWords, stillOnItsWay, waitingToRetry } from '../../change-progress'
import { useDateFormatter } from '../../hooks/use-date-formatter'

const c = strings.changes
const icon: Record<OutboxItem['state'], string> = { pending: '◌', sending: '⟳', verifying: '⟳', done: '✓', failed: '✕', conflict: '!', discarded: '–' }

/** What this change sets, in words: the value (and friendly name), or "Unassign user". */
const intended = (item: OutboxItem) => {
  const change = item.change
  if (change.kind === 'group-tag') return change.groupTag || c.none
  if (change.kind === 'device-name') return change.displayName
  if (change.kind === 'user-friendly-name') return change.addressableUserName || c.none
  if (change.kind === 'assign-user')
    return change.addressableUserName ? `${change.userPrincipalName} (${change.addressableUserName})` : change.userPrincipalName
  return c.kind['unassign-user']
}

/**
 * This device's changes not in Intune yet (the outbox), each with its state in words; retry,
 * discard and conflicts are handled on the Changes screen, one press away. Re-read whenever
 * the card is (`revision` changes).
 */
export function PendingChanges({ deviceId, revision }: { deviceId: string; revision: unknown }) {
  const listChanges = useDeviceActionsStore((state) => state.listChanges)
  const retryChange = useDeviceActionsStore((state) => state.retryChange)
  const navigate = useUiStore((state) => state.navigate)
  const [items, setItems] = useState<OutboxItem[]>([])
  const dates = useDateFormatter()
  useEffect(() => {
    let live = true
    void listChanges({ deviceId, includeFinished: false }).then((result) => {
      // The card's pending marks still show the values if this list cannot be read.
      if (live && result.ok) setItems(result.value)
    })
    return () => {
      live = false
    }
  }, [listChanges, deviceId, revision])

  if (items.length === 0) return null
  return (
    <section className="device-card__panel" aria-labelledby="card-pending-heading" data-testid="card-pending">
      <h2 id="card-pending-heading">{s.pending.heading(items.length)}</h2>
      <ul className="device-card__pending">
        {items.map((item) => {
          // The same words as the Changes screen: the sentence, Intune's own answer collapsed under it.
          const error = item.lastError ? presentError(item.lastError) : null
          return (
            <li key={item.id} data-change-state={item.state}>
              <span aria-hidden="true">{icon[item.state]} </span>
              <strong>{c.kind[item.change.kind]}</strong> → {intended(item)} · {changeStateWords(item)}
              {/* As the Changes screen: why the last try failed and when the next one is, or that it runs now. */}
              {error ? <span className="muted"> · {stillOnItsWay(item) ? changeProgressLine(item, error.sentence, dates.time) : error.sentence}</span> : null}
              {waitingToRetry(item) ? (
                <>
                  {' '}
                  <button type="button" className="button" onClick={() => void retryChange({ id: item.id })}>
                    {c.tryNow}
                  </button>
                </>
              ) : null}
              {error?.support ? <SupportDetails details={error.support} /> : null}
            </li>
          )
        })}
      </ul>
      <button type="button" className="button" onClick={() => navigate('changes')}>
        {s.pending.open}
      </button>
    </section>
  )
}
