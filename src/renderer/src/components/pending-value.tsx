import type { ChangeField, PendingValue } from '@shared/change-schemas'
import type { DeviceSummary } from '@shared/device-schemas'
import { presentError } from '@shared/domain/intune-answer'
import { strings } from '../strings'

type Tone = 'pending' | 'failed' | 'conflict'

const toneOf = (state: PendingValue['state']): Tone => (state === 'failed' ? 'failed' : state === 'conflict' ? 'conflict' : 'pending')
const shown = (value: string) => (value === '' ? strings.pending.none : value)

/** The marker next to a value Intune does not show yet: a word and a shape, never colour alone. */
export function PendingMarker({ state, tooltip, reason: given }: { state: PendingValue['state']; tooltip: string; reason?: string | undefined }) {
  const tone = toneOf(state)
  // Intune's answer as the Changes screen says it (an error stored with its raw text is split there); the raw text is on Changes.
  const reason = given ? presentError({ code: '', message: given }).sentence : undefined
  return (
    <span className={`pending-marker pending-marker--${tone}`} title={reason ? `${tooltip} ${reason}` : tooltip} data-pending-state={state}>
      <span className="pending-marker__icon" aria-hidden="true" />
      <span className="pending-marker__word">{strings.pending[tone]}</span>
      {/* A send that failed says why, in view: "Pending" alone hides that Intune refused or could not be reached. */}
      {reason ? <span className="pending-marker__reason"> — {strings.pending.lastTry(reason)}</span> : null}
      {/* Read out after the reason, which may end its own sentence ("…within 15 s." then ". Intune shows" read ". ."). */}
      <span className="visually-hidden">
        {reason && /[.!?]$/.test(reason.trim()) ? ' ' : '. '}
        {tooltip}
      </span>
    </span>
  )
}

/**
 * A device value as the list shows it: Intune's, or — when a change made here is not in Intune yet —
 * the new value with a marker whose tooltip says what Intune still shows.
 */
export function DeviceValue({
  device,
  field,
  intune,
  showReason = true,
}: {
  device: DeviceSummary
  field: ChangeField
  intune: string
  /** False where a line beside the value already says why the last try failed and when the next is. */
  showReason?: boolean
}) {
  const pending = device.pending.find((p) => p.field === field)
  if (!pending) {
    return intune === '' ? (
      <span className="muted">{strings.devices.empty}</span>
    ) : (
      <span className="cell-text" title={intune}>
        {intune}
      </span>
    )
  }
  const tone = toneOf(pending.state)
  const hint = tone === 'failed' ? strings.pending.failedHint : tone === 'conflict' ? strings.pending.conflictHint : ''
  const tooltip = [strings.pending.intuneShows(shown(intune)), hint].filter(Boolean).join(' ')
  return (
    <span className="pending-value" data-pending-field={field}>
      {pending.value === '' ? (
        <span className="muted">{strings.devices.empty}</span>
      ) : (
        <span className="cell-text" title={pending.value}>
          {pending.value}
        </span>
      )}
      <PendingMarker state={pending.state} tooltip={tooltip} reason={showReason ? pending.error : undefined} />
    </span>
  )
}

/**
 * A pending user friendly name has no column of its own: it rides along in the Assigned user cell
 * (unless an assign/unassign already marks that cell).
 */
export function FriendlyNamePending({ device }: { device: DeviceSummary }) {
  const friendly = device.pending.find((p) => p.field === 'addressableUserName')
  if (!friendly || device.pending.some((p) => p.field === 'userPrincipalName')) return null
  return <PendingMarker state={friendly.state} tooltip={strings.pending.friendlyName(shown(friendly.value))} />
}
