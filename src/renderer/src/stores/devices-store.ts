import { createStore } from 'zustand/vanilla'
import type { Api } from '../../../shared/api'
import type { DeviceCursor, DeviceSummary } from '../../../shared/device-schemas'
import type { AppError } from '../../../shared/result'

export interface DevicesState {
  /** What the search box shows (updated on every keystroke). */
  search: string
  /** The search the current `items` answer (lags `search` by the debounce). */
  query: string
  items: DeviceSummary[]
  total: number
  next: DeviceCursor | null
  /** True while the first page for `query` is loading. */
  loading: boolean
  loadingMore: boolean
  /** At least one page has been answered (distinguishes "empty" from "not loaded yet"). */
  loaded: boolean
  error: AppError | null

  setSearch(search: string): void
  loadMore(): Promise<void>
  /** Re-queries the rows on screen (same search, as many rows as are loaded). */
  refresh(): Promise<void>
  /** Restores the saved search, loads, follows `db:changed`. Returns the detach function. */
  attach(): () => void
}

export interface DevicesStoreOptions {
  debounceMs?: number
  pageSize?: number
}

const searchPreference = 'devices.search'
/** The contract's maximum page size (devices-schemas: limit ≤ 500). */
const maxLimit = 500

/**
 * The device list: search-as-you-type over the local cache, keyset paging with `next`, refresh when
 * the devices table changes. Every query carries a generation number so a slow answer for an old
 * search can never overwrite the answer for the current one.
 */
export function createDevicesStore(api: Api, options: DevicesStoreOptions = {}) {
  const debounceMs = options.debounceMs ?? 150
  const pageSize = Math.min(maxLimit, options.pageSize ?? 100)
  let generation = 0
  let debounceTimer: ReturnType<typeof setTimeout> | null = null
  let typedSinceAttach = false

  return createStore<DevicesState>()((set, get) => {
    const query = async (search: string, limit: number, mode: 'replace' | 'refresh') => {
      const mine = ++generation
      set(mode === 'replace' ? { loading: true, loadingMore: false, error: null } : { loadingMore: false })
      const result = await api.invoke('devices:list-devices', { search, limit, after: null })
      if (mine !== generation) return
      if (result.ok) {
        set({ query: search, items: result.value.items, total: result.value.total, next: result.value.next, loading: false, loaded: true, error: null })
      } else {
        set({ query: search, loading: false, error: result.error })
      }
    }

    const persist = (search: string) => {
      void api.invoke('prefs:set-preference', { key: searchPreference, value: search }).then((result) => {
        if (!result.ok) console.warn(`[devices] could not save the search: ${result.error.code} ${result.error.message}`)
      })
    }

    const clearTimer = () => {
      if (debounceTimer) clearTimeout(debounceTimer)
      debounceTimer = null
    }

    return {
      search: '',
      query: '',
      items: [],
      total: 0,
      next: null,
      loading: false,
      loadingMore: false,
      loaded: false,
      error: null,

      setSearch(search) {
        typedSinceAttach = true
        set({ search })
        clearTimer()
        debounceTimer = setTimeout(() => {
          debounceTimer = null
          void query(search, pageSize, 'replace')
          persist(search)
        }, debounceMs)
      },

      async loadMore() {
        const { next, loadingMore, loading, query: current, items } = get()
        if (!next || loadingMore || loading) return
        const mine = generation
        set({ loadingMore: true })
        const result = await api.invoke('devices:list-devices', { search: current, limit: pageSize, after: next })
        if (mine !== generation) return
        if (result.ok) {
          set({ items: [...items, ...result.value.items], total: result.value.total, next: result.value.next, loadingMore: false, error: null })
        } else {
          set({ loadingMore: false, error: result.error })
        }
      },

      async refresh() {
        const { query: current, items } = get()
        await query(current, Math.min(maxLimit, Math.max(pageSize, items.length)), get().loaded ? 'refresh' : 'replace')
      },

      attach() {
        typedSinceAttach = false
        let attached = true
        const unsubscribe = api.on('db:changed', (payload) => {
          if (payload.tables.includes('devices')) void get().refresh()
        })
        void (async () => {
          const saved = await api.invoke('prefs:get-preference', { key: searchPreference })
          // The technician may have typed while the preference was on its way: never clobber that.
          if (!attached || typedSinceAttach) return
          const search = saved.ok && typeof saved.value.value === 'string' ? saved.value.value : get().search
          set({ search })
          await query(search, pageSize, 'replace')
        })()
        return () => {
          attached = false
          unsubscribe()
          // A search typed just before leaving is still worth remembering.
          if (debounceTimer) persist(get().search)
          clearTimer()
          generation++
          set({ loading: false, loadingMore: false })
        }
      },
    }
  })
}

export type DevicesStore = ReturnType<typeof createDevicesStore>
