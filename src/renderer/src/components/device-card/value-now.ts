import type { DeviceDetails } from '@shared/card-schemas'
import type { ChangeField } from '@shared/change-schemas'
import { changeToCome } from '@shared/domain/awaited-profile'

const intune: Record<ChangeField, (device: DeviceDetails) => string> = {
  groupTag: (device) => device.groupTag,
  displayName: (device) => device.displayName,
  addressableUserName: (device) => device.addressableUserName,
  userPrincipalName: (device) => device.userPrincipalName,
}

/** The value the device will have: a queued change's (not failed or discarded), else Intune's. Editors start from it. */
export function valueNow(device: DeviceDetails, field: ChangeField): string {
  const pending = changeToCome(device.pending, field)
  return pending ? pending.value : intune[field](device)
}
