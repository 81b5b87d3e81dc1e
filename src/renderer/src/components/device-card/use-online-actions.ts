import { useCallback, useEffect, useState } from 'react'
import type { ActionResult, AutopilotSyncState, OnlineAction } from '@shared/action-schemas'
import type { AppError } from '@shared/result'
import { useApi } from '../../api/api-context'

export interface OnlineActionsState {
  syncState: AutopilotSyncState | null
  running: OnlineAction | null
  last: ActionResult | null
  error: { action: OnlineAction; error: AppError } | null
}

/** The Autopilot sync state (for the 10-minute countdown) and the online-only actions for one device. */
export function useOnlineActions(deviceId: string, afterAction: () => Promise<unknown>) {
  const api = useApi()
  const [state, setState] = useState<OnlineActionsState>({ syncState: null, running: null, last: null, error: null })

  useEffect(() => {
    let live = true
    void api.invoke('autopilot:get-sync-state', {}).then((result) => {
      // Without the state the countdown is unknown; the sync button still works and Intune answers 429 if too early.
      if (live && result.ok) setState((previous) => ({ ...previous, syncState: result.value }))
    })
    return () => {
      live = false
    }
  }, [api])

  const run = useCallback(
    async (action: OnlineAction) => {
      setState((previous) => ({ ...previous, running: action, last: null, error: null }))
      const result = await api.invoke('devices:run-online-action', { action, deviceId: action === 'autopilot-sync' ? null : deviceId })
      if (!result.ok) {
        setState((previous) => ({ ...previous, running: null, error: { action, error: result.error } }))
        return
      }
      setState((previous) => ({ ...previous, running: null, last: result.value, syncState: result.value.autopilotSync ?? previous.syncState }))
      await afterAction()
    },
    [api, deviceId, afterAction],
  )

  return { ...state, run }
}
