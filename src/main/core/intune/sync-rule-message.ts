import type { AutopilotSyncState } from '@shared/action-schemas'

/** "4 min 30 s" / "45 s": the wait the technician reads. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  const minutes = Math.floor(seconds / 60)
  return minutes > 0 ? `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}` : `${seconds} s`
}

const clock = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')

/**
 * The 10-minute rule in words (docs/reference/autopilot.md §9; docs/reference/graph-api.md B4: Intune answers 429 to
 * a manual Autopilot sync within 10 minutes of the previous one, and 409 while one runs). The
 * countdown is derived from lastManualSyncTriggerDateTime, not from our own clock of the last press.
 */
export function tooSoonMessage(state: AutopilotSyncState, now: number): string {
  const rule = 'Intune allows one Autopilot sync every 10 minutes.'
  if (!state.nextAllowedAt || !state.lastManualSyncTriggerAt) return `${rule} Try again in a few minutes.`
  const left = Date.parse(state.nextAllowedAt) - now
  const last = `The last one was started at ${clock(state.lastManualSyncTriggerAt)}`
  return left > 0
    ? `${rule} ${last}; the next is allowed at ${clock(state.nextAllowedAt)} (in ${formatWait(left)}).`
    : `${rule} ${last}, but Intune still refused this one; try again in a minute.`
}

export const ALREADY_SYNCING =
  'Intune is already syncing Autopilot devices (409: a sync is in progress). Wait for it to finish (a few minutes), then check Windows Autopilot devices for the new registrations; there is no need to start another.'
