/**
 * Entra ID groups as the mock keeps them: security groups of devices, either assigned (static
 * `members`) or dynamic (`membershipRule` on devicePhysicalIds). Only what Autopilot targeting needs.
 */
export interface GroupEntity {
  id: string
  displayName: string
  description: string
  createdDateTime: string
  /** ['DynamicMembership'] for dynamic groups, [] for assigned ones. */
  groupTypes: string[]
  membershipRule: string | null
  membershipRuleProcessingState: 'On' | 'Paused' | null
  mailNickname: string
  securityEnabled: boolean
  mailEnabled: boolean
  /** Assigned (static) groups only: Entra device object ids. */
  members: string[]
}

export const isDynamic = (group: GroupEntity): boolean => group.groupTypes.some((t) => t.toLowerCase() === 'dynamicmembership')

/** The virtual "All devices" target Intune uses (its well-known id appears in assignment ids). */
export const ALL_DEVICES_ID = 'adadadad-808e-44e2-905a-0b7873a8a531'
export const ALL_USERS_ID = 'acacacac-9df4-4c7d-9d50-4ef0226f57a9'

export const GROUP_TARGET = '#microsoft.graph.groupAssignmentTarget'
export const EXCLUSION_TARGET = '#microsoft.graph.exclusionGroupAssignmentTarget'
export const ALL_DEVICES_TARGET = '#microsoft.graph.allDevicesAssignmentTarget'
export const ALL_USERS_TARGET = '#microsoft.graph.allLicensedUsersAssignmentTarget'
export type TargetType = typeof GROUP_TARGET | typeof EXCLUSION_TARGET | typeof ALL_DEVICES_TARGET | typeof ALL_USERS_TARGET

export interface AssignmentTarget {
  '@odata.type': TargetType
  deviceAndAppManagementAssignmentFilterId: string | null
  deviceAndAppManagementAssignmentFilterType: 'none' | 'include' | 'exclude'
  groupId?: string
}

/** A profile or ESP assignment: which object is assigned to which target. */
export interface Assignment {
  id: string
  /** The profile or enrollment configuration. */
  sourceId: string
  target: AssignmentTarget
}

export const groupTarget = (type: TargetType, groupId?: string): AssignmentTarget => ({
  '@odata.type': type,
  deviceAndAppManagementAssignmentFilterId: null,
  deviceAndAppManagementAssignmentFilterType: 'none',
  ...(groupId === undefined ? {} : { groupId }),
})
