import type { DeviceDetails } from '@shared/card-schemas'
import type { ChangeField } from '@shared/change-schemas'

const intune: Record<ChangeField, (device: DeviceDetails) => string> = {
  groupTag: (device) => device.groupTag,
  displayName: (device) => device.displayName,
  addressableUserName: (device) => device.addressableUserName,
  userPrincipalName: (device) => device.userPrincipalName,
}

/** The value the device will have: a queued change's (not failed or discarded), else Intune's. Editors start from it. */
export function valueNow(device: DeviceDetails, field: ChangeField): string {
  const pending = device.pending.find((p) => p.field === field && p.state !== 'discarded' && p.state !== 'failed')
  return pending ? pending.value : intune[field](device)
}
