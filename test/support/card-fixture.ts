import type { CardFacts, DeviceRowFull } from '@core/card/card-facts'
import type { ProfileRow } from '@core/card/profile-rows'

/** A small cached tenant: two profiles reached by group tag, a default and a custom ESP, one device. */
export const GROUPS = {
  ldn: { id: 'g-ldn', display_name: 'Autopilot - BENCH-LDN', membership_rule: '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:BENCH-LDN"))' },
  kiosk: { id: 'g-kiosk', display_name: 'Autopilot - KIOSK-LDN', membership_rule: '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:KIOSK-LDN"))' },
  all: { id: 'g-all', display_name: 'Autopilot - All devices', membership_rule: '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))' },
  pilot: { id: 'g-pilot', display_name: 'Pilot (assigned)', membership_rule: '' },
}

export const profile = (id: string, name: string, overrides: Partial<ProfileRow> = {}, usage: string | null = 'singleUser'): ProfileRow => ({
  id,
  display_name: name,
  odata_type: '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile',
  join_type: 'entra',
  pre_provisioning_allowed: 1,
  device_name_template: '',
  created_at: '2022-01-01T00:00:00Z',
  details: JSON.stringify({ outOfBoxExperienceSetting: usage === null ? null : { deviceUsageType: usage } }),
  ...overrides,
})

export const device = (overrides: Partial<DeviceRowFull> = {}): DeviceRowFull => ({
  id: 'd1',
  serial_number: 'PF3ABC12',
  manufacturer: 'Lenovo',
  model: 'ThinkPad T14 Gen 4',
  group_tag: 'BENCH-LDN',
  purchase_order: '',
  user_principal_name: '',
  addressable_user_name: '',
  display_name: '',
  profile_status: 'assigned',
  profile_assignment_status: 'assignedInSync',
  profile_id: 'p-ud',
  profile_assigned_at: '2026-11-20T10:00:00Z',
  enrollment_state: 'notContacted',
  remediation_state: 'noRemediationRequired',
  userless_enrollment_status: 'unknown',
  managed_device_id: '',
  entra_device_id: 'e-1',
  last_contacted_at: null,
  synced_at: '2026-11-23T09:00:00Z',
  ...overrides,
})

export function facts(overrides: Partial<CardFacts> = {}): CardFacts {
  return {
    device: device(),
    pending: [],
    profiles: [profile('p-ud', 'UD-Entra-PreProv'), profile('p-kiosk', 'Kiosk self-deploying', { pre_provisioning_allowed: 0 }, 'shared')],
    profileAssignments: [
      { profile_id: 'p-ud', group_id: GROUPS.ldn.id, kind: 'include' },
      { profile_id: 'p-kiosk', group_id: GROUPS.kiosk.id, kind: 'include' },
    ],
    groups: Object.values(GROUPS),
    espSynced: true,
    espConfigurations: [
      {
        id: 'x_DefaultWindows10EnrollmentCompletionPageConfiguration',
        display_name: 'All users and all devices',
        priority: 0,
        is_default: 1,
        show_progress: 0,
        log_collection: 0,
      },
      { id: 'esp-kiosk', display_name: 'ESP - Kiosk', priority: 1, is_default: 0, show_progress: 1, log_collection: 0 },
      { id: 'esp-ap', display_name: 'ESP - Autopilot devices', priority: 2, is_default: 0, show_progress: 1, log_collection: 1 },
    ],
    espAssignments: [
      { configuration_id: 'x_DefaultWindows10EnrollmentCompletionPageConfiguration', group_id: '*', kind: 'all-devices' },
      { configuration_id: 'esp-kiosk', group_id: GROUPS.kiosk.id, kind: 'include' },
      { configuration_id: 'esp-ap', group_id: GROUPS.all.id, kind: 'include' },
    ],
    job: null,
    manifest: null,
    user: null,
    entraDeviceObjectExists: null,
    refused: { entraObject: null, userLicence: null },
    linked: { entra: null, intune: null },
    unblockedAt: null,
    benchNetwork: null,
    domains: [
      { name: 'contoso.com', type: 'Managed' },
      { name: 'corp.contoso.com', type: 'Federated' },
    ],
    ...overrides,
  }
}
