import { useRef, useState } from 'react'
import type { OnlineAction } from '@shared/action-schemas'
import type { DeviceDetails } from '@shared/card-schemas'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { useSyncStore } from '../../stores/stores-context'
import { deviceCardStrings as s, formatCountdown } from '../../strings/device-card'
import { ErrorMessage } from '../error-message'
import { useNow } from '../../hooks/use-now'
import { useOnlineActions } from './use-online-actions'
import { useFeatureAccess } from '../../data/use-feature-access'
import { FeatureOff } from '../feature-off'
import { unblockNeed } from '@shared/domain/unblock-need'
import { refocusWhenLost } from '../../hooks/use-focus-after-action'

const a = s.actions

/**
 * Autopilot sync (one per 10 minutes, counted down from Intune's last manual sync), Unblock device and
 * Delete Intune device record. They need Intune now: never queued, disabled with the reason when offline.
 */
export function OnlineActions({ device, afterAction }: { device: DeviceDetails; afterAction(): Promise<unknown> }) {
  const offline = useSyncStore((state) => state.status?.online === false)
  const actions = useOnlineActions(device.id, afterAction)
  const dates = useDateFormatter()
  const next = actions.syncState?.nextAllowedAt ? Date.parse(actions.syncState.nextAllowedAt) : Number.NaN
  const now = useNow(Number.isFinite(next))
  const waitMs = Number.isFinite(next) ? next - now : 0
  const [confirming, setConfirming] = useState(false)
  const deleteRef = useRef<HTMLButtonElement>(null)
  const busy = actions.running !== null
  const noRecord = device.managedDeviceId === ''
  // A button is disabled while its action runs (and Autopilot sync for its 10 minutes after), and the
  // browser drops focus to <body>; the confirmation's Cancel ran before Delete was enabled again. So the
  // keyboard is put back once the page has caught up: on the outcome after an action, on Delete after Cancel.
  const headingRef = useRef<HTMLHeadingElement>(null)
  const outcomeRef = useRef<HTMLDivElement>(null)
  const refocus = (target: () => HTMLElement | null) => refocusWhenLost(target)
  const run = (action: OnlineAction) => {
    void actions.run(action).finally(() => refocus(() => (outcomeRef.current?.childElementCount ? outcomeRef.current : headingRef.current)))
  }
  // Unblock is not for Fix pending (docs/reference/autopilot.md §3.1): disabled with the reason. Nor for a
  // device Intune does not report blocked and nothing would block (it was offered for every device, and
  // "Unblocked" came back for one that never was): unblock-need.ts.
  const fixPending = device.profileStatus === 'fixPending'
  const need = unblockNeed(device)
  const nothingToUnblock = need.kind === 'nothing-to-unblock'
  // The tenant's permissions and the user's Intune role (docs/reference/identity.md §permissions, §roles).
  const write = useFeatureAccess('autopilot-write')
  const unblock = useFeatureAccess('unblock-device')
  const remove = useFeatureAccess('managed-devices-delete')
  const reasons = [...new Set([write.reason, unblock.reason, remove.reason].filter((reason): reason is string => reason !== null))]

  return (
    <section className="device-card__panel" aria-labelledby="card-actions-heading" data-testid="card-actions">
      <h2 id="card-actions-heading" tabIndex={-1} ref={headingRef}>
        {a.heading}
      </h2>
      {offline ? (
        <p className="device-card__offline" role="note" id="card-actions-offline">
          <span aria-hidden="true">⚠ </span>
          {a.offline}
        </p>
      ) : null}
      {reasons.map((reason) => (
        <FeatureOff key={reason} reason={reason} />
      ))}
      <div className="device-card__actions">
        <button
          type="button"
          className="button"
          disabled={offline || busy || waitMs > 0 || !write.available}
          aria-describedby="card-sync-state card-actions-offline"
          onClick={() => run('autopilot-sync')}
        >
          {actions.running === 'autopilot-sync' ? a.running : a.run['autopilot-sync']}
        </button>
        <button
          type="button"
          className="button"
          disabled={offline || busy || fixPending || nothingToUnblock || !unblock.available}
          aria-describedby="card-actions-offline card-unblock-note"
          onClick={() => run('unblock-device')}
        >
          {actions.running === 'unblock-device' ? a.running : a.run['unblock-device']}
        </button>
        <button
          ref={deleteRef}
          type="button"
          className="button"
          disabled={offline || busy || noRecord || confirming || !remove.available}
          aria-describedby="card-actions-offline"
          onClick={() => setConfirming(true)}
        >
          {actions.running === 'delete-intune-record' ? a.running : a.run['delete-intune-record']}
        </button>
      </div>
      <p id="card-sync-state" className="muted" data-testid="card-sync-state">
        {waitMs > 0 ? a.syncWait(formatCountdown(waitMs)) : a.syncReady}
        {actions.syncState?.lastManualSyncTriggerAt ? ` ${a.lastSync(dates.dateTime(actions.syncState.lastManualSyncTriggerAt))}` : null}
      </p>
      {noRecord ? <p className="muted">{a.noIntuneRecord}</p> : null}
      <p className="muted" id="card-unblock-note" data-testid="card-unblock-note" data-need={need.kind}>
        {fixPending ? a.unblockFixPending : need.reason}
      </p>
      {confirming ? (
        <ConfirmDelete
          onCancel={() => {
            setConfirming(false)
            refocus(() => deleteRef.current)
          }}
          onConfirm={() => {
            setConfirming(false)
            run('delete-intune-record')
          }}
        />
      ) : null}
      <div ref={outcomeRef} tabIndex={-1} className="device-card__outcome">
        {actions.last ? (
          <p role="status" data-testid="card-action-result" data-done={actions.last.done}>
            <span aria-hidden="true">{actions.last.done ? '✓ ' : '! '}</span>
            {actions.last.message}
          </p>
        ) : null}
        {actions.error ? <ErrorMessage title={a.failed(a.run[actions.error.action])} error={actions.error.error} /> : null}
      </div>
    </section>
  )
}

function ConfirmDelete({ onCancel, onConfirm }: { onCancel(): void; onConfirm(): void }) {
  return (
    <div
      role="alertdialog"
      aria-labelledby="card-confirm-delete-text"
      className="device-card__confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          onCancel()
        }
      }}
    >
      <p id="card-confirm-delete-text">{a.confirmDelete}</p>
      {/* Cancel takes focus: Enter right after opening must not delete. */}
      <button type="button" className="button" autoFocus onClick={onCancel}>
        {a.cancel}
      </button>{' '}
      <button type="button" className="button button--danger" onClick={onConfirm}>
        {a.confirm}
      </button>
    </div>
  )
}
