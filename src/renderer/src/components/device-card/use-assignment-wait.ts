import { useEffect, useState } from 'react'
import type { DeviceCard } from '@shared/card-schemas'
import type { ProfileStatus } from '@shared/device-schemas'
import { useDeviceActionsStore, useSyncStore } from '../../stores/stores-context'
import { deviceCardStrings } from '../../strings/device-card'
import { bringsNoProfile, tagOutcome } from './tag-outcome'

export const waitPollMs = 5_000
export const waitMaxMs = 15 * 60_000

export interface AssignmentWait {
  /** no-profile: the tag brings no profile and Intune shows Not assigned: nothing more to wait for. */
  phase: 'idle' | 'waiting' | 'assigned' | 'no-profile' | 'gave-up'
  checking: boolean
  status: ProfileStatus | null
  assignedAt: string | null
  /** Changes still in the outbox: until Intune has them, an "Assigned" is the old assignment. */
  pending: number
  lastCheckedAt: string | null
  /** Why the last check could not ask Intune (offline…): the status shown is the cached one. */
  notice: string | null
}

/**
 * Done when Intune shows every change made here and the profile is Assigned with a date — or, when the
 * group tag brings no profile (no group with a profile matches it and there is no All Devices profile),
 * once Intune shows Not assigned: no assignment is coming, and waiting for one ran its full 15 minutes.
 * The docs give no timing for profile assignment after a group tag change (the dynamic group
 * re-evaluates first), so the app simply asks again every few seconds, for at most 15 minutes.
 */
export function settledAs(card: DeviceCard): 'assigned' | 'no-profile' | null {
  if (card.device.pending.length > 0) return null
  if (card.device.profileStatus === 'assigned' && card.device.profileAssignedAt !== null) return 'assigned'
  if (card.device.profileStatus === 'notAssigned' && bringsNoProfile(tagOutcome(card))) return 'no-profile'
  return null
}

/**
 * "Waiting for profile assignment": from `since` (a change was queued), refresh the device from
 * Intune (devices:refresh-device) and re-read the card, every `pollMs`, until settled, until
 * `maxMs`, or until the screen is left (unmount) or `stop()` is called.
 */
export function useAssignmentWait(
  deviceId: string,
  since: number | null,
  reload: () => Promise<DeviceCard | null>,
  { pollMs = waitPollMs, maxMs = waitMaxMs }: { pollMs?: number; maxMs?: number } = {},
) {
  const refreshDevice = useDeviceActionsStore((state) => state.refreshDevice)
  // Known offline (the status bar's Offline), a check does not ask Intune: each ask waited out its
  // timeout and retry, and the reminder read "Checking Intune…" most of the time. Back online, the
  // effect runs again and checks at once.
  const offline = useSyncStore((state) => state.status?.online === false)
  const [state, setState] = useState<AssignmentWait>({
    phase: 'idle',
    checking: false,
    status: null,
    assignedAt: null,
    pending: 0,
    lastCheckedAt: null,
    notice: null,
  })
  const [stopped, setStopped] = useState<number | null>(null)

  useEffect(() => {
    if (since === null || stopped === since) return
    let live = true
    let timer: ReturnType<typeof setTimeout> | null = null
    const check = async () => {
      if (!live) return
      if (Date.now() - since > maxMs) {
        setState((previous) => ({ ...previous, phase: 'gave-up', checking: false }))
        return
      }
      setState((previous) => ({ ...previous, phase: 'waiting', checking: !offline }))
      // Offline or failed refreshes are fine: the card re-read still shows the cached status.
      let notice: string | null = deviceCardStrings.reminder.offline
      if (!offline) {
        const refreshed = await refreshDevice({ id: deviceId })
        notice = !refreshed.ok ? refreshed.error.message : refreshed.value.source === 'cache' ? (refreshed.value.notice?.message ?? '') : null
      }
      const card = live ? await reload() : null
      if (!live) return
      const settled = card !== null ? settledAs(card) : null
      setState({
        phase: settled ?? 'waiting',
        checking: false,
        status: card?.device.profileStatus ?? null,
        assignedAt: card?.device.profileAssignedAt ?? null,
        pending: card?.device.pending.length ?? 0,
        lastCheckedAt: new Date().toISOString(),
        notice,
      })
      if (!settled) timer = setTimeout(() => void check(), pollMs)
    }
    void check()
    return () => {
      live = false
      if (timer) clearTimeout(timer)
    }
  }, [refreshDevice, deviceId, since, stopped, pollMs, maxMs, reload, offline])

  const stop = () => {
    setStopped(since)
    setState((previous) => ({ ...previous, phase: 'idle', checking: false }))
  }
  return { ...state, stop }
}
