import { settingsStrings } from '../strings/settings'

/** Why a control is off for this tenant (missing permission or Intune role), next to the control. */
export function FeatureOff({ reason, id }: { reason: string | null; id?: string }) {
  if (!reason) return null
  return (
    <p className="feature-off" role="note" id={id} data-testid="feature-off">
      <span aria-hidden="true">⚠ </span>
      {settingsStrings.disabled.prefix} {reason}
    </p>
  )
}
