import type { DeviceRow } from '@core/repos/devices-repo'

/**
 * The state fields of a cached Autopilot device as the tests' rows mostly have them: a profile
 * assigned, not yet enrolled, no Intune or Entra record. Fixtures spread it and set what they test.
 */
export const deviceRowState = {
  profileStatus: 'assigned',
  profileAssignmentStatus: 'assignedInSync',
  profileAssignedAt: null,
  enrollmentState: 'notContacted',
  remediationState: 'noRemediationRequired',
  profileId: '',
  userlessEnrollmentStatus: 'allowed',
  managedDeviceId: '',
  entraDeviceId: '',
  lastContactedAt: null,
} satisfies Partial<DeviceRow>
