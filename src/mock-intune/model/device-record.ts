import type { DeviceIdentity } from './device-identity'

/** How the device's current Intune enrollment happened (drives the one-time limit, 0x80180014). */
export type EnrolledVia = 'preProvisioning' | 'selfDeploying' | 'userDriven' | null

/**
 * The profile Intune is assigning to a device and since when. `since: null` means "as generated": the
 * generated assignment fields hold. Otherwise the device went `pending` at `since`, and the status
 * is computed from the time elapsed (see store/device-view.ts).
 */
export interface AssignmentTrack {
  target: string | null
  since: number | null
  /** The profile assigned before the change (still shown as deploymentProfile while pending). */
  previous: string | null
}

/** A device as the store holds it. Navigation properties are rendered from profile ids on the way out. */
export interface DeviceRecord {
  identity: DeviceIdentity
  /** The assigned profile (deploymentProfile) as generated or last materialised. */
  deploymentProfileId: string | null
  assignment: AssignmentTrack
  /** Generator index, or -1 for a device created by an import. */
  index: number
  entraObjectId: string
  enrolledVia: EnrolledVia
  /** allowNextEnrollment was called; the next enrollment passes the one-time check once. */
  unblocked: boolean
  /** Last write (ms since the epoch); 0 = untouched since generation. */
  writtenAt: number
  /** When the device was registered with Autopilot (ms); Entra's createdDateTime for its device object. */
  registeredAt: number
}
