import { useEffect, useRef } from 'react'
import { useDevicesStore, useUiStore } from '../stores/stores-context'
import { DevicesTable } from '../components/devices-table'
import { ErrorMessage } from '../components/error-message'
import { SearchBox } from '../components/search-box'
import { SyncPanel } from '../components/sync-panel'
import { formatCount } from '../format-number'
import { strings } from '../strings'

/** The whole tenant's Autopilot devices from the local cache, searchable as you type. */
export function DevicesScreen() {
  const search = useDevicesStore((state) => state.search)
  const query = useDevicesStore((state) => state.query)
  const items = useDevicesStore((state) => state.items)
  const total = useDevicesStore((state) => state.total)
  const next = useDevicesStore((state) => state.next)
  const loading = useDevicesStore((state) => state.loading)
  const loadingMore = useDevicesStore((state) => state.loadingMore)
  const loaded = useDevicesStore((state) => state.loaded)
  const error = useDevicesStore((state) => state.error)
  const setSearch = useDevicesStore((state) => state.setSearch)
  const loadMore = useDevicesStore((state) => state.loadMore)
  const refresh = useDevicesStore((state) => state.refresh)
  const focusRequest = useUiStore((state) => state.searchFocusRequest)
  const searchRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (focusRequest === 0) return
    searchRef.current?.focus()
    searchRef.current?.select()
  }, [focusRequest])

  const trimmedQuery = query.trim()
  const empty = loaded && !error && total === 0

  return (
    <section className="screen" aria-labelledby="devices-heading">
      <header className="screen__header">
        <h1 id="devices-heading">{strings.devices.heading}</h1>
        <SyncPanel />
      </header>

      <SearchBox ref={searchRef} value={search} onChange={setSearch} />

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

      {!loaded && loading ? <p className="muted" role="status">{strings.devices.loading}</p> : null}

      {empty ? (
        <p className="empty-state" data-testid="devices-empty">
          {trimmedQuery === '' ? strings.devices.emptyCache : strings.devices.noMatch(trimmedQuery)}
        </p>
      ) : null}

      {loaded && total > 0 ? (
        <>
          <p className="devices-count" data-testid="devices-count">
            {strings.devices.showing(formatCount(items.length), formatCount(total))}
          </p>
          <DevicesTable items={items} busy={loading} />
          {next ? (
            <div className="load-more">
              <button type="button" className="button" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? strings.devices.loadingMore : strings.devices.loadMore}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  )
}
