import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import { followTopics } from './follow-topics'
import type { DeviceSummary } from '@shared/device-schemas'
import type { AppError } from '@shared/result'

/** The rows the list shows: `start` inclusive, `end` exclusive, in the (filtered) serial order. */
export interface RowRange {
  start: number
  end: number
}

export interface DevicesState {
  /** What the search box shows (updated on every keystroke). */
  search: string
  /** The search the cached rows and `total` answer (lags `search` by the debounce and the answer). */
  query: string
  /** Rows matching `query`: the scrollbar's extent. */
  total: number
  /** The search matched more than the core counts (10,000): show "10,000+". */
  totalCapped: boolean
  /** The search cannot see every cached device yet (a first download builds its search index at the end). */
  searchBehind: boolean
  /**
   * The search shown was saved in an earlier session and restored, not typed in this one: the screen says
   * so (a walk found one filled in on the next day's first visit, hiding devices without a word).
   */
  searchRestored: boolean
  /** True while the first page for a new search is on its way (the old rows stay on screen, dimmed). */
  loading: boolean
  /** At least one answer has come (distinguishes "empty" from "not loaded yet"). */
  loaded: boolean
  error: AppError | null
  /** Bumped whenever cached rows change: the view re-reads its rows through `rowAt`. */
  revision: number
  /** Bumped when the answer to a new search replaces the list: the view scrolls back to the top. */
  resetCount: number
  /** The rows the view shows now (plus overscan); pages covering them are fetched. */
  range: RowRange

  setSearch(search: string): void
  /** The view reports what it shows; missing or outdated pages are fetched (coalesced). */
  setRange(range: RowRange): void
  /** The cached row at a position, or undefined while its page is loading (a placeholder row). */
  rowAt(index: number): DeviceSummary | undefined
  /** Re-reads the rows on screen (after a change in the database, or Try again). */
  refresh(): Promise<void>
  /**
   * Another tenant is shown: its own saved search (preferences live in each tenant's database), never the
   * one typed in the tenant before, which read "No devices match …" over a cache that was empty.
   */
  tenantSwitched(): Promise<void>
  /** Restores the saved search, loads, follows `data:changed` (devices, outbox). Returns the detach function. */
  attach(): () => void
}

export interface DevicesStoreOptions {
  debounceMs?: number
  /** Rows per request and per cache entry. */
  pageSize?: number
  /** Range changes within this time are coalesced into one round of requests. */
  fetchDelayMs?: number
  /** …but a continuous scroll still fetches at least this often. */
  fetchMaxWaitMs?: number
  /** `data:changed` bursts (a sync writes many slices) are coalesced into one refresh per this time. */
  refreshDelayMs?: number
  /** Pages kept in memory; the ones farthest from the view are dropped first. */
  maxCachedPages?: number
}

const searchPreference = 'devices.search'
/** The contract's maximum page size (devices-schemas: limit ≤ 500). */
const maxLimit = 500

interface CachedPage {
  rows: DeviceSummary[]
  /** The data version the rows were read at; older pages are shown but re-read when visible. */
  version: number
}

/**
 * The million-row device list. Rows are cached in pages of `pageSize` (page p holds positions
 * p·size … p·size+size−1 of the serial order); the view reports the range it shows and the store
 * fetches the missing pages with `devices:list-devices` `{ search, limit, position }`, coalescing
 * requests while the technician scrolls or drags the scrollbar. Every answer carries the search
 * generation and the data version it was asked for: an answer for an old search is dropped; one read
 * before the latest `data:changed` is shown (never over a newer one) and its page read again.
 */
