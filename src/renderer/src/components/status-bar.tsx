import { useAppStore, useSyncStore } from '../stores/stores-context'
import { useDateFormatter } from '../hooks/use-date-formatter'
import { formatCount } from '../format-number'
import { strings } from '../strings'

type Connection = { tone: 'ok' | 'offline' | 'warning' | 'neutral'; text: string }

/**
 * Always visible: tenant, whether Intune was reachable at the last sync, last successful sync,
 * a running sync's count, and the cached device count.
 */
export function StatusBar() {
  const info = useAppStore((state) => state.info)
  const infoError = useAppStore((state) => state.error)
  const status = useSyncStore((state) => state.status)
  const running = useSyncStore((state) => state.running)
  const progressDevices = useSyncStore((state) => state.progress?.devices ?? 0)
  const dates = useDateFormatter()

  const tenant = info ? info.tenant.displayName : infoError ? strings.status.tenantUnknown : strings.status.tenantLoading
  const lastSuccessAt = status?.lastSuccessAt ?? null

  let connection: Connection = { tone: 'neutral', text: strings.status.notSynced }
  if (status?.lastError?.code === 'offline') {
    connection = { tone: 'offline', text: lastSuccessAt ? strings.status.offlineSince(dates.dateTime(lastSuccessAt)) : strings.status.offlineNoData }
  } else if (status?.lastError) {
    connection = { tone: 'warning', text: strings.status.lastSyncFailed }
  } else if (lastSuccessAt) {
    connection = { tone: 'ok', text: strings.status.online }
  }

  return (
    <footer className="status-bar" data-testid="status-bar" aria-label={strings.status.label}>
      <span className="status-bar__item" data-testid="status-tenant">
        <span className="visually-hidden">{strings.status.tenant}: </span>
        <strong>{tenant}</strong>
      </span>
      <span className={`status-bar__item status-bar__connection status-bar__connection--${connection.tone}`} data-testid="status-connection">
        <span className="status-bar__dot" aria-hidden="true" />
        {connection.text}
      </span>
      <span className="status-bar__item" data-testid="status-last-sync">
        {lastSuccessAt ? strings.status.lastSync(dates.dateTime(lastSuccessAt)) : strings.status.neverSynced}
      </span>
      {running ? (
        <span className="status-bar__item" data-testid="status-syncing">
          {strings.status.syncing(formatCount(progressDevices))}
        </span>
      ) : null}
      <span className="status-bar__item status-bar__item--end" data-testid="status-device-count">
        {status ? strings.status.deviceCount(formatCount(status.deviceCount)) : null}
      </span>
    </footer>
  )
}
