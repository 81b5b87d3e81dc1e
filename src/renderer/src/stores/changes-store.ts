import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import { followTopics } from './follow-topics'
import type { OutboxItem } from '@shared/change-schemas'
import type { AppError, Result } from '@shared/result'

export type ChangeAction = 'retry' | 'discard' | 'keep-mine' | 'take-intune'

export interface ChangesState {
  /** Outbox items, newest first (as `changes:list-changes` answers). */
  items: OutboxItem[]
  /** Show delivered (and discarded) changes too. */
  includeFinished: boolean
  loading: boolean
  loaded: boolean
  error: AppError | null
  /** Items with an action on its way (their buttons are disabled). */
  busy: Record<number, true>
  /** The last failed action per item, shown next to it until the next action on it. */
  actionErrors: Record<number, AppError>

  setIncludeFinished(includeFinished: boolean): void
  reload(): Promise<void>
  act(id: number, action: ChangeAction): Promise<boolean>
  /** Loads the list and re-reads it whenever the outbox changes. Returns the detach function. */
  attach(): () => void
}

export interface ChangesStoreOptions {
  /** `data:changed` bursts (delivery moves an item through several states) are coalesced this long. */
  reloadDelayMs?: number
}

/** The Changes screen: the outbox, and the technician's decisions on it (retry, discard, conflicts). */
export function createChangesStore(api: Api, options: ChangesStoreOptions = {}) {
  const reloadDelayMs = options.reloadDelayMs ?? 50
  let generation = 0
  let reloadTimer: ReturnType<typeof setTimeout> | null = null

  return createStore<ChangesState>()((set, get) => {
    const send = (id: number, action: ChangeAction): Promise<Result<{ item: OutboxItem | null }>> => {
      switch (action) {
        case 'retry':
          return api.invoke('changes:retry-change', { id })
        case 'discard':
          return api.invoke('changes:discard-change', { id })
        case 'keep-mine':
        case 'take-intune':
          return api.invoke('changes:resolve-conflict', { id, choice: action })
      }
    }

    const without = <T>(record: Record<number, T>, id: number): Record<number, T> => {
      const copy = { ...record }
      delete copy[id]
      return copy
    }

    return {
      items: [],
      includeFinished: false,
      loading: false,
      loaded: false,
      error: null,
      busy: {},
      actionErrors: {},

      setIncludeFinished(includeFinished) {
        if (includeFinished === get().includeFinished) return
        set({ includeFinished })
        void get().reload()
      },

      async reload() {
        if (reloadTimer) clearTimeout(reloadTimer)
        reloadTimer = null
        const mine = ++generation
        set({ loading: true })
        const result = await api.invoke('changes:list-changes', { deviceId: null, includeFinished: get().includeFinished })
        if (mine !== generation) return
        if (result.ok) set({ items: result.value, loading: false, loaded: true, error: null })
        else set({ loading: false, error: result.error })
      },

      async act(id, action) {
        if (get().busy[id]) return false
        set((state) => ({ busy: { ...state.busy, [id]: true }, actionErrors: without(state.actionErrors, id) }))
        const result = await send(id, action)
        set((state) => ({
          busy: without(state.busy, id),
          actionErrors: result.ok ? state.actionErrors : { ...state.actionErrors, [id]: result.error },
        }))
        // Either way the item may have moved on: show where it stands now.
        await get().reload()
        return result.ok
      },

      attach() {
        const unsubscribe = followTopics(api, ['outbox'], () => {
          if (reloadTimer) return
          reloadTimer = setTimeout(() => {
            reloadTimer = null
            void get().reload()
          }, reloadDelayMs)
        })
        void get().reload()
        return () => {
          unsubscribe()
          if (reloadTimer) clearTimeout(reloadTimer)
          reloadTimer = null
          generation++
          set({ loading: false })
        }
      },
    }
  })
}

export type ChangesStore = ReturnType<typeof createChangesStore>
