import { useEffect, useState } from 'react'
import type { SearchUsersResponse } from '@shared/user-schemas'
import type { AppError } from '@shared/result'
import { useDeviceActionsStore } from '../../stores/stores-context'

/** At most this many users are listed: with thousands in the tenant the technician types more instead of scrolling. */
export const userPageSize = 25
const delayMs = 200
/** How long Intune's answer may take before the users seen before are shown meanwhile (a quick answer never flickers through them). */
export const cachedFirstAfterMs = 400

export interface UserSearch {
  searching: boolean
  result: SearchUsersResponse | null
  error: AppError | null
  /** The list is the users this app has seen before, shown while Intune is still asked. */
  asking: boolean
}

interface Answer {
  query: string
  result: SearchUsersResponse | null
  error: AppError | null
}

/**
 * Debounced `users:search-users` (Graph `startswith`; the cache when Intune can't answer). The answer
 * remembers its query: an answer for another query is stale (searching) and never shown. While Intune
 * takes longer than `cachedFirstAfterMs`, the users seen before (`cacheOnly`) are shown meanwhile: a
 * hanging Intune left the first search on "Searching…" for its whole 5 s (a walk, Intune hanging).
 */
export function useUserSearch(query: string): UserSearch {
  const searchUsers = useDeviceActionsStore((state) => state.searchUsers)
  const [answer, setAnswer] = useState<Answer>({ query: '', result: null, error: null })
  const [preview, setPreview] = useState<{ query: string; result: SearchUsersResponse } | null>(null)
  const trimmed = query.trim().slice(0, 100)

  useEffect(() => {
    if (trimmed === '') return
    let live = true
    let answered = false
    let cachedAnswer: SearchUsersResponse | null = null
    let waited = false
    const showCached = () => {
      if (live && !answered && waited && cachedAnswer) setPreview({ query: trimmed, result: cachedAnswer })
    }
    let previewTimer: ReturnType<typeof setTimeout> | null = null
    const timer = setTimeout(() => {
      void searchUsers({ query: trimmed, limit: userPageSize, cacheOnly: true }).then((result) => {
        if (result.ok) cachedAnswer = result.value
        showCached()
      })
      void searchUsers({ query: trimmed, limit: userPageSize }).then((result) => {
        answered = true
        if (live) setAnswer(result.ok ? { query: trimmed, result: result.value, error: null } : { query: trimmed, result: null, error: result.error })
      })
      previewTimer = setTimeout(() => {
        waited = true
        showCached()
      }, cachedFirstAfterMs)
    }, delayMs)
    return () => {
      live = false
      clearTimeout(timer)
      if (previewTimer !== null) clearTimeout(previewTimer)
    }
  }, [searchUsers, trimmed])

  if (trimmed === '') return { searching: false, result: null, error: null, asking: false }
  if (answer.query === trimmed) return { searching: false, result: answer.result, error: answer.error, asking: false }
  if (preview?.query === trimmed) return { searching: false, result: preview.result, error: null, asking: true }
  return { searching: true, result: null, error: null, asking: false }
}
