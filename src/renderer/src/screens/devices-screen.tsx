import { useEffect, useRef } from 'react'
import { SEARCH_ANYWHERE_FROM_CHARS } from '@shared/device-schemas'
import { useDevicesStore, useSyncStore, useUiStore } from '../stores/stores-context'
import { DevicesTable } from '../components/devices-table'
import { ErrorMessage } from '../components/error-message'
import { SearchBox } from '../components/search-box'
import { SyncPanel } from '../components/sync-panel'
import { formatCount } from '../format-number'
import { strings } from '../strings'

/** The whole tenant's Autopilot devices from the local cache, searchable as you type, scrollable end to end. */
export function DevicesScreen() {
  const search = useDevicesStore((state) => state.search)
  const query = useDevicesStore((state) => state.query)
  const total = useDevicesStore((state) => state.total)
  const totalCapped = useDevicesStore((state) => state.totalCapped)
  const searchBehind = useDevicesStore((state) => state.searchBehind)
  const searchRestored = useDevicesStore((state) => state.searchRestored)
  const loading = useDevicesStore((state) => state.loading)
  const loaded = useDevicesStore((state) => state.loaded)
  const error = useDevicesStore((state) => state.error)
  const setSearch = useDevicesStore((state) => state.setSearch)
  const refresh = useDevicesStore((state) => state.refresh)
  const cachedCount = useSyncStore((state) => state.status?.deviceCount ?? 0)
  const syncRunning = useSyncStore((state) => state.running)
  const syncStarting = useSyncStore((state) => state.starting)
  const firstSync = useSyncStore((state) => state.running && !state.status?.lastSuccessAt)
  const focusRequest = useUiStore((state) => state.searchFocusRequest)
  const openDevice = useUiStore((state) => state.openDevice)
  const rowAt = useDevicesStore((state) => state.rowAt)
  const searchRef = useRef<HTMLInputElement>(null)
  /** The search Enter was pressed for while it was still on its way (null: none waiting). */
  const enterPending = useRef<string | null>(null)
  useEffect(() => {
    const pending = enterPending.current
    if (pending === null || loading || pending.trim() !== query.trim()) return
    enterPending.current = null
    // Typed on meanwhile: the Enter was for a search that is no longer the one shown.
    if (search !== pending) return
    const top = total > 0 ? rowAt(0) : undefined
    if (top) openDevice(top.id)
  }, [loading, query, search, total, rowAt, openDevice])

  // Back from a device card (its button or Esc) left the keyboard on <body>, where Enter, the arrows and
  // typing did nothing: the search box takes it, for the next device (a card was shown before: deviceId).
  const cameFromCard = useUiStore((state) => state.deviceId !== null)
  useEffect(() => {
    if (cameFromCard && (document.activeElement === null || document.activeElement === document.body)) searchRef.current?.focus()
    // On arrival only: later renders never move the keyboard.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    if (focusRequest === 0) return
    searchRef.current?.focus()
    searchRef.current?.select()
  }, [focusRequest])

  const trimmedQuery = query.trim()
  const empty = loaded && !error && total === 0
  // Matches of the search out of every device in the cache (the same number without a search).
  const all = trimmedQuery === '' ? total : Math.max(total, cachedCount)

  return (
    <section className="screen screen--fill" aria-labelledby="devices-heading">
      <header className="screen__header">
        <h1 id="devices-heading">{strings.devices.heading}</h1>
        <SyncPanel />
      </header>

      <SearchBox
        ref={searchRef}
        value={search}
        onChange={setSearch}
        onEnter={() => {
          // Enter opens the top hit of what the list shows (the hint under the list says so). Pressed while
          // the search is still on its way, it opens the top hit of that search when it comes: it was
          // dropped, and a serial typed then Enter did nothing.
          if (search.trim() !== query.trim() || loading) {
            enterPending.current = search
            return true
          }
          const top = total > 0 ? rowAt(0) : undefined
          if (top) openDevice(top.id)
          return top !== undefined
        }}
      />

      {searchRestored && search.trim() !== '' ? (
        <p className="devices-search-behind" role="status" data-testid="devices-search-restored">
          {strings.devices.searchRestored(search.trim())}{' '}
          <button
            type="button"
            className="button"
            onClick={() => {
              setSearch('')
              searchRef.current?.focus()
            }}
          >
            {strings.devices.clearSearch}
          </button>
        </p>
      ) : null}

      {error ? (
        <ErrorMessage
          title={strings.devices.loadFailed}
          error={error}
          action={
            <button type="button" className="button" onClick={() => void refresh()}>
              {strings.devices.retry}
            </button>
          }
        />
      ) : null}

      {loaded && searchBehind && trimmedQuery !== '' ? (
        <p className="devices-search-behind" role="status" data-testid="devices-search-behind">
          {syncRunning ? strings.devices.searchBehind : strings.devices.searchBehindStopped}
        </p>
      ) : null}

      {!loaded && loading ? (
        <p className="muted" role="status">
          {strings.devices.loading}
        </p>
      ) : null}

      {empty ? (
        <p className="empty-state" data-testid="devices-empty">
          {trimmedQuery !== ''
            ? firstSync && !searchBehind
              ? `${strings.devices.noMatch(trimmedQuery)} ${strings.devices.noMatchFirstSync}`
              : strings.devices.noMatch(trimmedQuery)
            : // "press Sync" while Sync is disabled and its progress is shown above read as a contradiction.
              syncRunning || syncStarting
              ? strings.devices.emptyCacheSyncing
              : strings.devices.emptyCache}
        </p>
      ) : null}

      {loaded && total > 0 ? (
        <DevicesTable
          summary={
            <p className="devices-count" data-testid="devices-count">
              {strings.devices.showing(`${formatCount(total)}${totalCapped ? '+' : ''}`, formatCount(all))}
              {[...trimmedQuery].length > 0 && [...trimmedQuery].length < SEARCH_ANYWHERE_FROM_CHARS ? (
                <span className="muted"> · {strings.devices.shortSearch}</span>
              ) : null}
            </p>
          }
        />
      ) : null}
    </section>
  )
}
