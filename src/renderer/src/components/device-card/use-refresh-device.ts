import { useCallback, useState } from 'react'
import type { RefreshDeviceResponse } from '@shared/device-schemas'
import type { AppError } from '@shared/result'
import { useDeviceActionsStore } from '../../stores/stores-context'

export interface RefreshState {
  refreshing: boolean
  /** Where the last refresh's values came from, and why not online when they are cached. */
  last: Pick<RefreshDeviceResponse, 'source' | 'notice'> | null
  error: AppError | null
}

/** "Refresh from Intune": reads this one device online (the core falls back to the cache with a notice). */
export function useRefreshDevice(deviceId: string | null, afterRefresh: () => Promise<unknown>) {
  const refreshDevice = useDeviceActionsStore((state) => state.refreshDevice)
  const [state, setState] = useState<RefreshState>({ refreshing: false, last: null, error: null })

  const refresh = useCallback(async (): Promise<RefreshDeviceResponse | null> => {
    if (!deviceId) return null
    setState((previous) => ({ ...previous, refreshing: true, error: null }))
    const result = await refreshDevice({ id: deviceId })
    if (!result.ok) {
      setState({ refreshing: false, last: null, error: result.error })
      return null
    }
    await afterRefresh()
    setState({ refreshing: false, last: { source: result.value.source, notice: result.value.notice }, error: null })
    return result.value
  }, [refreshDevice, deviceId, afterRefresh])

  return { ...state, refresh }
}
