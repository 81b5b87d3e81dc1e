import type { DeviceSummary } from '../../../shared/device-schemas'
import { strings } from '../strings'
import { ProfileStatusBadge } from './profile-status'

const columns = strings.devices.columns

/** The device list as a real table: caption, column headers, one row per device. */
export function DevicesTable({ items, busy }: { items: DeviceSummary[]; busy: boolean }) {
  const orEmpty = (value: string) => (value === '' ? <span className="muted">{strings.devices.empty}</span> : value)
  return (
    <div className="table-scroll">
      <table className="devices-table" data-testid="devices-table" aria-busy={busy}>
        <caption className="visually-hidden">{strings.devices.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{columns.serialNumber}</th>
            <th scope="col">{columns.manufacturer}</th>
            <th scope="col">{columns.model}</th>
            <th scope="col">{columns.groupTag}</th>
            <th scope="col">{columns.userPrincipalName}</th>
            <th scope="col">{columns.displayName}</th>
            <th scope="col">{columns.profileStatus}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((device) => (
            <tr key={device.id} data-device-id={device.id}>
              <td className="mono">{device.serialNumber}</td>
              <td>{orEmpty(device.manufacturer)}</td>
              <td>{orEmpty(device.model)}</td>
              <td>{orEmpty(device.groupTag)}</td>
              <td>{orEmpty(device.userPrincipalName)}</td>
              <td>{orEmpty(device.displayName)}</td>
              <td>
                <ProfileStatusBadge status={device.profileStatus} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
