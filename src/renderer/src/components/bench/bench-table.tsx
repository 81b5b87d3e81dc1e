import type { KeyboardEvent } from 'react'
import type { BenchDevice, BenchJob } from '@shared/bench-schemas'
import { benchStrings } from '../../strings/bench'
import { ordersStrings } from '../../strings/orders'
import { ElapsedTime } from './elapsed-time'
import { StageBadge } from './stage-badge'

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
  const jobName = (id: string | null) => jobs.find((job) => job.id === id)?.name ?? text.noJob

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
            <th scope="col">{text.columns.stage}</th>
            <th scope="col">{text.columns.elapsed}</th>
            <th scope="col">{text.columns.attempts}</th>
            <th scope="col">{text.columns.next}</th>
          </tr>
        </thead>
        <tbody tabIndex={0} onKeyDown={onKeyDown} data-testid="bench-rows">
          {devices.map((device) => {
            const selected = device.deviceId === selectedId
            return (
              <tr
                key={device.deviceId}
                aria-selected={selected}
                className={selected ? 'bench-table__row bench-table__row--selected' : 'bench-table__row'}
                data-device-id={device.deviceId}
                onClick={() => onSelect(device.deviceId)}
                onDoubleClick={() => onOpen(device.deviceId)}
              >
                <th scope="row">
                  {selected ? <span aria-hidden="true">▶ </span> : null}
                  {device.serialNumber}
                  {device.manifest === 'not-listed' ? <span className="manifest-flag"> {ordersStrings.notOnManifestShort}</span> : null}
                </th>
                <td title={device.manufacturer || undefined}>{device.model || device.manufacturer}</td>
                <td>{jobName(device.jobId)}</td>
                <td>
                  <StageBadge stage={device.stage} />
                </td>
                <td>
                  <ElapsedTime state={device.attempt?.state ?? null} />
                </td>
                <td>{device.attemptCount}</td>
                <td>{text.next[device.attempt?.state.phase ?? 'none']}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
