/**
 * windowsAutopilotDeviceIdentity as Graph beta serialises it (docs/reference/graph-api.md §B1).
 *
 * Enums are string unions because Graph sends enum names, never numbers. The key order of
 * BETA_PROPERTIES is the order the mock writes them in, matching the contract's example.
 */

export const PROFILE_ASSIGNMENT_STATUSES = [
  'unknown',
  'assignedInSync',
  'assignedOutOfSync',
  'assignedUnkownSyncState',
  'notAssigned',
  'pending',
  'failed',
] as const
export const PROFILE_ASSIGNMENT_DETAILED_STATUSES = [
  'none',
  'hardwareRequirementsNotMet',
  'surfaceHubProfileNotSupported',
  'holoLensProfileNotSupported',
  'windowsPcProfileNotSupported',
  'surfaceHub2SProfileNotSupported',
  'unknownFutureValue',
] as const
export const ENROLLMENT_STATES = ['unknown', 'enrolled', 'pendingReset', 'failed', 'notContacted', 'blocked'] as const
export const REMEDIATION_STATES = [
  'unknown',
  'noRemediationRequired',
  'automaticRemediationRequired',
  'manualRemediationRequired',
  'unknownFutureValue',
] as const
export const USERLESS_ENROLLMENT_STATUSES = ['unknown', 'allowed', 'blocked', 'unknownFutureValue'] as const

export type ProfileAssignmentStatus = (typeof PROFILE_ASSIGNMENT_STATUSES)[number]
export type ProfileAssignmentDetailedStatus = (typeof PROFILE_ASSIGNMENT_DETAILED_STATUSES)[number]
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number]
export type RemediationState = (typeof REMEDIATION_STATES)[number]
export type UserlessEnrollmentStatus = (typeof USERLESS_ENROLLMENT_STATUSES)[number]

/** "Never" for DateTimeOffset properties: the Intune convention, used consistently instead of null. */
export const NEVER = '0001-01-01T00:00:00Z'

export interface DeviceIdentity {
  id: string
  deploymentProfileAssignmentStatus: ProfileAssignmentStatus
  deploymentProfileAssignmentDetailedStatus: ProfileAssignmentDetailedStatus
  deploymentProfileAssignedDateTime: string
  groupTag: string
  purchaseOrderIdentifier: string
  serialNumber: string
  productKey: string
  manufacturer: string
  model: string
  enrollmentState: EnrollmentState
  lastContactedDateTime: string
  addressableUserName: string
  userPrincipalName: string
  resourceName: string
  skuNumber: string
  systemFamily: string
  azureActiveDirectoryDeviceId: string
  azureAdDeviceId: string
  managedDeviceId: string
  displayName: string
  deviceAccountUpn: string | null
  deviceAccountPassword: string | null
  deviceFriendlyName: string | null
  remediationState: RemediationState
  remediationStateLastModifiedDateTime: string
  userlessEnrollmentStatus: UserlessEnrollmentStatus
}

export type DeviceIdentityProperty = keyof DeviceIdentity

export const BETA_PROPERTIES: readonly DeviceIdentityProperty[] = [
  'id',
  'deploymentProfileAssignmentStatus',
  'deploymentProfileAssignmentDetailedStatus',
  'deploymentProfileAssignedDateTime',
  'groupTag',
  'purchaseOrderIdentifier',
  'serialNumber',
  'productKey',
  'manufacturer',
  'model',
  'enrollmentState',
  'lastContactedDateTime',
  'addressableUserName',
  'userPrincipalName',
  'resourceName',
  'skuNumber',
  'systemFamily',
  'azureActiveDirectoryDeviceId',
  'azureAdDeviceId',
  'managedDeviceId',
  'displayName',
  'deviceAccountUpn',
  'deviceAccountPassword',
  'deviceFriendlyName',
  'remediationState',
  'remediationStateLastModifiedDateTime',
  'userlessEnrollmentStatus',
]

/** The v1.0 subset (the ✓ column of §B1). */
export const V1_PROPERTIES: readonly DeviceIdentityProperty[] = [
  'id',
  'groupTag',
  'purchaseOrderIdentifier',
  'serialNumber',
  'productKey',
  'manufacturer',
  'model',
  'enrollmentState',
  'lastContactedDateTime',
  'addressableUserName',
  'userPrincipalName',
  'resourceName',
  'skuNumber',
  'systemFamily',
  'azureActiveDirectoryDeviceId',
  'managedDeviceId',
  'displayName',
]

/** Navigation properties ($expand) exist in beta only. */
export const NAVIGATION_PROPERTIES = ['deploymentProfile', 'intendedDeploymentProfile'] as const
export type NavigationProperty = (typeof NAVIGATION_PROPERTIES)[number]
