import { useState } from 'react'
import type { LinkedObject } from '@shared/card-schemas'
import { hasManagedDevice } from '@shared/domain/readiness-reuse'
import { deviceCardStrings as s } from '../../strings/device-card'
import { refusalSentence } from '@shared/domain/lookup-refusal'

const l = s.details.linked

/**
 * The Intune device or Microsoft Entra device the Autopilot record links to, by name, as the admin center's
 * Autopilot device properties show it. A bare GUID was the main text before; now the id is on hover (title)
 * and one press away (Copy ID), and where the name is not known the field says why: no object linked (the
 * all-zero GUID), not found there (deleted), offline, or not read yet.
 */
export function LinkedObjectValue({ kind, id, lookup, offline }: { kind: 'intune' | 'entra'; id: string; lookup: LinkedObject | null; offline: boolean }) {
  const words = l[kind]
  const [copied, setCopied] = useState<string | null>(null)
  if (!hasManagedDevice(id)) return <span className="muted">{words.none}</span>
  const shown =
    lookup === null ? (
      <span className="muted">{offline ? l.offline : l.notRead}</span>
    ) : lookup.refused ? (
      // Graph refused the look-up (403): "Refresh from Intune" never helps; the missing permission or role does.
      <span className="linked-object__refused" data-testid={`linked-${kind}-refused`}>
        {l.refused(refusalSentence(kind === 'intune' ? 'intune-device' : 'entra-device', lookup.refused))}
      </span>
    ) : !lookup.found ? (
      words.notFound
    ) : lookup.name ? (
      lookup.name
    ) : (
      <span className="muted">{l.unnamed}</span>
    )
  const copy = () =>
    void navigator.clipboard?.writeText(id).then(
      () => setCopied(id),
      () => setCopied(null),
    )
  return (
    <span className="linked-object">
      <span className="linked-object__name" title={words.idTitle(id)} data-object-id={id}>
        {shown}
      </span>
      <button type="button" className="button linked-object__copy" aria-label={`${l.copy}: ${words.idTitle(id)}`} title={words.idTitle(id)} onClick={copy}>
        {l.copy}
      </button>
      <span role="status" className="linked-object__copied muted">
        {copied === id ? l.copied : ''}
      </span>
    </span>
  )
}
