import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { DeviceCard } from '@shared/card-schemas'
import type { DataTopic } from '@shared/data-topics'
import type { AppError } from '@shared/result'
import { followTopics } from './follow-topics'

export interface DeviceCardState {
  /** loading: first read of this device; loaded: `card` is the answer (null = not in the cache). */
  status: 'loading' | 'loaded' | 'error'
  card: DeviceCard | null
  /**
   * The device this card showed until it left the cache while open (Intune no longer lists it: deleted
   * there, by another admin or a re-registration): named by what the card last showed, not its id.
   */
  gone: { serialNumber: string; manufacturer: string; model: string } | null
  error: AppError | null
  /** The job the card is checked against (manifest, expected profile, group tag); null for none. */
  jobId: string | null
  /** Checks the card against another job: re-reads at once (the shown card stays until the answer). */
  setJob(jobId: string | null): void
  /** Re-reads the card; resolves with this read's card even when a newer read overtook it (then nothing is shown). */
  reload(): Promise<DeviceCard | null>
  /** First read a microtask later, then re-reads on the card's topics (coalesced). Returns the detach function. */
  attach(): () => void
}

/** Topics whose change can alter what the card shows: cache, outbox, jobs and their manifests, the bench, users, profiles. */
export const cardTopics: readonly DataTopic[] = ['devices', 'outbox', 'jobs', 'manifest', 'bench', 'users', 'profiles']

/** A sync changes devices many times a second, and each read may ask Intune for what the cache can't know. */
export const cardReloadDelayMs = 250

/**
 * The device card of one device (and the job it is checked against), read from the cache through
 * `devices:get-device-card`. One store per shown card (the screen mounts one view per device).
 * Answers that arrive after a newer request, or after detach, are dropped.
 */
export function createDeviceCardStore(api: Api, deviceId: string, initialJobId: string | null = null) {
  let generation = 0
  return createStore<DeviceCardState>()((set, get) => ({
    status: 'loading',
    card: null,
    gone: null,
    error: null,
    jobId: initialJobId,

    setJob(jobId) {
      if (jobId === get().jobId) return
      set({ jobId })
      void get().reload()
    },

    async reload() {
      const mine = ++generation
      const result = await api.invoke('devices:get-device-card', { id: deviceId, jobId: get().jobId })
      if (mine !== generation) return result.ok ? result.value : null
      if (result.ok) {
        const shown = get().card?.device ?? null
        const gone = result.value ? null : shown ? { serialNumber: shown.serialNumber, manufacturer: shown.manufacturer, model: shown.model } : get().gone
        set({ status: 'loaded', card: result.value, gone, error: null })
      }
      // A failed re-read keeps the card on screen; only a first read without a card becomes an error state.
      else set(get().card ? { error: result.error } : { status: 'error', card: null, error: result.error })
      return result.ok ? result.value : null
    },

    attach() {
      let live = true
      // First read a microtask later: its answer lands in a callback, not during React's effect.
      void Promise.resolve().then(() => (live ? get().reload() : null))
      let timer: ReturnType<typeof setTimeout> | null = null
      const off = followTopics(api, cardTopics, () => {
        if (timer) return
        timer = setTimeout(() => {
          timer = null
          void get().reload()
        }, cardReloadDelayMs)
      })
      return () => {
        live = false
        off()
        if (timer) clearTimeout(timer)
        generation++
      }
    },
  }))
}

export type DeviceCardStore = ReturnType<typeof createDeviceCardStore>