export function createDevicesStore(api: Api, options: DevicesStoreOptions = {}) {
  const debounceMs = options.debounceMs ?? 150
  const pageSize = Math.max(1, Math.min(maxLimit, options.pageSize ?? 100))
  const fetchDelayMs = options.fetchDelayMs ?? 40
  const fetchMaxWaitMs = options.fetchMaxWaitMs ?? 150
  const refreshDelayMs = options.refreshDelayMs ?? 100
  const maxCachedPages = Math.max(4, options.maxCachedPages ?? 60)

  const cache = new Map<number, CachedPage>()
  const inFlight = new Set<string>()
  /** Bumped for every new search (and at detach): answers for an older one are ignored. */
  let generation = 0
  /** Bumped on every `data:changed` refresh: pages read before it are shown but read again. */
  let dataVersion = 0
  /** The data version the shown total (and its flags) was read at: an older answer does not replace it. */
  let totalVersion = 0
  let debounceTimer: ReturnType<typeof setTimeout> | null = null
  let fetchTimer: ReturnType<typeof setTimeout> | null = null
  let fetchWaitStarted = 0
  let lastFetchAt = -Infinity
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let typedSinceAttach = false

  return createStore<DevicesState>()((set, get) => {
    const list = (search: string, position: number, pages = 1) => api.invoke('devices:list-devices', { search, limit: pageSize * pages, position })
    /** Adjacent pages go in one request, up to the contract's limit. */
    const pagesPerRequest = Math.max(1, Math.floor(maxLimit / pageSize))

    const pagesFor = ({ start, end }: RowRange): number[] => {
      const first = Math.floor(Math.max(0, start) / pageSize)
      // At least one page, so that an empty list still learns its new total.
      const last = Math.max(first, Math.floor((Math.max(start, end) - 1) / pageSize))
      const pages: number[] = []
      for (let page = first; page <= last; page++) pages.push(page)
      return pages
    }

    const evict = () => {
      if (cache.size <= maxCachedPages) return
      const { start, end } = get().range
      const centre = (start + end) / 2 / pageSize
      const byDistance = [...cache.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))
      for (const page of byDistance.slice(0, cache.size - maxCachedPages)) cache.delete(page)
    }

    /**
     * Fetches consecutive pages `first … first + count − 1` in one request. One request per page at a
     * time: while a sync changes the list every few hundred milliseconds, an answer slower than that
     * (a first load's unsorted million rows) would otherwise be dropped as outdated again and again,
     * its page never drawn, while the requests piled up in the database worker. An outdated answer is
     * shown instead and the page read again; its total only if no newer answer gave one.
     */
    const fetchPages = async (first: number, count: number): Promise<void> => {
      const mine = generation
      const version = dataVersion
      const keys = Array.from({ length: count }, (_, i) => `${mine}:${first + i}`)
      keys.forEach((key) => inFlight.add(key))
      const result = await list(get().query, first * pageSize, count)
      keys.forEach((key) => inFlight.delete(key))
      if (mine !== generation) return // an older search
      if (result.ok) {
        // No newer copy of these pages can be here: a page is asked for once at a time.
        for (let i = 0; i < count; i++) cache.set(first + i, { rows: result.value.items.slice(i * pageSize, (i + 1) * pageSize), version })
        evict()
        const newest = version >= totalVersion
        if (newest) totalVersion = version
        set((state) => ({
          ...(newest ? { total: result.value.total, totalCapped: result.value.totalCapped, searchBehind: result.value.searchBehind === true } : {}),
          revision: state.revision + 1,
          error: null,
        }))
        if (version !== dataVersion) scheduleFetch()
      } else if (version === dataVersion) {
        set({ error: result.error })
      } else {
        // Failed, but asked before the list changed: the page is asked for again (it may well answer now).
        scheduleFetch()
      }
    }

    /** Fetches every page the current range needs that is missing or older than the data version. */
    const fetchNeeded = async (): Promise<void> => {
      clearFetchTimer()
      const { loaded, loading } = get()
      if (!loaded || loading) return // a new search is on its way; its answer starts the list afresh
      const wanted = pagesFor(get().range).filter((page) => cache.get(page)?.version !== dataVersion && !inFlight.has(`${generation}:${page}`))
      // Runs of adjacent pages, each one request.
      const runs: { first: number; count: number }[] = []
      for (const page of wanted) {
        const run = runs[runs.length - 1]
        if (run && run.first + run.count === page && run.count < pagesPerRequest) run.count++
        else runs.push({ first: page, count: 1 })
      }
      await Promise.all(runs.map((run) => fetchPages(run.first, run.count)))
    }

    const clearFetchTimer = () => {
      if (fetchTimer) clearTimeout(fetchTimer)
      fetchTimer = null
      fetchWaitStarted = 0
    }

    const runFetch = () => {
      clearFetchTimer()
      lastFetchAt = Date.now()
      void fetchNeeded()
    }

    /**
     * A jump after a quiet moment (End, a click on the scrollbar track) is fetched at once; further
     * moves within `fetchDelayMs` are coalesced (trailing debounce with a maximum wait), so a drag
     * across the scrollbar asks for a few windows, not hundreds.
     */
    const scheduleFetch = () => {
      const now = Date.now()
      if (!fetchTimer && now - lastFetchAt >= fetchDelayMs) return runFetch()
      if (fetchWaitStarted === 0) fetchWaitStarted = now
      if (fetchTimer) clearTimeout(fetchTimer)
      const delay = Math.max(0, Math.min(fetchDelayMs, fetchWaitStarted + fetchMaxWaitMs - now))
      fetchTimer = setTimeout(runFetch, delay)
    }

    /** A new search (or the first load): its first page replaces everything, and the view returns to the top. */
    const startQuery = async (search: string): Promise<void> => {
      const mine = ++generation
      const version = ++dataVersion
      clearFetchTimer()
      set({ loading: true, error: null })
      const result = await list(search, 0)
      if (mine !== generation) return
      if (result.ok) {
        cache.clear()
        // Read before a later data:changed? Then it is shown, and re-read at once.
        cache.set(0, { rows: result.value.items, version })
        totalVersion = version
        const firstPage = { start: 0, end: Math.min(result.value.total, get().range.end - get().range.start) }
        set((state) => ({
          query: search,
          total: result.value.total,
          totalCapped: result.value.totalCapped,
          searchBehind: result.value.searchBehind === true,
          loading: false,
          loaded: true,
          error: null,
          range: firstPage,
          revision: state.revision + 1,
          resetCount: state.resetCount + 1,
        }))
        if (version !== dataVersion) scheduleFetch()
      } else {
        set({ query: search, loading: false, error: result.error })
      }
    }

    const persist = (search: string) => {
      void api.invoke('prefs:set-preference', { key: searchPreference, value: search }).then((result) => {
        if (!result.ok) console.warn(`[devices] could not save the search: ${result.error.code} ${result.error.message}`)
      })
    }

    const clearTimers = () => {
      if (debounceTimer) clearTimeout(debounceTimer)
      debounceTimer = null
      if (refreshTimer) clearTimeout(refreshTimer)
      refreshTimer = null
      clearFetchTimer()
    }

    return {
      search: '',
      query: '',
      total: 0,
      totalCapped: false,
      searchBehind: false,
      searchRestored: false,
      loading: false,
      loaded: false,
      error: null,
      revision: 0,
      resetCount: 0,
      range: { start: 0, end: 0 },

      setSearch(search) {
        typedSinceAttach = true
        set({ search, searchRestored: false })
        if (debounceTimer) clearTimeout(debounceTimer)
        debounceTimer = setTimeout(() => {
          debounceTimer = null
          void startQuery(search)
          persist(search)
        }, debounceMs)
      },

      setRange(range) {
        const current = get().range
        if (current.start === range.start && current.end === range.end) return
        set({ range: { start: range.start, end: range.end } })
        const missing = pagesFor(range).some((page) => cache.get(page)?.version !== dataVersion)
        if (missing) scheduleFetch()
      },

      rowAt(index) {
        return cache.get(Math.floor(index / pageSize))?.rows[index % pageSize]
      },

      async refresh() {
        if (refreshTimer) clearTimeout(refreshTimer)
        refreshTimer = null
        if (!get().loaded) {
          await startQuery(get().query)
          return
        }
        // Everything cached is now possibly outdated: keep showing it, re-read what is on screen.
        dataVersion++
        await fetchNeeded()
      },

      async tenantSwitched() {
        // A search typed in the other tenant and not saved yet belongs there: it is not saved into this one.
        if (debounceTimer) clearTimeout(debounceTimer)
        debounceTimer = null
        typedSinceAttach = false
        set({ search: '', searchRestored: false })
        const saved = await api.invoke('prefs:get-preference', { key: searchPreference })
        if (typedSinceAttach) return
        const search = saved.ok && typeof saved.value.value === 'string' ? saved.value.value : ''
        set({ search, searchRestored: search.trim() !== '' })
        await startQuery(search)
      },

      attach() {
        typedSinceAttach = false
        let attached = true
        const unsubscribe = followTopics(api, ['devices', 'outbox'], () => {
          if (refreshTimer) return
          refreshTimer = setTimeout(() => {
            refreshTimer = null
            void get().refresh()
          }, refreshDelayMs)
        })
        void (async () => {
          const saved = await api.invoke('prefs:get-preference', { key: searchPreference })
          // The technician may have typed while the preference was on its way: never clobber that.
          if (!attached || typedSinceAttach) return
          const search = saved.ok && typeof saved.value.value === 'string' ? saved.value.value : get().search
          // Back on Devices in this session the search is the one left here; anything else came from an earlier session.
          const restored = get().searchRestored || (search.trim() !== '' && search !== get().search)
          set({ search, searchRestored: restored })
          await startQuery(search)
        })()
        return () => {
          attached = false
          unsubscribe()
          // A search typed just before leaving is still worth remembering.
          if (debounceTimer) persist(get().search)
          clearTimers()
          generation++
          inFlight.clear()
          set({ loading: false })
        }
      },
    }
  })
}

export type DevicesStore = ReturnType<typeof createDevicesStore>
