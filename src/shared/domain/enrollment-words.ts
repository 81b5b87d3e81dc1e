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

export const enrollmentStateWords = (state: string): string => enrollmentStates[state] ?? state
export const userlessStatusWords = (status: string): string => userlessStatuses[status] ?? status
