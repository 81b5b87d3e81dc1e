import type { KeyboardEvent } from 'react'
import type { BenchDevice, BenchJob } from '@shared/bench-schemas'
import { benchStrings } from '../../strings/bench'
import { ordersStrings } from '../../strings/orders'
import { ElapsedTime } from './elapsed-time'
import { StageBadge } from './stage-badge'
import { NotInCacheBadge, ReadinessBadge } from './readiness-badge'
import { benchNextStep, leftTheCache, showsReadiness } from './bench-next-step'
import { benchReadinessStrings } from '../../strings/bench-readiness'
import { useOutcomeCue } from './use-outcome-cue'
import { usePreference } from '../../data/use-preference'
import { SerialNumber } from '../serial-number'
import { useBenchStore } from '../../stores/stores-context'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { waitsOnIntune } from '../../stores/bench-recheck'
import './bench-table.css'

const text = benchStrings

/**
 * The devices at the bench, one row each. The table body takes focus; ↑/↓ (Home/End) select a row,
 * Enter opens its device card. The selected row drives the attempt recorder beside it.
 */
export function BenchTable(props: {
  devices: BenchDevice[]
  jobs: BenchJob[]
  selectedId: string | null
  onSelect(deviceId: string): void
  onOpen(deviceId: string): void
}) {
  const { devices, jobs, selectedId, onSelect, onOpen } = props
  const index = devices.findIndex((device) => device.deviceId === selectedId)
  const jobName = (id: string | null) => {
    const job = jobs.find((item) => item.id === id)
    return !job ? text.noJob : job.closedAt ? text.closedJob(job.name) : job.name
  }
  const [cueMuted] = usePreference<boolean>('bench.cueMuted', false)
  const flashing = useOutcomeCue(devices, cueMuted)
  // Rows waiting on Intune are re-read in the background (bench-recheck.ts): each says when Intune was last asked.
  const checking = useBenchStore((state) => state.checking)
  const dates = useDateFormatter()
  const checkedWords = (device: BenchDevice) =>
    device.deviceId === checking ? text.checkingNow : device.checkedAt ? text.checkedAt(dates.sinceToday(device.checkedAt)) : null

  const onKeyDown = (event: KeyboardEvent) => {
    const last = devices.length - 1
    const move = (to: number) => {
      event.preventDefault()
      const target = devices[Math.max(0, Math.min(last, to))]
      if (target) onSelect(target.deviceId)
    }
    if (event.key === 'ArrowDown') move(index + 1)
    else if (event.key === 'ArrowUp') move(index < 0 ? 0 : index - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(last)
    else if (event.key === 'Enter' && selectedId) {
      event.preventDefault()
      onOpen(selectedId)
    }
  }

  // The wrapper scrolls sideways on narrow windows instead of pushing the table under the recorder.
  return (
    <div className="bench-table__scroll">
      <table className="bench-table" aria-label={text.title} aria-describedby="bench-keys">
        <thead>
          <tr>
            <th scope="col">{text.columns.serial}</th>
            <th scope="col">{text.columns.model}</th>
            <th scope="col">{text.columns.job}</th>
            <th scope="col">{benchReadinessStrings.column}</th>
            <ShortenedHeader full={text.columns.elapsed} short={text.columnsShort.elapsed} />
            <ShortenedHeader full={text.columns.attempts} short={text.columnsShort.attempts} />
            <th scope="col">{text.columns.next}</th>
          </tr>
        </thead>
        <tbody tabIndex={0} onKeyDown={onKeyDown} data-testid="bench-rows">
          {devices.map((device) => {
            const selected = device.deviceId === selectedId
            const next = benchNextStep(device)
            const checked = waitsOnIntune(device) ? checkedWords(device) : null
            return (
              <tr
                key={device.deviceId}
                aria-selected={selected}
                className={[
                  'bench-table__row',
                  selected ? 'bench-table__row--selected' : '',
                  flashing.has(device.deviceId) ? `bench-table__row--flash-${flashing.get(device.deviceId)}` : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
                data-flash={flashing.get(device.deviceId)}
                data-device-id={device.deviceId}
                onClick={() => onSelect(device.deviceId)}
                onDoubleClick={() => onOpen(device.deviceId)}
              >
                <th scope="row" title={device.manifest === 'not-listed' ? `${device.serialNumber} — ${ordersStrings.notOnManifestShort}` : device.serialNumber}>
                  <span className="bench-table__row-head">
                    {selected ? <span aria-hidden="true">▶&nbsp;</span> : null}
                    <SerialNumber serial={device.serialNumber} />
                    {device.manifest === 'not-listed' ? (
                      // The sign only: its words clipped to "⚠ N" in the serial column. They are the tooltip, read
                      // out with the row, and said in full beside the table for the selected device.
                      <span className="bench-table__manifest-cue" title={ordersStrings.notOnManifestShort}>
                        <span aria-hidden="true">⚠</span>
                        <span className="visually-hidden"> {ordersStrings.notOnManifestShort}</span>
                      </span>
                    ) : null}
                  </span>
                </th>
                <td className="bench-table__clip" title={[device.manufacturer, device.model].filter(Boolean).join(' ') || undefined}>
                  {device.model || device.manufacturer}
                </td>
                {/* Narrow on a laptop: "Contoso PO 4711 (closed)" shows as "Cont…", the whole of it on hover. */}
                <td className="bench-table__clip" title={device.jobId ? jobName(device.jobId) : undefined}>
                  {jobName(device.jobId)}
                </td>
                <td data-testid="bench-row-status">
                  {leftTheCache(device) ? (
                    <NotInCacheBadge />
                  ) : showsReadiness(device) && device.readiness ? (
                    <ReadinessBadge badge={device.readiness} />
                  ) : (
                    <StageBadge stage={device.stage} />
                  )}
                </td>
                <td>
                  <ElapsedTime state={device.attempt?.state ?? null} />
                </td>
                <td>{device.attemptCount}</td>
                <td className="bench-table__clip bench-table__next" title={checked ? `${next} (${checked})` : next} data-testid="bench-row-next">
                  {checked ? (
                    // The step clips; when Intune was last asked always shows (it is what says the row is not stale).
                    <span className="bench-table__next-line">
                      <span className="bench-table__next-text">{next}</span>
                      <span className="bench-table__checked" data-testid="bench-row-checked">
                        {checked}
                      </span>
                    </span>
                  ) : (
                    next
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/**
 * A column header with a short form that narrow windows show instead of clipping the full one (CSS,
 * bench-table.css); the full one stays the column's accessible name and its tooltip.
 */
function ShortenedHeader(props: { full: string; short: string }) {
  return (
    <th scope="col" aria-label={props.full} title={props.full}>
      <span className="bench-table__header-full">{props.full}</span>
      <span className="bench-table__header-short" aria-hidden="true">
        {props.short}
      </span>
    </th>
  )
}
