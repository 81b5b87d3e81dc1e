import type { DeviceChange } from '@shared/change-schemas'

/**
 * An assignment without a user friendly name (a manifest with no friendly-name column, "Use manifest
 * user" on the card) gets the user's display name from the users cache, as a pick from user search does
 * and as the admin center's User friendly name "defaults from the user" (docs/reference/autopilot.md §1.4):
 * the greeting a technician expects to see, and one value the app can check after sending. A user never
 * looked up keeps the blank, and Intune's own default is taken as it comes (`valuesToVerify`).
 */
export function withDirectoryFriendlyName(change: DeviceChange, displayNameOf: (upn: string) => string | null): DeviceChange {
  if (change.kind !== 'assign-user' || change.addressableUserName.trim() !== '') return change
  const name = displayNameOf(change.userPrincipalName)
  return name ? { ...change, addressableUserName: name } : change
}
