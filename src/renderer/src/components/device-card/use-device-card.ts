import { useCallback, useEffect, useRef, useState } from 'react'
import type { DeviceCard } from '@shared/card-schemas'
import type { AppError } from '@shared/result'
import { useApi } from '../../api/api-context'

export interface DeviceCardState {
  /** loading: first read of this device; loaded: `card` is the answer (null = not in the cache). */
  status: 'loading' | 'loaded' | 'error'
  card: DeviceCard | null
  error: AppError | null
}

/** Tables whose change can alter what the card shows (cache, outbox, jobs and their manifests, users, profiles). */
const reloadDelayMs = 250

const cardTables = ['devices', 'outbox', 'bench_jobs', 'bench_devices', 'job_manifest', 'users', 'profiles', 'profile_assignments', 'device_groups']

/**
 * The device card of one device, read from the cache through `devices:get-device-card` and re-read
 * whenever a table it depends on changes (a queued change, a sync, a refresh). Answers that arrive
 * after a newer request (or another device) are dropped.
 */
export function useDeviceCard(deviceId: string | null, jobId: string | null = null): DeviceCardState & { reload(): Promise<DeviceCard | null> } {
  const api = useApi()
  const [state, setState] = useState<DeviceCardState>({ status: 'loading', card: null, error: null })
  const generation = useRef(0)

  const reload = useCallback(async (): Promise<DeviceCard | null> => {
    if (!deviceId) return null
    const mine = ++generation.current
    const result = await api.invoke('devices:get-device-card', { id: deviceId, jobId })
    if (mine !== generation.current) return result.ok ? result.value : null
    if (result.ok) setState({ status: 'loaded', card: result.value, error: null })
    // A failed re-read keeps the card on screen; only a first read without a card becomes an error state.
    else setState((previous) => (previous.card ? { ...previous, error: result.error } : { status: 'error', card: null, error: result.error }))
    return result.ok ? result.value : null
  }, [api, deviceId, jobId])

  useEffect(() => {
    const generations = generation
    // The screen mounts one view per device (key), so the initial 'loading' state needs no reset here.
    // First read a microtask later: its answer lands in a callback, not during the effect itself.
    void Promise.resolve().then(reload)
    // Coalesced: a sync changes the devices table many times a second, and each read may ask Intune
    // for what the cache can't know (the core skips that while fresh).
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = api.on('db:changed', (payload) => {
      if (timer || !payload.tables.some((table) => cardTables.includes(table))) return
      timer = setTimeout(() => {
        timer = null
        void reload()
      }, reloadDelayMs)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
      generations.current++
    }
  }, [api, reload])

  return { ...state, reload }
}
