import {
  domainProfileStatuses,
  type DomainProfileStatus,
  type ReadinessInput,
  type ReadinessJob,
  type ReadinessUser,
  type RemediationState,
} from '@shared/domain/readiness'
import { explainProfileAssignment, type AssignmentTarget, type ExplainProfileInput, type ProfileExplanation } from '@shared/domain/profile-assignment'
import { groupTagToCome, tagOutcomeOf } from '@shared/domain/awaited-profile'
import type { AwaitedProfile } from '@shared/domain/readiness'
import type { CardFacts } from './card-facts'
import { espForDevice, membershipMap } from './esp-targeting'
import { readinessProfileOf } from './profile-rows'

const remediationStates: readonly RemediationState[] = [
  'unknown',
  'noRemediationRequired',
  'automaticRemediationRequired',
  'manualRemediationRequired',
  'unknownFutureValue',
]
const orNull = (text: string | null | undefined): string | null => (text && text.trim() !== '' ? text : null)

/** Why the device gets its profile, from the cached groups, assignments and profiles. */
export function explainFromFacts(facts: CardFacts): ProfileExplanation {
  return explainProfileAssignment(explanationInputOf(facts))
}

/** What the explanation is worked out from: the card carries it, so a new group tag can be explained before it is saved. */
export function explanationInputOf(facts: CardFacts): ExplainProfileInput {
  return tenantExplanationInput(facts, facts.device.group_tag, facts.device.purchase_order)
}

/** The same input for any group tag and purchase order (a job's tag before it is on a device). */
export function tenantExplanationInput(
  facts: Pick<CardFacts, 'groups' | 'profiles' | 'profileAssignments'>,
  groupTag: string,
  purchaseOrder: string,
): ExplainProfileInput {
  const target = (a: { group_id: string; kind: string }): AssignmentTarget =>
    a.kind === 'all-devices'
      ? { type: 'allDevices' }
      : a.kind === 'exclude'
        ? { type: 'exclusion', groupId: a.group_id }
        : { type: 'group', groupId: a.group_id }
  return {
    device: { groupTag, purchaseOrderId: purchaseOrder, isAutopilotDevice: true },
    // Every cached group (profile and ESP targets alike), so the ESP check reuses the same memberships.
    groups: facts.groups.map((g) => ({ id: g.id, displayName: g.display_name, membershipRule: g.membership_rule || null })),
    assignments: facts.profileAssignments.filter((a) => a.kind !== 'all-users').map((a) => ({ profileId: a.profile_id, target: target(a) })),
    profiles: facts.profiles.map((p) => ({ id: p.id, displayName: p.display_name, createdDateTime: p.created_at ?? '' })),
  }
}

/**
 * Federated = the UPN's domain is a verified domain of type Federated. Null when the domains were
 * never read, or the UPN's domain isn't among them (we don't guess).
 */
export function federatedOf(upn: string, domains: CardFacts['domains']): boolean | null {
  const at = upn.lastIndexOf('@')
  if (!domains || at < 0) return null
  const domain = domains.find(
    (d) =>
      d.name ===
      upn
        .slice(at + 1)
        .trim()
        .toLowerCase(),
  )
  return domain ? domain.type.toLowerCase() === 'federated' : null
}

function userOf(facts: CardFacts): ReadinessUser | null {
  const upn = facts.device.user_principal_name.trim()
  if (!upn) return null
  return { licensedForIntune: facts.user?.licensed ?? null, federated: federatedOf(upn, facts.domains) }
}

function jobOf(facts: CardFacts): ReadinessJob | null {
  const { job, manifest } = facts
  if (!job) return null
  const expected = job.expected_profile_id ? facts.profiles.find((p) => p.id === job.expected_profile_id) : undefined
  return {
    expectedProfileId: orNull(job.expected_profile_id),
    expectedProfileName: expected?.display_name ?? null,
    groupTag: orNull(job.group_tag),
    deviceNameTemplate: orNull(job.device_name_template),
    expectedUserPrincipalName: orNull(manifest?.user_principal_name),
    expectedAddressableUserName: orNull(manifest?.addressable_user_name),
    manifestDeviceName: orNull(manifest?.display_name),
  }
}

/**
 * What the group tag the device will have brings (a queued change's, else Intune's), as the card's
 * reminder works it out (awaited-profile.ts): the readiness rules then never say to wait for an
 * assignment the reminder says is not coming. `explanation` is of Intune's tag, reused when no change waits.
 */
function awaitedProfileOf(facts: CardFacts, explanation: ProfileExplanation): AwaitedProfile {
  const pending = groupTagToCome(facts.device.group_tag, facts.pending) !== facts.device.group_tag
  const outcome = pending ? tagOutcomeOf(explanationInputOf(facts), facts.pending) : { tag: facts.device.group_tag, pending, explanation }
  return { tag: outcome.tag, pending, profileName: outcome.explanation.winner?.profileName ?? null, certain: outcome.explanation.certain }
}

/**
 * The readiness check's input, each part from where the cache really knows it (docs/device-card.md):
 * - profile: the profile Intune says is assigned (devices.profile_id, filled when the device is
 *   refreshed); never the one the group chain predicts, which may not be assigned yet after a
 *   group-tag change;
 * - Entra device object: the Autopilot record keeps its Entra device id even after the object is
 *   deleted, so only an online lookup can tell (verify-online.ts); without one it stays null.
 */
export function readinessInputOf(facts: CardFacts, explanation: ProfileExplanation): ReadinessInput {
  const { device } = facts
  const profileRow = device.profile_id ? facts.profiles.find((p) => p.id === device.profile_id) : undefined
  const status = (domainProfileStatuses as readonly string[]).includes(device.profile_status) ? (device.profile_status as DomainProfileStatus) : 'unknown'
  const remediation = (remediationStates as readonly string[]).includes(device.remediation_state) ? (device.remediation_state as RemediationState) : null
  return {
    device: {
      serialNumber: device.serial_number,
      manufacturer: orNull(device.manufacturer),
      model: orNull(device.model),
      profileStatus: status,
      profileAssignmentStatus: orNull(device.profile_assignment_status),
      dateAssigned: device.profile_assigned_at,
      assignedProfileId: orNull(device.profile_id),
      assignedProfileName: profileRow?.display_name ?? null,
      groupTag: device.group_tag,
      userPrincipalName: device.user_principal_name,
      userFriendlyName: device.addressable_user_name,
      deviceName: device.display_name,
      remediationState: remediation,
      entraDeviceObjectExists: facts.entraDeviceObjectExists,
      pendingChanges: facts.pending.map((p) => ({
        field: p.field,
        value: p.value,
        ...(p.error ? { error: p.error, nextAttemptAt: p.nextAttemptAt ?? null } : {}),
      })),
      enrollmentState: orNull(device.enrollment_state),
      managedDeviceId: orNull(device.managed_device_id),
      userlessEnrollmentStatus: orNull(device.userless_enrollment_status),
      unblockedAt: facts.unblockedAt,
    },
    profile: profileRow ? readinessProfileOf(profileRow) : null,
    esp: espForDevice(facts.espSynced, facts.espConfigurations, facts.espAssignments, membershipMap(explanation.groups)),
    job: jobOf(facts),
    user: userOf(facts),
    bench: { network: facts.benchNetwork },
    refused: facts.refused,
    awaitedProfile: awaitedProfileOf(facts, explanation),
  }
}
