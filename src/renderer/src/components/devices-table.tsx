import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { DeviceSummary } from '@shared/device-schemas'
import { useDevicesStore, useUiStore } from '../stores/stores-context'
import { deviceCardStrings } from '../strings/device-card'
import { formatCount } from '../format-number'
import { strings } from '../strings'
import { ProfileStatusBadge } from './profile-status'
import { DeviceValue, FriendlyNamePending } from './pending-value'
import { computeWindow } from './virtual-window'
import { SerialNumber } from './serial-number'

const columns = strings.devices.columns

/** Fixed geometry (styles.css sizes the rows and the header to match). */
export const rowHeight = 34
const headerHeight = 36
const overscan = 15
/** Below every browser's element-height cap; beyond it the scroll range is scaled. */
const maxScrollHeight = 8_000_000
/** The list's height before it could be measured (tests; the first frame). */
const fallbackViewport = 600

/**
 * The device list as a real table (caption, column headers, rows with aria-rowindex) that renders
 * only the rows in view plus overscan. A tall spacer gives the scrollbar the extent of all `total`
 * rows; the table itself sits in a sticky window and its rows are moved into place. Rows whose page
 * is still loading are placeholders. Keyboard: arrows, Page Up/Down, Home/End when the list has focus.
 */
export function DevicesTable({ summary }: { summary?: ReactNode }) {
  const total = useDevicesStore((state) => state.total)
  // Subscribing to the revision re-renders when pages arrive; rows are read through rowAt.
  useDevicesStore((state) => state.revision)
  const resetCount = useDevicesStore((state) => state.resetCount)
  const busy = useDevicesStore((state) => state.loading)
  const rowAt = useDevicesStore((state) => state.rowAt)
  const setRange = useDevicesStore((state) => state.setRange)
  const openDevice = useUiStore((state) => state.openDevice)

  const scrollerRef = useRef<HTMLDivElement>(null)
  const [scroll, setScroll] = useState({ top: 0, reset: resetCount })
  const [viewport, setViewport] = useState(0)

  // A new search's answer starts at the top (the browser also clamps when the list got shorter).
  const scrollTop = scroll.reset === resetCount ? scroll.top : 0
  useEffect(() => {
    if (scrollerRef.current) scrollerRef.current.scrollTop = 0
  }, [resetCount])

  useLayoutEffect(() => {
    const element = scrollerRef.current
    if (!element) return
    const measure = () => setViewport(element.clientHeight)
    measure()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  const geometry = computeWindow({
    scrollTop,
    viewportHeight: viewport > 0 ? viewport : fallbackViewport,
    total,
    rowHeight,
    headerHeight,
    overscan,
    maxScrollHeight,
  })
  const { start, end, first } = geometry

  useEffect(() => {
    setRange({ start, end })
  }, [start, end, setRange])

  const jumpTo = (row: number) => {
    const top = geometry.scrollTopForRow(row)
    if (scrollerRef.current) scrollerRef.current.scrollTop = top
    setScroll({ top, reset: resetCount })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    // Enter opens the device card of the top row (the row the arrow keys move to).
    if (event.key === 'Enter') {
      const current = rowAt(first)
      if (current) {
        event.preventDefault()
        openDevice(current.id)
      }
      return
    }
    const page = Math.max(1, geometry.pageRows - 1)
    const targets: Record<string, number> = {
      ArrowDown: first + 1,
      ArrowUp: first - 1,
      PageDown: first + page,
      PageUp: first - page,
      Home: 0,
      End: total,
    }
    const target = targets[event.key]
    if (target === undefined) return
    event.preventDefault()
    jumpTo(target)
  }

  const rows: { index: number; device: DeviceSummary | undefined }[] = []
  for (let index = start; index < end; index++) rows.push({ index, device: rowAt(index) })
  const lastVisible = Math.min(total, first + geometry.pageRows)

  return (
    <div className="devices-list-frame">
      <div className="devices-summary">
        {summary}
        <p className="devices-summary__range" data-testid="devices-range">
          {total > 0 ? strings.devices.rows(formatCount(first + 1), formatCount(lastVisible)) : null}
        </p>
      </div>
      <div
        ref={scrollerRef}
        className="devices-list"
        data-testid="devices-scroller"
        tabIndex={0}
        role="region"
        aria-label={strings.devices.listLabel}
        aria-describedby="devices-list-hint devices-list-open-hint"
        onScroll={(event) => setScroll({ top: event.currentTarget.scrollTop, reset: resetCount })}
        onKeyDown={onKeyDown}
      >
        <span id="devices-list-hint" className="visually-hidden">
          {strings.devices.listHint}
        </span>
        <span id="devices-list-open-hint" className="visually-hidden">
          {deviceCardStrings.openFromList}
        </span>
        <div className="devices-list__spacer" style={{ height: geometry.scrollHeight }}>
          <div className="devices-list__window" style={{ height: geometry.windowHeight }}>
            <table className="devices-table" data-testid="devices-table" aria-busy={busy} aria-rowcount={total + 1}>
              <caption className="visually-hidden">{strings.devices.tableCaption}</caption>
              <colgroup>
                <col className="devices-table__col--serial" />
                <col className="devices-table__col--manufacturer" />
                <col className="devices-table__col--model" />
                <col className="devices-table__col--tag" />
                <col className="devices-table__col--user" />
                <col className="devices-table__col--name" />
                <col className="devices-table__col--status" />
              </colgroup>
              <thead>
                <tr aria-rowindex={1} style={{ height: headerHeight }}>
                  <th scope="col">{columns.serialNumber}</th>
                  <th scope="col" className="devices-table__manufacturer">
                    {columns.manufacturer}
                  </th>
                  <th scope="col" className="devices-table__model">
                    {columns.model}
                  </th>
                  <th scope="col">{columns.groupTag}</th>
                  <th scope="col">{columns.userPrincipalName}</th>
                  <th scope="col">{columns.displayName}</th>
                  <th scope="col">{columns.profileStatus}</th>
                </tr>
              </thead>
              <tbody style={{ transform: `translateY(${-geometry.shift}px)` }}>
                {rows.map(({ index, device }) =>
                  device ? (
                    <DeviceRow key={device.id} device={device} index={index} current={index === first} onOpen={openDevice} />
                  ) : (
                    <PlaceholderRow key={`placeholder-${index}`} index={index} />
                  ),
                )}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  )
}

function DeviceRow({ device, index, current, onOpen }: { device: DeviceSummary; index: number; current: boolean; onOpen(id: string): void }) {
  const plain = (value: string) =>
    value === '' ? (
      <span className="muted">{strings.devices.empty}</span>
    ) : (
      <span className="cell-text" title={value}>
        {value}
      </span>
    )
  return (
    <tr
      data-device-id={device.id}
      data-current={current || undefined}
      aria-rowindex={index + 2}
      className={[index % 2 === 1 ? 'devices-table__row--alt' : '', current ? 'devices-table__row--current' : ''].filter(Boolean).join(' ') || undefined}
      style={{ height: rowHeight }}
      onDoubleClick={() => onOpen(device.id)}
    >
      {/* A virtual machine's 30-odd character serial is cut in its middle on narrow windows (its end tells one
          device of an order from the next): the whole of it on hover and for screen readers. */}
      <td className="mono" title={device.serialNumber}>
        <SerialNumber serial={device.serialNumber} />
      </td>
      <td className="devices-table__manufacturer">{plain(device.manufacturer)}</td>
      <td className="devices-table__model">{plain(device.model)}</td>
      <td>
        <div className="cell-fit">
          <DeviceValue device={device} field="groupTag" intune={device.groupTag} />
        </div>
      </td>
      <td>
        <div className="cell-fit cell-stack">
          <DeviceValue device={device} field="userPrincipalName" intune={device.userPrincipalName} />
          <FriendlyNamePending device={device} />
        </div>
      </td>
      <td>
        <div className="cell-fit">
          <DeviceValue device={device} field="displayName" intune={device.displayName} />
        </div>
      </td>
      <td>
        <ProfileStatusBadge status={device.profileStatus} />
      </td>
    </tr>
  )
}

function PlaceholderRow({ index }: { index: number }) {
  return (
    <tr className="devices-table__placeholder" aria-rowindex={index + 2} aria-busy="true" style={{ height: rowHeight }}>
      <td colSpan={7}>
        <span className="devices-table__skeleton">{strings.devices.placeholder}</span>
      </td>
    </tr>
  )
}
