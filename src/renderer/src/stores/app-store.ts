import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { AppInfo } from '@shared/app-schemas'
import type { AppError } from '@shared/result'
import { followTopics } from './follow-topics'

export interface AppState {
  info: AppInfo | null
  error: AppError | null
  /** Loads `app:get-info` and again when the active tenant changes; returns the detach function. */
  attach(): () => void
  reload(): Promise<void>
}

/** App-wide facts: tenant, version, transport and the time zone every date is shown in. */
export function createAppStore(api: Api) {
  let generation = 0
  return createStore<AppState>()((set) => {
    const reload = async () => {
      const mine = ++generation
      const result = await api.invoke('app:get-info', {})
      if (mine !== generation) return
      if (result.ok) set({ info: result.value, error: null })
      else set({ error: result.error })
    }
    return {
      info: null,
      error: null,
      reload,
      attach() {
        void reload()
        // A tenant switch changes the tenant (and data folder facts) shown everywhere; a damaged
        // database found after start brings a notice (databaseNotice).
        const off = followTopics(api, ['identity', 'database'], () => void reload())
        return () => {
          generation++
          off()
        }
      },
    }
  })
}

export type AppStore = ReturnType<typeof createAppStore>
