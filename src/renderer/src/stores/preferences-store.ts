import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { PreferenceKey } from '@shared/app-schemas'

export type PreferenceValue = string | number | boolean | null

export interface PreferencesState {
  /** Values read or set so far; a key that is absent has not been read yet. */
  values: Partial<Record<PreferenceKey, PreferenceValue>>
  /** Reads a key once (repeat calls join the first read). Never throws: an unreadable key reads as null. */
  load(key: PreferenceKey): Promise<void>
  /** Shows the value at once and saves it; a failed save is logged, the shown value stays. */
  save(key: PreferenceKey, value: PreferenceValue): void
}

/** Remembered preferences the screens read and write (camera, mirror, sound…), one read per key per window. */
export function createPreferencesStore(api: Api) {
  const reads = new Map<PreferenceKey, Promise<void>>()
  return createStore<PreferencesState>()((set, get) => ({
    values: {},

    load(key) {
      let read = reads.get(key)
      if (!read) {
        read = api.invoke('prefs:get-preference', { key }).then((result) => {
          // A value set while the read was on its way wins.
          if (key in get().values) return
          const saved = result.ok ? result.value.value : null
          const value = typeof saved === 'string' || typeof saved === 'number' || typeof saved === 'boolean' ? saved : null
          set({ values: { ...get().values, [key]: value } })
        })
        reads.set(key, read)
      }
      return read
    },

    save(key, value) {
      set({ values: { ...get().values, [key]: value } })
      void api.invoke('prefs:set-preference', { key, value }).then((result) => {
        if (!result.ok) console.warn(`[prefs] could not save ${key}: ${result.error.code} ${result.error.message}`)
      })
    },
  }))
}

export type PreferencesStore = ReturnType<typeof createPreferencesStore>
