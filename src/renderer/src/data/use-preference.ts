import { useCallback, useEffect } from 'react'
import type { PreferenceKey } from '@shared/app-schemas'
import { usePreferencesStore } from '../stores/stores-context'
import type { PreferenceValue } from '../stores/preferences-store'

/**
 * One remembered preference: the fallback until the saved value arrives (`loaded` tells which),
 * saved on every change. A value of another type than the fallback's is ignored.
 */
export function usePreference<T extends PreferenceValue>(key: PreferenceKey, fallback: T): [T, (value: T) => void, boolean] {
  const load = usePreferencesStore((state) => state.load)
  const saveValue = usePreferencesStore((state) => state.save)
  const loaded = usePreferencesStore((state) => key in state.values)
  const saved = usePreferencesStore((state) => state.values[key] ?? null)
  useEffect(() => void load(key), [load, key])
  const save = useCallback((next: T) => saveValue(key, next), [saveValue, key])
  const value = saved !== null && (fallback === null || typeof saved === typeof fallback) ? (saved as T) : fallback
  return [value, save, loaded]
}
