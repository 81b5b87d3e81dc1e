import { inWords } from './words'

/**
 * Graph's enrollment enums in words a technician reads, as the Intune admin center writes them
 * ("Enrolled", "Not contacted"), never the enum value. Values Graph may add later are shown as they
 * come rather than hidden (docs/reference/graph-api.md, windowsAutopilotDeviceIdentity).
 */
const enrollmentStates: Record<string, string> = {
  enrolled: 'Enrolled',
  notContacted: 'Not contacted',
  pendingReset: 'Pending reset',
  failed: 'Failed',
  blocked: 'Blocked',
  unknown: 'Unknown',
}

/** `userlessEnrollmentStatus` (beta): whether the next userless (pre-provisioning) enrollment is allowed. */
const userlessStatuses: Record<string, string> = {
  allowed: 'Allowed',
  blocked: 'Blocked',
  unknown: 'Unknown',
}

export const enrollmentStateWords = inWords(enrollmentStates)
export const userlessStatusWords = inWords(userlessStatuses)

/** `deploymentProfileAssignmentStatus` as the Windows Autopilot devices list words it. */
export const profileStatusLabels = {
  notAssigned: 'Not assigned',
  assigning: 'Assigning',
  assigned: 'Assigned',
  fixPending: 'Fix pending',
  attentionRequired: 'Attention required',
  // Graph's `unknown` has no admin-center word: the admin center shows no status, and neither do we.
  unknown: 'No status reported',
} as const

/** Any stored profile status in words; a value Graph adds later is shown as it comes. */
export const profileStatusWords = inWords(profileStatusLabels)

/** A deployment profile's join type as the profile's "Join to Microsoft Entra ID as" setting reads. */
export const joinTypeWords = inWords({ entra: 'Microsoft Entra joined', hybrid: 'Microsoft Entra hybrid joined' })
