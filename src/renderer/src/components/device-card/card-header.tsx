import { useEffect, useRef } from 'react'
import type { DeviceDetails } from '@shared/card-schemas'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { deviceCardStrings as s } from '../../strings/device-card'
import { ErrorMessage } from '../error-message'
import type { RefreshState } from './use-refresh-device'
import { useUiStore } from '../../stores/stores-context'
import { refocusWhenLost } from '../../hooks/use-focus-after-action'

/** Who the device is (serial, manufacturer, model), how old the cached values are, and Refresh from Intune. */
export function CardHeader({ device, refresh, onRefresh }: { device: DeviceDetails; refresh: RefreshState; onRefresh(): Promise<unknown> }) {
  const dates = useDateFormatter()
  const notice = refresh.last
  const headingRef = useRef<HTMLHeadingElement>(null)
  const exportDiagnostics = useUiStore((state) => state.exportDiagnostics)
  // Opening a card (Enter in the list, a scan's button) moves focus here, so Tab continues in the card.
  useEffect(() => headingRef.current?.focus(), [])
  // Refresh is off while it runs. It is aria-disabled, not disabled: a disabled button loses the focus
  // to <body> for as long as Intune takes to answer (15 s when it does not). Should it be lost anyway, it comes back.
  const refreshRef = useRef<HTMLButtonElement>(null)
  return (
    <header className="device-card__header">
      <div>
        <h1 id="device-card-screen-heading" tabIndex={-1} ref={headingRef}>
          <span className="visually-hidden">{s.title} </span>
          <span className="mono">{device.serialNumber}</span>
        </h1>
        <p className="device-card__model">{s.header.manufacturerModel(device.manufacturer, device.model)}</p>
        <p className="muted" data-testid="card-cache-age">
          {s.header.cacheAge(dates.dateTime(device.syncedAt))}
        </p>
      </div>
      <div className="device-card__refresh">
        <button
          ref={refreshRef}
          type="button"
          className="button"
          onClick={() => {
            if (!refresh.refreshing) void onRefresh().finally(() => refocusWhenLost(() => refreshRef.current))
          }}
          aria-disabled={refresh.refreshing}
          aria-busy={refresh.refreshing}
        >
          {refresh.refreshing ? s.header.refreshing : s.header.refresh}
        </button>
        <p role="status" data-testid="card-refresh-source" data-source={notice?.source ?? ''}>
          {notice?.source === 'online' ? s.header.online : null}
          {notice?.source === 'cache' ? s.header.cached(notice.notice?.message ?? s.none) : null}
        </p>
        {refresh.error ? <ErrorMessage error={refresh.error} /> : null}
        <button type="button" className="button" onClick={() => exportDiagnostics({ kind: 'device', id: device.id, label: device.serialNumber })}>
          {s.header.exportDiagnostics}
        </button>
      </div>
    </header>
  )
}
