import { useCallback, useEffect, useState } from 'react'
import type { PreferenceKey } from '@shared/app-schemas'
import { useApi } from '../api/api-context'

type Value = string | number | boolean | null

/**
 * One remembered preference: the fallback until the saved value arrives (`loaded` tells which),
 * saved on every change. A value of another type than the fallback's is ignored.
 */
export function usePreference<T extends Value>(key: PreferenceKey, fallback: T): [T, (value: T) => void, boolean] {
  const api = useApi()
  const [value, setValue] = useState<T>(fallback)
  const [loaded, setLoaded] = useState(false)
  useEffect(() => {
    let live = true
    void api.invoke('prefs:get-preference', { key }).then((result) => {
      if (!live) return
      const saved = result.ok ? result.value.value : null
      if (saved !== null && (fallback === null || typeof saved === typeof fallback)) setValue(saved as T)
      setLoaded(true)
    })
    return () => {
      live = false
    }
    // The fallback is a default, not an input: reloading on its identity would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key])
  const save = useCallback(
    (next: T) => {
      setValue(next)
      void api.invoke('prefs:set-preference', { key, value: next }).then((result) => {
        if (!result.ok) console.warn(`[prefs] could not save ${key}: ${result.error.code} ${result.error.message}`)
      })
    },
    [api, key],
  )
  return [value, save, loaded]
}
