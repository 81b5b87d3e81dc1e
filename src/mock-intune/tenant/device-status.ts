import { NEVER, type EnrollmentState, type ProfileAssignmentStatus, type RemediationState, type UserlessEnrollmentStatus } from '../model/device-identity'
import type { DeploymentProfileRef } from '../model/device-record'
import { pickWeighted, type Random } from './prng'

/**
 * The state half of a generated device: profile assignment, enrollment and remediation, kept
 * mutually consistent (a notContacted device has no managed device id, an unassigned one no profile…).
 */
export interface DeviceStatus {
  deploymentProfileAssignmentStatus: ProfileAssignmentStatus
  deploymentProfileAssignmentDetailedStatus: 'none' | 'hardwareRequirementsNotMet'
  deploymentProfile: DeploymentProfileRef | null
  enrollmentState: EnrollmentState
  remediationState: RemediationState
  userlessEnrollmentStatus: UserlessEnrollmentStatus
  assignedAt: string
  lastContactedAt: string
  remediationChangedAt: string
}

const ASSIGNMENT: ReadonlyArray<readonly [ProfileAssignmentStatus, number]> = [
  ['assignedInSync', 860], ['pending', 50], ['assignedUnkownSyncState', 30], ['assignedOutOfSync', 20], ['notAssigned', 30], ['failed', 10],
]
const ENROLLMENT: ReadonlyArray<readonly [EnrollmentState, number]> = [
  ['notContacted', 680], ['enrolled', 270], ['failed', 20], ['pendingReset', 20], ['blocked', 10],
]
const REMEDIATION: ReadonlyArray<readonly [RemediationState, number]> = [
  ['noRemediationRequired', 950], ['automaticRemediationRequired', 35], ['manualRemediationRequired', 15],
]

/** Fixed anchor, not "now": the same seed must give the same timestamps tomorrow. */
const ANCHOR_MS = Date.UTC(2025, 5, 30, 12, 0, 0)
const DAY_MS = 86_400_000

export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

export function generateStatus(random: Random, intended: DeploymentProfileRef | null, others: readonly DeploymentProfileRef[]): DeviceStatus {
  const assignedMs = ANCHOR_MS - Math.floor(random() * 730 * DAY_MS)
  const status: ProfileAssignmentStatus = intended ? pickWeighted(random, ASSIGNMENT) : 'notAssigned'
  const assigned = status === 'assignedInSync' || status === 'assignedUnkownSyncState' || status === 'assignedOutOfSync'
  const stale = others.find((p) => p.id !== intended?.id) ?? null
  const deploymentProfile = !assigned ? null : status === 'assignedOutOfSync' ? stale : intended
  const selfDeploying = intended?.displayName.startsWith('SD-') ?? false
  const enrollmentState: EnrollmentState = assigned ? pickWeighted(random, ENROLLMENT) : 'notContacted'
  const contacted = enrollmentState !== 'notContacted'
  const remediationState: RemediationState = contacted ? pickWeighted(random, REMEDIATION) : 'noRemediationRequired'
  return {
    deploymentProfileAssignmentStatus: status,
    deploymentProfileAssignmentDetailedStatus: status === 'failed' && selfDeploying ? 'hardwareRequirementsNotMet' : 'none',
    deploymentProfile,
    enrollmentState,
    remediationState,
    userlessEnrollmentStatus: enrollmentState === 'blocked' ? 'blocked' : random() < 0.98 ? 'allowed' : 'unknown',
    assignedAt: assigned ? isoSeconds(assignedMs) : NEVER,
    lastContactedAt: contacted ? isoSeconds(Math.min(ANCHOR_MS, assignedMs + Math.floor(random() * 60 * DAY_MS))) : NEVER,
    remediationChangedAt: remediationState !== 'noRemediationRequired' ? isoSeconds(ANCHOR_MS - Math.floor(random() * 30 * DAY_MS)) : NEVER,
  }
}
