import { useCallback, useEffect, useState } from 'react'
import type { ActionResult, AutopilotSyncState, OnlineAction } from '@shared/action-schemas'
import type { AppError } from '@shared/result'
import { useDeviceActionsStore } from '../../stores/stores-context'

export interface OnlineActionsState {
  /** The tenant's Autopilot sync throttle, from the device actions store. */
  syncState: AutopilotSyncState | null
  running: OnlineAction | null
  last: ActionResult | null
  error: { action: OnlineAction; error: AppError } | null
}

/** The Autopilot sync state (for the 10-minute countdown) and the online-only actions for one device. */
export function useOnlineActions(deviceId: string, afterAction: () => Promise<unknown>) {
  const syncState = useDeviceActionsStore((store) => store.syncState)
  const loadSyncState = useDeviceActionsStore((store) => store.loadSyncState)
  const runOnlineAction = useDeviceActionsStore((store) => store.runOnlineAction)
  const [state, setState] = useState<Omit<OnlineActionsState, 'syncState'>>({ running: null, last: null, error: null })

  // Without the state the countdown is unknown; the sync button still works and Intune answers 429 if too early.
  useEffect(() => void loadSyncState(), [loadSyncState])

  const run = useCallback(
    async (action: OnlineAction) => {
      setState((previous) => ({ ...previous, running: action, last: null, error: null }))
      const result = await runOnlineAction({ action, deviceId: action === 'autopilot-sync' ? null : deviceId })
      if (!result.ok) {
        setState((previous) => ({ ...previous, running: null, error: { action, error: result.error } }))
        return
      }
      setState((previous) => ({ ...previous, running: null, last: result.value }))
      await afterAction()
    },
    [runOnlineAction, deviceId, afterAction],
  )

  return { ...state, syncState, run }
}
