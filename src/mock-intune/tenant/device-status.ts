import { NEVER, type EnrollmentState, type ProfileAssignmentStatus, type RemediationState, type UserlessEnrollmentStatus } from '../model/device-identity'
import type { EnrolledVia } from '../model/device-record'
import { isSelfDeploying, type DeploymentProfile } from '../model/profile'
import { pickWeighted, type Random } from './prng'

/**
 * The state half of a generated device: profile assignment, enrollment and remediation, kept
 * mutually consistent (a notContacted device has no managed device id, an unassigned one no profile…).
 */
export interface DeviceStatus {
  deploymentProfileAssignmentStatus: ProfileAssignmentStatus
  deploymentProfileAssignmentDetailedStatus: 'none' | 'hardwareRequirementsNotMet'
  deploymentProfileId: string | null
  enrollmentState: EnrollmentState
  enrolledVia: EnrolledVia
  remediationState: RemediationState
  userlessEnrollmentStatus: UserlessEnrollmentStatus
  assignedAt: string
  lastContactedAt: string
  remediationChangedAt: string
}

const ASSIGNMENT: ReadonlyArray<readonly [ProfileAssignmentStatus, number]> = [
  ['assignedInSync', 860],
  ['pending', 50],
  ['assignedUnkownSyncState', 30],
  ['assignedOutOfSync', 20],
  ['failed', 10],
  ['unknown', 3],
]
const ENROLLMENT: ReadonlyArray<readonly [EnrollmentState, number]> = [
  ['notContacted', 680],
  ['enrolled', 270],
  ['failed', 20],
  ['pendingReset', 20],
  ['blocked', 10],
  ['unknown', 3],
]
const REMEDIATION: ReadonlyArray<readonly [RemediationState, number]> = [
  ['noRemediationRequired', 950],
  ['automaticRemediationRequired', 35],
  ['manualRemediationRequired', 15],
]

/** Fixed anchor, not "now": the same seed must give the same timestamps tomorrow. */
export const ANCHOR_MS = Date.UTC(2025, 5, 30, 12, 0, 0)
const DAY_MS = 86_400_000

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/**
 * ISO 8601 to the second with a Z, as Intune writes DateTimeOffsets. Hand-rolled (days → civil date,
 * H. Hinnant's algorithm) because a big page formats thousands of dates; years 0–9999 only.
 */
export function isoSeconds(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  const days = Math.floor(seconds / 86_400)
  const secondOfDay = seconds - days * 86_400
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const hour = Math.floor(secondOfDay / 3600)
  const minute = Math.floor((secondOfDay % 3600) / 60)
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(secondOfDay % 60)}Z`
}

/**
 * @param intended the profile the device's groups resolve to (null: no group targets it → notAssigned)
 * @param stale another profile, shown as the assigned one when the assignment is out of sync
 * @param virtualMachine a self-deploying profile on a VM fails with hardwareRequirementsNotMet (no TPM 2.0)
 */
export function generateStatus(random: Random, intended: DeploymentProfile | null, stale: string | null, virtualMachine: boolean): DeviceStatus {
  const assignedMs = ANCHOR_MS - Math.floor(random() * 730 * DAY_MS)
  const selfDeploying = intended !== null && isSelfDeploying(intended)
  let status: ProfileAssignmentStatus = intended ? pickWeighted(random, ASSIGNMENT) : 'notAssigned'
  if (status === 'failed' && !selfDeploying) status = 'assignedInSync'
  if (selfDeploying && virtualMachine) status = 'failed'
  const assigned = status === 'assignedInSync' || status === 'assignedUnkownSyncState' || status === 'assignedOutOfSync'
  const deploymentProfileId = !assigned ? null : status === 'assignedOutOfSync' ? stale : (intended?.id ?? null)
  const enrollmentState: EnrollmentState = assigned ? pickWeighted(random, ENROLLMENT) : 'notContacted'
  const contacted = enrollmentState !== 'notContacted' && enrollmentState !== 'unknown'
  const remediationState: RemediationState = contacted ? pickWeighted(random, REMEDIATION) : 'noRemediationRequired'
  const viaRoll = random()
  const enrolledVia: EnrolledVia =
    !contacted || intended === null
      ? null
      : selfDeploying
        ? 'selfDeploying'
        : intended.preprovisioningAllowed && viaRoll < 0.7
          ? 'preProvisioning'
          : 'userDriven'
  return {
    deploymentProfileAssignmentStatus: status,
    deploymentProfileAssignmentDetailedStatus: status === 'failed' ? 'hardwareRequirementsNotMet' : 'none',
    deploymentProfileId,
    enrollmentState,
    enrolledVia,
    remediationState,
    userlessEnrollmentStatus: enrollmentState === 'blocked' ? 'blocked' : random() < 0.98 ? 'allowed' : 'unknown',
    assignedAt: assigned ? isoSeconds(assignedMs) : NEVER,
    lastContactedAt: contacted ? isoSeconds(Math.min(ANCHOR_MS, assignedMs + Math.floor(random() * 60 * DAY_MS))) : NEVER,
    remediationChangedAt: remediationState !== 'noRemediationRequired' ? isoSeconds(ANCHOR_MS - Math.floor(random() * 30 * DAY_MS)) : NEVER,
  }
}
