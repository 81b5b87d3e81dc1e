import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import { followTopics } from './follow-topics'
import type { OutboxSummary } from '@shared/change-schemas'
import type { AppError } from '@shared/result'

export interface ChangeSummaryState {
  /** Counts from `changes:get-summary`: pending (incl. sending/verifying), failed, conflicts. */
  summary: OutboxSummary | null
  error: AppError | null
  refresh(): Promise<void>
  /** Loads the counts and re-reads them whenever the outbox changes. Returns the detach function. */
  attach(): () => void
}

/** Changes not yet in Intune, for the status bar and the Changes badge (always visible). */
export function createChangeSummaryStore(api: Api) {
  let generation = 0
  return createStore<ChangeSummaryState>()((set, get) => ({
    summary: null,
    error: null,

    async refresh() {
      const mine = ++generation
      const result = await api.invoke('changes:get-summary', {})
      if (mine !== generation) return
      if (result.ok) set({ summary: result.value, error: null })
      else set({ error: result.error })
    },

    attach() {
      const unsubscribe = followTopics(api, ['outbox'], () => void get().refresh())
      void get().refresh()
      return () => {
        unsubscribe()
        generation++
      }
    },
  }))
}

export type ChangeSummaryStore = ReturnType<typeof createChangeSummaryStore>

/** Everything that is not in Intune yet: waiting, failed and conflicting changes. */
export const notInIntune = (summary: OutboxSummary | null): number => (summary ? summary.pending + summary.failed + summary.conflicts : 0)
