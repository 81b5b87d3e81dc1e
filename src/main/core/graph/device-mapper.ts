import type { DeviceRow } from '../repos/devices-repo'
import type { ProfileStatus } from '@shared/device-schemas'

/**
 * Graph `windowsAutopilotDeviceIdentity` (docs/reference/graph-api.md B1) → the cache row.
 *
 * Profile status in admin-center words (docs/reference/autopilot.md §1.3): remediation wins — a hardware
 * change being auto-registered shows "Fix pending", a failed re-registration "Attention required";
 * otherwise the assignment status decides. The docs do not say how the admin center shows Graph's
 * `failed` and `unknown`, so those stay `unknown` rather than an invented status.
 */
export function profileStatusOf(assignment: unknown, remediation: unknown): ProfileStatus {
  if (remediation === 'automaticRemediationRequired') return 'fixPending'
  if (remediation === 'manualRemediationRequired') return 'attentionRequired'
  switch (assignment) {
    case 'assignedInSync':
    case 'assignedOutOfSync':
    case 'assignedUnkownSyncState': // sic: Graph spells it this way
      return 'assigned'
    case 'pending':
      return 'assigning'
    case 'notAssigned':
      return 'notAssigned'
    default:
      return 'unknown'
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** "Never" arrives as null or 0001-01-01 (docs/reference/graph-api.md B1); both mean no date. */
export const dateOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' && !value.startsWith('0001-01-01') ? value : null)

const profileIdOf = (value: unknown): string =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : ''

/** "Not enrolled" arrives as the all-zero GUID (docs/reference/graph-api.md B1). */
const nonZeroGuid = (value: unknown): string => (typeof value === 'string' && !/^[0-]*$/.test(value) ? value : '')

/** Maps one Graph device; returns null for an entry without the id and serial we key on. */
export function mapGraphDevice(raw: unknown): DeviceRow | null {
  if (typeof raw !== 'object' || raw === null) return null
  const d = raw as Record<string, unknown>
  if (typeof d.id !== 'string' || d.id === '' || typeof d.serialNumber !== 'string') return null
  return {
    id: d.id.toLowerCase(),
    serialNumber: d.serialNumber,
    manufacturer: text(d.manufacturer),
    model: text(d.model),
    // `orderIdentifier` is the deprecated alias of groupTag seen in the docs' list example.
    groupTag: text(d.groupTag) || text(d.orderIdentifier),
    purchaseOrder: text(d.purchaseOrderIdentifier),
    userPrincipalName: text(d.userPrincipalName),
    addressableUserName: text(d.addressableUserName),
    displayName: text(d.displayName),
    profileStatus: profileStatusOf(d.deploymentProfileAssignmentStatus, d.remediationState),
    // Graph's value as sent: the admin-center word above folds assignedOutOfSync into Assigned.
    profileAssignmentStatus: text(d.deploymentProfileAssignmentStatus),
    profileAssignedAt: dateOrNull(d.deploymentProfileAssignedDateTime),
    enrollmentState: text(d.enrollmentState) || 'unknown',
    remediationState: text(d.remediationState) || 'unknown',
    profileId: profileIdOf(d.deploymentProfile),
    userlessEnrollmentStatus: text(d.userlessEnrollmentStatus) || 'unknown',
    managedDeviceId: nonZeroGuid(d.managedDeviceId),
    entraDeviceId: text(d.azureAdDeviceId) || text(d.azureActiveDirectoryDeviceId),
    lastContactedAt: dateOrNull(d.lastContactedDateTime),
  }
}
