import { classifyOem, isListedOem, LISTED_OEM_NAMES } from './oem'
import { ENROLLED_BEFORE, hasManagedDevice } from './readiness-reuse'
import { enrollmentStateWords, userlessStatusWords } from './enrollment-words'

/** What Intune says about the device that decides whether Unblock device has anything to do. */
export interface UnblockFacts {
  /** Graph beta `userlessEnrollmentStatus`: allowed, blocked, unknown. */
  userlessEnrollmentStatus: string | null
  /** Graph `enrollmentState`: enrolled, notContacted, pendingReset, failed, blocked, unknown. */
  enrollmentState: string | null
  /** The Intune device record (managed device); the all-zero GUID or '' when none. */
  managedDeviceId: string | null
  manufacturer: string | null
  model: string | null
}

/**
 * - `blocked`: Intune reports the next userless enrollment blocked — what Unblock device is for.
 * - `one-time-limit`: Intune does not report it blocked (yet), but the device enrolled before and its
 *   OEM does not re-enroll automatically, so the one-time limit blocks its next enrollment (0x80180014);
 *   the troubleshooting FAQ's fix is Unblock device before trying again.
 * - `nothing-to-unblock`: not blocked and nothing known that would block it.
 */
export type UnblockNeed = { kind: 'blocked' | 'one-time-limit' | 'nothing-to-unblock'; reason: string }

/**
 * Whether Unblock device (Graph beta `allowNextEnrollment`, "unblocks next autopilot enrollment") has
 * anything to unblock, from what Intune reports (docs/reference/autopilot.md §3.1, §6.3; graph-api.md
 * B1, B2). Microsoft documents only the blocked case: what allowNextEnrollment does for a device that
 * was never blocked (a 204 that changes nothing, or something else) is not said, so the app does not
 * offer it there rather than report an unblock that did not happen.
 */
export function unblockNeed(facts: UnblockFacts): UnblockNeed {
  const status = (facts.userlessEnrollmentStatus ?? '').trim()
  const state = (facts.enrollmentState ?? '').trim()
  if (status === 'blocked')
    return { kind: 'blocked', reason: 'Intune blocks the next userless enrollment of this device (userless enrollment status Blocked).' }
  const record = hasManagedDevice(facts.managedDeviceId)
  const statusWords = userlessStatusWords(status || 'unknown')
  if (!record && !ENROLLED_BEFORE.has(state)) {
    return {
      kind: 'nothing-to-unblock',
      reason: `Nothing to unblock: Intune does not report this device as blocked (userless enrollment status ${statusWords}), and it never enrolled (enrollment state ${enrollmentStateWords(state || 'unknown')}, no Intune device record), so the one-time pre-provisioning limit does not apply.`,
    }
  }
  const oem = classifyOem(facts.manufacturer, facts.model)
  if (isListedOem(oem)) {
    return {
      kind: 'nothing-to-unblock',
      reason: `Nothing to unblock: Intune does not report this device as blocked (userless enrollment status ${statusWords}), and ${LISTED_OEM_NAMES[oem]} devices re-enroll automatically after pre-provisioning.`,
    }
  }
  return {
    kind: 'one-time-limit',
    reason: `Intune does not report this device as blocked yet (userless enrollment status ${statusWords}), but it enrolled before and ${oem === 'unknown' ? 'its manufacturer is unknown' : 'its manufacturer does not re-enroll automatically'}, so the one-time pre-provisioning limit blocks its next enrollment (0x80180014).`,
  }
}
