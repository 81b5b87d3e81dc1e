import { useState } from 'react'
import type { DeviceChange } from '@shared/change-schemas'
import type { DeviceCard } from '@shared/card-schemas'
import type { AppError } from '@shared/result'
import type { UserSummary } from '@shared/user-schemas'
import { deviceCardStrings as s } from '../../strings/device-card'
import { ErrorMessage } from '../error-message'
import { DeviceValue } from '../pending-value'
import { FieldEditor } from './field-editor'
import { UserPicker } from './user-picker'
import { useFeatureAccess } from '../../data/use-feature-access'
import { FeatureOff } from '../feature-off'
import { valueNow } from './value-now'
import { cardFieldIds } from './card-jumps'
import { refocusWhenLost } from '../../hooks/use-focus-after-action'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { presentError } from '@shared/domain/intune-answer'

const u = s.users

/**
 * Assign / unassign the device's user and edit the user friendly name, all queued in the outbox
 * (works offline; the values show as pending until Intune has them). The job manifest's user and
 * friendly name for this serial are one press away.
 */
export function UserAssignment({ card, queue }: { card: DeviceCard; queue(change: DeviceChange): Promise<AppError | null> }) {
  const device = card.device
  // What was queued here: said as waiting while the change is pending, as done once Intune has it (the
  // line said "waiting to send" for good).
  // Done only once the change was seen pending and then no longer: the card reads it back a moment after.
  const [queued, setQueued] = useState<{ upn: string | null; seenPending: boolean } | null>(null)
  const pendingUser = device.pending.find((p) => p.field === 'userPrincipalName')
  const userPending = pendingUser !== undefined
  if (queued && userPending && !queued.seenPending) setQueued({ ...queued, seenPending: true })
  const delivered = queued !== null && queued.seenPending && !userPending
  const dates = useDateFormatter()
  // A try that did not get through (no answer, offline…): one statement of why and when the next is, here,
  // not "last try: …" on the marker beside "waiting to send" below it.
  const retrying = pendingUser?.error && pendingUser.state !== 'failed' && pendingUser.state !== 'conflict' ? pendingUser : null
  const message = retrying
    ? u.waitingAgain(
        retrying.value === '' ? u.unassigning : u.assigning(retrying.value),
        presentError({ code: '', message: retrying.error ?? '' }).sentence,
        retrying.nextAttemptAt ? dates.time(retrying.nextAttemptAt) : null,
      )
    : queued === null
      ? null
      : queued.upn === null
        ? delivered
          ? u.unassignedDone
          : u.unassigned
        : delivered
          ? u.assignedDone(queued.upn)
          : u.assigned(queued.upn)
  const [error, setError] = useState<AppError | null>(null)
  const upn = valueNow(device, 'userPrincipalName')
  const friendly = valueNow(device, 'addressableUserName')
  const manifest = card.manifest
  const write = useFeatureAccess('autopilot-write')

  // Unassign user and the manifest's user button go away once the change is read back, and the keyboard
  // fell to <body>: it goes to the user search, the next thing to do here (assign someone).
  const run = async (change: DeviceChange) => {
    setQueued(null)
    const failure = await queue(change)
    setError(failure)
    if (!failure) setQueued({ upn: change.kind === 'assign-user' ? change.userPrincipalName : null, seenPending: false })
    refocusWhenLost(() => document.getElementById(`${cardFieldIds.user}-input`))
  }
  // The friendly name for a newly picked user: the manifest's for that user, else the user's display
  // name (an app convenience, editable afterwards; the docs leave the value to the admin).
  const assign = (user: Pick<UserSummary, 'userPrincipalName' | 'displayName'>) => {
    const fromManifest = manifest && manifest.userPrincipalName.toLowerCase() === user.userPrincipalName.toLowerCase() ? manifest.addressableUserName : ''
    const addressableUserName = fromManifest || user.displayName
    void run({ kind: 'assign-user', userPrincipalName: user.userPrincipalName, addressableUserName })
  }

  return (
    <section className="device-card__panel" aria-labelledby="card-users-heading" data-testid="card-users">
      <h2 id="card-users-heading" tabIndex={-1}>
        {u.heading}
      </h2>
      <FeatureOff reason={write.reason} />
      <p>
        <span className="device-card__label">{u.current}: </span>
        {upn === '' && !device.pending.some((p) => p.field === 'userPrincipalName') ? (
          <span className="muted">{u.noUser}</span>
        ) : (
          <DeviceValue device={device} field="userPrincipalName" intune={device.userPrincipalName} showReason={retrying === null} />
        )}
      </p>
      <fieldset className="device-card__fieldset" disabled={!write.available}>
        <div className="field-editor__shortcuts">
          {manifest && manifest.userPrincipalName && manifest.userPrincipalName.toLowerCase() !== upn.toLowerCase() ? (
            <button
              type="button"
              className="button"
              onClick={() => assign({ userPrincipalName: manifest.userPrincipalName, displayName: manifest.addressableUserName })}
            >
              {u.manifestUser(manifest.userPrincipalName)}
            </button>
          ) : null}
          {upn !== '' ? (
            <button type="button" className="button" onClick={() => void run({ kind: 'unassign-user' })}>
              {u.unassign}
            </button>
          ) : null}
        </div>
        <UserPicker onPick={assign} idPrefix={cardFieldIds.user} />
        {message ? <p role="status">{message}</p> : null}
        {error ? <ErrorMessage title={s.editors.saveFailed} error={error} /> : null}
        {upn !== '' ? (
          <FieldEditor
            label={u.friendlyLabel}
            hint={u.friendlyLabel}
            what={u.friendlyLabel}
            current={friendly}
            shortcuts={
              manifest?.addressableUserName && manifest.addressableUserName !== friendly
                ? [{ label: s.editors.useManifest(manifest.addressableUserName), value: manifest.addressableUserName }]
                : []
            }
            onSave={(value) => queue({ kind: 'user-friendly-name', addressableUserName: value })}
          />
        ) : null}
      </fieldset>
    </section>
  )
}
