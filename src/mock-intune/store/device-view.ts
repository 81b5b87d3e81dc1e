import type { Timing } from '../clock'
import type { DeviceFacts, TenantConfig } from '../config/tenant-config'
import { NEVER, type DeviceIdentity, type ProfileAssignmentDetailedStatus, type ProfileAssignmentStatus } from '../model/device-identity'
import type { AssignmentTrack, DeviceRecord } from '../model/device-record'
import { isSelfDeploying, profileRef, type DeploymentProfileRef } from '../model/profile'
import { isoSeconds } from '../tenant/device-status'

/** A device as Graph shows it at one moment: the entity plus its two navigation targets. */
export interface PresentedDevice {
  identity: DeviceIdentity
  deploymentProfile: DeploymentProfileRef | null
  intendedDeploymentProfile: DeploymentProfileRef | null
  /** Internal: the profile the device would download now (null when none is assigned). */
  assignedProfileId: string | null
}

export const factsOf = (record: DeviceRecord): DeviceFacts => ({
  ztdId: record.identity.id,
  groupTag: record.identity.groupTag,
  purchaseOrder: record.identity.purchaseOrderIdentifier,
  entraObjectId: record.entraObjectId,
})

export const isVirtualMachine = (identity: Pick<DeviceIdentity, 'model'>): boolean => identity.model === 'Virtual Machine'

interface Assignment {
  track: AssignmentTrack
  status: ProfileAssignmentStatus
  detailed: ProfileAssignmentDetailedStatus
  profileId: string | null
  assignedAt: string
}

/**
 * Turns stored devices into what Graph shows now, applying Intune's assignment behaviour lazily:
 * when the profile a device's groups resolve to changes (group tag edit, new assignment, group rule,
 * profile deleted…), the device goes `pending` ("Assigning") at that moment, then
 * `assignedUnkownSyncState`, then `assignedInSync` ("Assigned"), per the delays in clock.ts
 * (docs/reference/graph-api.md §B5 "Device → profile linkage"). A self-deploying profile on a virtual machine
 * ends `failed` / `hardwareRequirementsNotMet` (no TPM 2.0). Removing the last targeting profile ends
 * in `notAssigned`. Nothing is stored for the million untouched devices: the time of the change comes
 * from the configuration's version history.
 */
export class DeviceView {
  constructor(
    private readonly config: TenantConfig,
    private readonly timing: Timing,
  ) {}

  intendedProfileId(record: DeviceRecord): string | null {
    if (this.config.versionCount === 1 && record.writtenAt === 0) return record.assignment.target
    return this.config.profileFor(factsOf(record))
  }

  /** The assignment track brought up to date with the current configuration (not yet staged by time). */
  track(record: DeviceRecord): AssignmentTrack {
    const intended = this.intendedProfileId(record)
    const current = record.assignment
    if (intended === current.target) return current
    const since = this.config.changedSince(factsOf(record), record.writtenAt)
    return { target: intended, since, previous: this.assignedAt(record, current, since) }
  }

  /** Which profile was assigned at `at` according to an older track. */
  private assignedAt(record: DeviceRecord, track: AssignmentTrack, at: number): string | null {
    if (track.since === null) return record.deploymentProfileId
    return at - track.since >= this.timing.delay('assignmentPending') && !this.failsHardware(record, track.target) ? track.target : track.previous
  }

  private failsHardware(record: DeviceRecord, profileId: string | null): boolean {
    const profile = profileId === null ? undefined : this.config.profiles.get(profileId)
    return profile !== undefined && isSelfDeploying(profile) && isVirtualMachine(record.identity)
  }

  assignment(record: DeviceRecord, now: number): Assignment {
    const track = this.track(record)
    const identity = record.identity
    if (track.since === null) {
      return {
        track,
        status: identity.deploymentProfileAssignmentStatus,
        detailed: identity.deploymentProfileAssignmentDetailedStatus,
        profileId: record.deploymentProfileId,
        assignedAt: identity.deploymentProfileAssignedDateTime,
      }
    }
    const pending = this.timing.delay('assignmentPending')
    const elapsed = now - track.since
    if (elapsed < pending) {
      return { track, status: 'pending', detailed: 'none', profileId: track.previous, assignedAt: identity.deploymentProfileAssignedDateTime }
    }
    if (track.target === null) return { track, status: 'notAssigned', detailed: 'none', profileId: null, assignedAt: NEVER }
    if (this.failsHardware(record, track.target)) return { track, status: 'failed', detailed: 'hardwareRequirementsNotMet', profileId: null, assignedAt: NEVER }
    const status = elapsed < pending + this.timing.delay('assignmentConfirm') ? 'assignedUnkownSyncState' : 'assignedInSync'
    return { track, status, detailed: 'none', profileId: track.target, assignedAt: isoSeconds(track.since + pending) }
  }

  private ref(profileId: string | null): DeploymentProfileRef | null {
    const profile = profileId === null ? undefined : this.config.profiles.get(profileId)
    return profile ? profileRef(profile) : null
  }

  present(record: DeviceRecord, now: number): PresentedDevice {
    const a = this.assignment(record, now)
    const assigned = this.ref(a.profileId)
    const identity: DeviceIdentity =
      a.track === record.assignment && a.track.since === null
        ? record.identity
        : {
            ...record.identity,
            deploymentProfileAssignmentStatus: a.status,
            deploymentProfileAssignmentDetailedStatus: a.detailed,
            deploymentProfileAssignedDateTime: a.assignedAt,
          }
    const usable = a.status === 'assignedInSync' || a.status === 'assignedUnkownSyncState' || a.status === 'assignedOutOfSync' || a.status === 'pending'
    return {
      identity,
      deploymentProfile: assigned,
      intendedDeploymentProfile: this.ref(a.track.target),
      assignedProfileId: usable && assigned ? assigned.id : null,
    }
  }

  /**
   * A copy of the record with everything the clock has decided written down, ready to be changed and
   * stored: call before any write so later configuration changes are measured from this point.
   */
  settle(record: DeviceRecord, now: number): DeviceRecord {
    const a = this.assignment(record, now)
    return {
      ...record,
      identity: {
        ...record.identity,
        deploymentProfileAssignmentStatus: a.status,
        deploymentProfileAssignmentDetailedStatus: a.detailed,
        deploymentProfileAssignedDateTime: a.assignedAt,
      },
      deploymentProfileId: a.profileId,
      assignment: a.track,
      writtenAt: now,
    }
  }
}
