import type { LookupRefusal } from '@shared/domain/lookup-refusal'
import type { PendingValue } from '@shared/change-schemas'
import type { LinkedObject } from '@shared/card-schemas'
import type { EspAssignmentRow, EspRow } from './esp-targeting'
import type { ProfileRow } from './profile-rows'

/** A row of `devices` as the card reads it. */
export interface DeviceRowFull {
  id: string
  serial_number: string
  manufacturer: string
  model: string
  group_tag: string
  purchase_order: string
  user_principal_name: string
  addressable_user_name: string
  display_name: string
  profile_status: string
  /** Graph's deploymentProfileAssignmentStatus as sent; '' when not read since schema v16. */
  profile_assignment_status: string
  profile_id: string
  profile_assigned_at: string | null
  enrollment_state: string
  remediation_state: string
  userless_enrollment_status: string
  managed_device_id: string
  entra_device_id: string
  last_contacted_at: string | null
  synced_at: string
}

export interface JobRow {
  id: string
  name: string
  expected_profile_id: string | null
  group_tag: string
  device_name_template: string
}

export interface ManifestRow {
  user_principal_name: string
  addressable_user_name: string
  display_name: string
}

/**
 * Everything the cache knows that the card and its readiness check use, read in one go by
 * readCardFacts (card-queries.ts) and turned into the card by pure code (readiness-input.ts), so
 * each source can be tested on its own.
 */
export interface CardFacts {
  device: DeviceRowFull
  pending: PendingValue[]
  profiles: ProfileRow[]
  profileAssignments: Array<{ profile_id: string; group_id: string; kind: string }>
  groups: Array<{ id: string; display_name: string; membership_rule: string }>
  /** False when the ESPs were never read from Intune (then the ESP stays unknown). */
  espSynced: boolean
  espConfigurations: EspRow[]
  espAssignments: EspAssignmentRow[]
  job: JobRow | null
  manifest: ManifestRow | null
  /** The assigned user in the users cache; null when no user is assigned or the cache hasn't met them. */
  user: { licensed: boolean | null } | null
  /** From the last online Entra lookup for the device's current Entra device id; null = not checked (or refused). */
  entraDeviceObjectExists: boolean | null
  /** Look-ups Graph refused with 403 (the Entra device, the user's licence): what is missing, so the card says that rather than "not checked". */
  refused: { entraObject: LookupRefusal | null; userLicence: LookupRefusal | null }
  /**
   * The linked objects as the last online look-up for the ids the record has now found them (verify-online): the
   * Microsoft Entra device and the Intune device, each null when not looked up (offline, never, or the id changed since).
   */
  linked: { entra: LinkedObject | null; intune: LinkedObject | null }
  /** When Unblock device was last done from this app for the device (audit log); null when never. */
  unblockedAt: string | null
  /** The bench's network (the `bench.network` preference); null when not set. */
  benchNetwork: 'wired' | 'wifi' | null
  /** Verified domains (lower-case name, type); null when never read. */
  domains: Array<{ name: string; type: string }> | null
}
