import type { ReactNode } from 'react'
import type { DeviceDetails } from '@shared/card-schemas'
import { enrollmentStateWords, userlessStatusWords } from '@shared/domain/enrollment-words'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { deviceCardStrings as s } from '../../strings/device-card'
import { DeviceValue } from '../pending-value'
import { ProfileStatusBadge } from '../profile-status'
import { useSyncStore } from '../../stores/stores-context'
import { LinkedObjectValue } from './linked-object'

const d = s.details

/**
 * The Autopilot device's properties as the Intune admin center lists them. Values changed here that
 * Intune does not show yet carry the pending marker (a word and a shape; the tooltip says what Intune shows).
 */
export function CardDetails({ device }: { device: DeviceDetails }) {
  const dates = useDateFormatter()
  const text = (value: string) => (value === '' ? <span className="muted">{s.none}</span> : value)
  const date = (value: string | null) => (value ? dates.dateTime(value) : <span className="muted">{d.never}</span>)
  const offline = useSyncStore((state) => state.status?.online === false)
  return (
    <section className="device-card__panel" aria-labelledby="card-details-heading">
      <h2 id="card-details-heading">{d.heading}</h2>
      <dl className="device-card__fields" data-testid="card-details">
        <Field label={d.serialNumber} value={<span className="mono">{device.serialNumber}</span>} />
        <Field label={d.manufacturer} value={text(device.manufacturer)} />
        <Field label={d.model} value={text(device.model)} />
        <Field label={d.groupTag} value={<DeviceValue device={device} field="groupTag" intune={device.groupTag} />} />
        <Field label={d.purchaseOrder} value={text(device.purchaseOrder)} />
        <Field label={d.profileStatus} value={<ProfileStatusBadge status={device.profileStatus} />} />
        <Field label={d.assignedProfile} value={assignedProfile(device)} />
        <Field label={d.dateAssigned} value={date(device.profileAssignedAt)} />
        <Field label={d.user} value={<DeviceValue device={device} field="userPrincipalName" intune={device.userPrincipalName} />} />
        <Field label={d.friendlyName} value={<DeviceValue device={device} field="addressableUserName" intune={device.addressableUserName} />} />
        <Field label={d.deviceName} value={<DeviceValue device={device} field="displayName" intune={device.displayName} />} />
        <Field label={d.enrollmentState} value={text(enrollmentStateWords(device.enrollmentState))} />
        <Field label={d.userlessStatus} value={text(userlessStatusWords(device.userlessEnrollmentStatus))} />
        <Field label={d.entraDevice} value={<LinkedObjectValue kind="entra" id={device.entraDeviceId} lookup={device.entraDevice} offline={offline} />} />
        <Field label={d.intuneDevice} value={<LinkedObjectValue kind="intune" id={device.managedDeviceId} lookup={device.intuneDevice} offline={offline} />} />
        <Field label={d.lastContacted} value={date(device.lastContactedAt)} />
      </dl>
    </section>
  )
}

/** The profile's name; never its id (a GUID), and where the name is missing, why and what brings it. */
function assignedProfile(device: DeviceDetails): ReactNode {
  if (device.profileName) return device.profileName
  if (device.profileId) return <span className="muted">{d.profileNotCached}</span>
  if (device.profileStatus === 'assigned') return <span className="muted">{d.profileNotRead}</span>
  return <span className="muted">{s.none}</span>
}

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="device-card__field" data-field={label}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}
