import { useEffect, useState } from 'react'
import type { SearchUsersResponse } from '@shared/user-schemas'
import type { AppError } from '@shared/result'
import { useDeviceActionsStore } from '../../stores/stores-context'

/** At most this many users are listed: with thousands in the tenant the technician types more instead of scrolling. */
export const userPageSize = 25
const delayMs = 200

export interface UserSearch {
  searching: boolean
  result: SearchUsersResponse | null
  error: AppError | null
}

interface Answer {
  query: string
  result: SearchUsersResponse | null
  error: AppError | null
}

/**
 * Debounced `users:search-users` (the core answers from the cache first, then Graph `startswith`).
 * The answer remembers its query: an answer for another query is stale (searching) and never shown.
 */
export function useUserSearch(query: string): UserSearch {
  const searchUsers = useDeviceActionsStore((state) => state.searchUsers)
  const [answer, setAnswer] = useState<Answer>({ query: '', result: null, error: null })
  const trimmed = query.trim().slice(0, 100)

  useEffect(() => {
    if (trimmed === '') return
    let live = true
    const timer = setTimeout(() => {
      void searchUsers({ query: trimmed, limit: userPageSize }).then((result) => {
        if (live) setAnswer(result.ok ? { query: trimmed, result: result.value, error: null } : { query: trimmed, result: null, error: result.error })
      })
    }, delayMs)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [searchUsers, trimmed])

  if (trimmed === '') return { searching: false, result: null, error: null }
  if (answer.query !== trimmed) return { searching: true, result: null, error: null }
  return { searching: false, result: answer.result, error: answer.error }
}
