import { refusalSentence, type LookupRefusal } from './lookup-refusal'
import { cite, type Citation } from './citation'
import {
  HYBRID_NAME_CITATION,
  DEVICE_NAME_CITATION,
  matchesDeviceNameTemplate,
  previewDeviceName,
  validateDeviceName,
  validateDeviceNameTemplate,
} from './device-name'
import { isTargetName, targetDeviceName } from './device-name-target'
import { classifyOem, isListedOem, isVirtualMachineModel, LISTED_OEM_NAMES } from './oem'
import { networkRule, reuseRule, type BenchNetwork } from './readiness-reuse'
import { count } from './words'

/**
 * The readiness check: is this device ready for the technician to press Provision?
 * Each item carries its reason, the fix and a citation of docs/reference/autopilot.md. Pure: the caller
 * gathers the inputs (cache, outbox, job) and this decides.
 *
 * Statuses: `ok`; `warn` (worth knowing, doesn't block); `fail` (blocks); `unknown` (the data
 * needed isn't available — the check is not passed silently).
 * Verdict: `ready` only with no fail, no pending change (a fail of its own) and nothing unknown;
 * `unconfirmed` when nothing fails but something couldn't be checked; otherwise `not-ready`.
 */

/** The profile status words of the Intune admin center (§1.3); same literals as src/shared/device-schemas.ts. */
export const domainProfileStatuses = ['notAssigned', 'assigning', 'assigned', 'fixPending', 'attentionRequired', 'unknown'] as const
export type DomainProfileStatus = (typeof domainProfileStatuses)[number]

/** Graph `remediationState` (docs/reference/graph-api.md §B1). */
export type RemediationState = 'unknown' | 'noRemediationRequired' | 'automaticRemediationRequired' | 'manualRemediationRequired' | 'unknownFutureValue'

export interface PendingChange {
  /** Graph property name, e.g. `groupTag`, `displayName`, `userPrincipalName`. */
  field: string
  /** The value the change sets ('' to clear, null for an unassign). */
  value: string | null
  /** Why its last try did not get through (e.g. Intune did not answer it), when one failed. */
  error?: string
  /** When it is tried again after that; null: at the next run. */
  nextAttemptAt?: string | null
}

/** A pending change's last failed try in one clause: "Intune did not answer it (…); trying again at 2026-11-23 10:05 UTC". */
const lastTryOf = (change: PendingChange): string =>
  change.error
    ? ` Its last try did not get through: ${change.error.replace(/\.$/, '')}${change.nextAttemptAt ? `; trying again at ${utcMinute(change.nextAttemptAt)}` : ''}.`
    : ''

export interface ReadinessDevice {
  serialNumber: string
  manufacturer: string | null
  model: string | null
  profileStatus: DomainProfileStatus
  /**
   * Graph's deploymentProfileAssignmentStatus as Intune sent it (profileStatus is the admin center's word, which
   * shows assignedInSync, assignedOutOfSync and assignedUnkownSyncState all as Assigned). Absent, null or '': not read.
   */
  profileAssignmentStatus?: string | null
  /** ISO 8601, or null. Graph's "never" value `0001-01-01T00:00:00Z` counts as not set. */
  dateAssigned: string | null
  assignedProfileId: string | null
  assignedProfileName: string | null
  groupTag: string
  /** '' when no user is assigned. */
  userPrincipalName: string
  userFriendlyName: string
  /** The record's Device name ('' when none). */
  deviceName: string
  remediationState: RemediationState | null
  /** Whether the Microsoft Entra device object still exists; null = not checked. */
  entraDeviceObjectExists: boolean | null
  /** Outbox changes not yet confirmed by Intune. */
  pendingChanges: readonly PendingChange[]
  /** Graph `enrollmentState` ('' or null when not known). */
  enrollmentState: string | null
  /** The linked Intune device record (managed device id); null or the zero GUID when none. */
  managedDeviceId: string | null
  /** Graph beta `userlessEnrollmentStatus`; null when not known. */
  userlessEnrollmentStatus: string | null
  /** When Unblock device was last done from this app for the device; null when never. */
  unblockedAt: string | null
}

export interface ReadinessProfile {
  id: string
  displayName: string
  joinType: 'entra' | 'hybrid'
  deploymentMode: 'userDriven' | 'selfDeploying'
  preprovisioningAllowed: boolean
  /** The "Apply device name template" value; null or '' when not applied. */
  deviceNameTemplate: string | null
  /** Language (Region): 'os-default', 'user-select' or a locale; null when not known. */
  language?: string | null
  /** "Automatically configure keyboard"; null when not known. */
  keyboardSkipped?: boolean | null
}

export interface ReadinessEsp {
  /** Whether an ESP profile targets the device (through its groups, or the default ESP). */
  targetsDevice: boolean | null
  /** "Show app and profile configuration progress". */
  showsProgress: boolean | null
  /** "Turn on log collection and diagnostics page for end users". */
  logCollection: boolean | null
  /** Whether the ESP that applies is the default one (assigned to all devices). */
  isDefault?: boolean
  name?: string
}

export interface ReadinessJob {
  expectedProfileId: string | null
  expectedProfileName: string | null
  groupTag: string | null
  deviceNameTemplate: string | null
  /** From the job manifest (serial → user), when it names one for this device. */
  expectedUserPrincipalName: string | null
  /** The manifest row's user friendly name, when it gives one (else the user's display name is sent). */
  expectedAddressableUserName?: string | null
  /** The job manifest row's device name for this device: the target name, before the job's template (device-name-target.ts). */
  manifestDeviceName?: string | null
}

export interface ReadinessUser {
  licensedForIntune: boolean | null
  /** Federated (ADFS) domain. */
  federated: boolean | null
}

export interface ReadinessInput {
  device: ReadinessDevice
  /** The assigned profile's settings from the cache; null when not known. */
  profile: ReadinessProfile | null
  esp: ReadinessEsp | null
  job: ReadinessJob | null
  /** The assigned user's licence and domain; null when no user or not known. */
  user: ReadinessUser | null
  /** The bench's own settings: its network (wired or Wi-Fi), null when not set. */
  bench: { network: BenchNetwork | null } | null
  /**
   * Online checks under way: the card opens from the cache and asks Microsoft Entra (device object, the
   * user's licence) after it, so these rules say they are being checked rather than giving the cached
   * answer or "not checked". Absent or null: none under way.
   */
  checking?: OnlineChecking | null
  /** Online look-ups Graph refused (403), with what is missing: the rules say so rather than "not checked". Absent or null: none. */
  refused?: { entraObject?: LookupRefusal | null; userLicence?: LookupRefusal | null } | null
  /**
   * The profile the group tag the device will have brings (awaited-profile.ts: a queued tag's, else
   * Intune's), worked out from the cached groups and assignments. Absent or null: not worked out, and the
   * rules judge Intune's status alone.
   */
  awaitedProfile?: AwaitedProfile | null
}

export interface AwaitedProfile {
  tag: string
  /** The tag is a queued change Intune does not show yet. */
  pending: boolean
  /** The profile that tag brings; null when none reaches the device. */
  profileName: string | null
  /** False when a group's membership can't be told from the cache (a static group). */
  certain: boolean
}

/** Which of the card's online lookups are under way. */
export interface OnlineChecking {
  entraObject: boolean
  userLicence: boolean
}

export type ReadinessStatus = 'ok' | 'warn' | 'fail' | 'unknown'

export const readinessRuleIds = [
  'profile-assigned',
  're-enrollment',
  'profile-mode',
  'network',
  'esp',
  'group-tag',
  'device-name',
  'manifest-user',
  'user',
  'user-prefill',
  'virtual-machine',
  'remediation',
  'entra-object',
  'pending-changes',
] as const
export type ReadinessRuleId = (typeof readinessRuleIds)[number]

export interface ReadinessItem {
  id: ReadinessRuleId
  status: ReadinessStatus
  title: string
  reason: string
  /** What to do; null when nothing needs doing. */
  fix: string | null
  citation: Citation
  /** Set while the online lookup this rule needs is under way (status `unknown` meanwhile, never ok or fail). */
  checking?: true
}

export type ReadinessVerdict = 'ready' | 'unconfirmed' | 'not-ready'

export interface ReadinessResult {
  verdict: ReadinessVerdict
  items: ReadinessItem[]
  counts: Record<ReadinessStatus, number>
  /** One line for the device card. */
  summary: string
}

/** docs/reference/autopilot.md §3.2 step 5: shown after any change to the device's record. */
export const REFRESH_REMINDER = {
  text: 'Press Refresh on the device (pre-provisioning screen) so it downloads its profile details again, then check that the organization, profile and user it shows are the expected ones.',
  citation: cite('§3.2', 'pre-provision-technician-flow', 'pp-technician-flow'),
} as const

const rank: Record<ReadinessStatus, number> = { ok: 0, warn: 1, unknown: 2, fail: 3 }
const worst = (statuses: ReadinessStatus[]): ReadinessStatus => statuses.reduce<ReadinessStatus>((a, b) => (rank[b] > rank[a] ? b : a), 'ok')

/** A date that is really set: parses, and isn't Graph's `0001-01-01` "never" placeholder. */
export function isDateSet(value: string | null | undefined): boolean {
  if (!value) return false
  const time = Date.parse(value)
  return !Number.isNaN(time) && new Date(time).getUTCFullYear() > 1
}

const blank = (value: string | null | undefined): boolean => value === null || value === undefined || value.trim() === ''
const q = (text: string): string => `'${text}'`
const statusWords: Record<DomainProfileStatus, string> = {
  notAssigned: 'Not assigned',
  assigning: 'Assigning',
  assigned: 'Assigned',
  fixPending: 'Fix pending',
  attentionRequired: 'Attention required',
  unknown: 'unknown',
}

const PROFILE_CITATION = cite('§1.3', 'ud-profile-verify', 'profiles', 'motherboard-replacement')

/** "2024-12-04T13:48:45Z" → "2024-12-04 13:48 UTC": readable in a reason, the same for every reader; other forms as given. */
const utcMinute = (iso: string | null): string => {
  const match = iso ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso) : null
  return match ? `${match[1]} ${match[2]} UTC` : (iso ?? '')
}

/**
 * The group tag the device will have brings no deployment profile: there is no assignment to wait for.
 * The card's reminder says the same ("No deployment profile to wait for", awaited-profile.ts). What
 * Intune shows meanwhile (Assigning, the old assignment) and how long it takes to show Not assigned is
 * not documented: the rules only say that no profile is coming, never when Intune will say so.
 */
const noProfileComing = (input: ReadinessInput): AwaitedProfile | null => (input.awaitedProfile?.profileName === null ? input.awaitedProfile : null)
const tagWords = (tag: string) => (tag ? `group tag ${q(tag)}` : 'no group tag')
const asFarAsCached = (awaited: AwaitedProfile) =>
  awaited.certain ? '' : " (as far as the cached groups tell: a static group's members can't be told from the cache)"
/**
 * A device in no bench job (its card opened from Devices, a scan with no active job) has no job to be compared with:
 * the items that compare with one say what they check without it. A walk found "Profile assigned, with its date, and
 * the one the job expects" on such a device, and "the job sets none" of a job there was not.
 */
const NO_JOB = 'the device is in no bench job'
/** The group-tag step of a fix: the job's tag when the job sets one, else any tag that reaches the profile's group. */
const setTagStep = (job: ReadinessJob | null) => (blank(job?.groupTag) ? 'Set a group tag' : "Set the job's group tag")
// The Bench's Next column shows a fix without its reason: it has to say which profile by itself. One
// wording before Intune shows Not assigned and after, so the row does not change its advice meanwhile.
const noProfileFix = (job: ReadinessJob | null) =>
  `Give the device a user-driven profile that allows pre-provisioning (${setTagStep(job).toLowerCase()} so it falls into that profile's group), then wait for Profile status Assigned with it.`

/**
 * Intune shows a profile assigned, but not the one the group tag leads to as the cached groups and
 * assignments tell (the card's "Why this profile", awaited-profile.ts). Graph has a status for an
 * assignment in this state: deploymentProfileAssignmentStatus `assignedOutOfSync` (docs/reference/graph-api.md
 * §B1 lists "`unknown`, `assignedInSync`, `assignedOutOfSync`, `assignedUnkownSyncState` …, `notAssigned`,
 * `pending`, `failed`"), which Profile status shows as Assigned (device-mapper.ts), as the admin center
 * does; the value itself is kept beside it since schema v16 (profileAssigned says it when Intune sends it). This
 * inference does not wait for it: an upgraded cache has it only after the next sync. The reference says nothing
 * more about it — not what brings the assignment in sync
 * nor how long it takes — so the rules say what is seen (the tag's profile is not applied yet) and to
 * wait and read again; Autopilot sync is offered as something to try, not as a documented cure. Judged
 * against the stale profile, they told to change a tenant-wide setting of a profile the device is
 * leaving, and to set the job's group tag the device already has.
 */
function tagProfileNotApplied(input: ReadinessInput): { tag: string; pending: boolean; coming: string; shown: string } | null {
  const awaited = input.awaitedProfile
  const shown = input.device.assignedProfileName
  if (input.device.profileStatus !== 'assigned' || !awaited || !awaited.certain || awaited.profileName === null || blank(shown)) return null
  return awaited.profileName.trim() === shown!.trim() ? null : { tag: awaited.tag, pending: awaited.pending, coming: awaited.profileName, shown: shown! }
}
const notAppliedReason = (n: NonNullable<ReturnType<typeof tagProfileNotApplied>>) =>
  `Intune shows profile ${q(n.shown)} assigned, but ${tagWords(n.tag)}${n.pending ? ' (a change not in Intune yet)' : ''} leads to ${q(n.coming)} (see Why this profile): ` +
  `Intune has not applied ${q(n.coming)} yet (the assignment is out of sync with the tag).`
const notAppliedFix = (n: NonNullable<ReturnType<typeof tagProfileNotApplied>>) =>
  `Wait for Profile status Assigned with ${q(n.coming)}, then press Refresh from Intune. If it does not change, run Autopilot sync (Intune actions) and refresh again.`

/**
 * Intune's own word that the profile assignment is out of sync: deploymentProfileAssignmentStatus `assignedOutOfSync`,
 * kept beside the admin center's Assigned since schema v16. docs/reference/graph-api.md §B1 lists the value and says
 * nothing more — not what is out of sync with what, what brings it back in sync, or how long that takes — so the item
 * adds what Intune reports to what the rules see and invents nothing: a check that passes becomes a note (warn) to read
 * the device again later, never a failure of its own; one that does not pass keeps its status and fix.
 */
function profileAssigned(input: ReadinessInput): ReadinessItem {
  const item = judgeProfileAssigned(input)
  if (input.device.profileStatus !== 'assigned' || input.device.profileAssignmentStatus !== 'assignedOutOfSync') return item
  // Beside the rules' own "out of sync with the tag" (tagProfileNotApplied), Intune's word confirms it rather than repeats it.
  const reason = `${item.reason} Intune ${item.reason.includes('out of sync') ? 'itself reports' : 'reports'} the profile assignment is out of sync.`
  if (item.status !== 'ok') return { ...item, reason }
  return {
    ...item,
    status: 'warn',
    reason,
    fix: 'Press Refresh from Intune later and check that the device still shows this profile; the docs do not say when an assignment is back in sync.',
  }
}

function judgeProfileAssigned(input: ReadinessInput): ReadinessItem {
  const { device, job } = input
  const expectedId = job?.expectedProfileId ?? null
  const expectedName = job?.expectedProfileName ?? null
  const expects = !blank(expectedId) || !blank(expectedName)
  const base = {
    id: 'profile-assigned' as const,
    title: expects ? 'Profile assigned, with its date, and the one the job expects' : 'Profile assigned, with its date',
    citation: PROFILE_CITATION,
  }
  const waitFix = 'Wait for profile assignment: Profile status = Assigned and Date assigned set.'
  const none = noProfileComing(input)
  const nothingToWaitFor = (shown: string): ReadinessItem | null =>
    none
      ? {
          ...base,
          status: 'fail',
          reason: `${shown}, but with ${tagWords(none.tag)}${none.pending ? ' (a change not in Intune yet)' : ''} no group that has a deployment profile takes the device and no default (All Devices) profile reaches it${asFarAsCached(none)}: there is no profile assignment to wait for.`,
          fix: noProfileFix(job),
        }
      : null
  switch (device.profileStatus) {
    case 'unknown':
      // Graph's `unknown` has no admin-center word; refreshing again returns the same, so the fix looks elsewhere.
      return {
        ...base,
        status: 'unknown',
        reason: 'Intune reports no profile status for this device (Graph says unknown; the admin center shows no status).',
        fix: 'Check the device in Windows Autopilot devices in the Intune admin center; if it shows no profile status there either, run Sync (Windows Autopilot devices) and check the group tag → group → profile chain.',
      }
    case 'notAssigned':
      return {
        ...base,
        status: 'fail',
        reason: 'Profile status is Not assigned: the device has no deployment profile yet.',
        fix: `${setTagStep(job)} so the device falls into the profile's group, then ${waitFix.charAt(0).toLowerCase()}${waitFix.slice(1)}`,
      }
    case 'assigning':
      return (
        nothingToWaitFor('Profile status is Assigning') ?? {
          ...base,
          status: 'fail',
          reason: 'Profile status is Assigning: the assignment is not finished.',
          fix: waitFix,
        }
      )
    case 'fixPending':
    case 'attentionRequired':
      return {
        ...base,
        status: 'fail',
        reason: `Profile status is ${statusWords[device.profileStatus]}, not Assigned (see the ${statusWords[device.profileStatus]} item).`,
        fix: 'See the Fix pending / Attention required item.',
      }
    case 'assigned':
      break
  }
  // Assigned now, but the tag the device will have brings none: the assignment shown is the old tag's.
  const oldAssignment = !isDateSet(device.dateAssigned) || none?.pending ? nothingToWaitFor('Profile status is Assigned') : null
  if (oldAssignment) return oldAssignment
  const notApplied = tagProfileNotApplied(input)
  if (notApplied) return { ...base, status: 'fail', reason: notAppliedReason(notApplied), fix: notAppliedFix(notApplied) }
  if (!isDateSet(device.dateAssigned)) {
    return { ...base, status: 'fail', reason: 'Profile status is Assigned but Date assigned is not populated yet.', fix: waitFix }
  }
  const shown = device.assignedProfileName ?? device.assignedProfileId ?? 'unknown'
  if (!expects) {
    const nothingToCompare = job ? 'the job names no expected profile to compare with' : `${NO_JOB}, so no profile is expected to compare with`
    const intended = job ? 'the one the order calls for' : 'the one this device should get'
    // The sync's device list does not carry which profile is assigned; a refresh of the device reads it.
    if (blank(device.assignedProfileName) && blank(device.assignedProfileId)) {
      return {
        ...base,
        status: 'warn',
        reason: `Assigned (${utcMinute(device.dateAssigned)}); which profile is not read yet, and ${nothingToCompare}.`,
        fix: `Refresh the device from Intune to read its profile, then check that it is ${intended}.`,
      }
    }
    return {
      ...base,
      status: 'warn',
      reason: `Assigned (${utcMinute(device.dateAssigned)}), profile ${q(shown)}; ${nothingToCompare}.`,
      fix: `Check that the profile name the device shows is ${intended}.`,
    }
  }
  let matches: boolean | null
  if (!blank(expectedId) && !blank(device.assignedProfileId)) matches = expectedId === device.assignedProfileId
  else if (!blank(expectedName) && !blank(device.assignedProfileName)) matches = expectedName?.trim() === device.assignedProfileName?.trim()
  else matches = null
  const expectedLabel = expectedName ?? expectedId ?? ''
  if (matches === null) {
    return {
      ...base,
      status: 'unknown',
      reason: `Assigned, but the assigned profile is not known to compare with the job's ${q(expectedLabel)}.`,
      fix: 'Refresh the device from Intune.',
    }
  }
  if (!matches) {
    return {
      ...base,
      status: 'fail',
      reason: `The assigned profile ${q(shown)} is not the job's ${q(expectedLabel)}.`,
      fix: `Check the group tag → group → profile chain; ${blank(job?.groupTag) ? `set a group tag that leads to ${q(expectedLabel)}` : "set the job's group tag"} and wait for profile assignment.`,
    }
  }
  return { ...base, status: 'ok', reason: `Assigned on ${utcMinute(device.dateAssigned)}: profile ${q(shown)}, as the job expects.`, fix: null }
}

function profileMode(input: ReadinessInput): ReadinessItem {
  const { profile, device } = input
  const base = {
    id: 'profile-mode' as const,
    title: 'Profile is user-driven and allows pre-provisioning',
    citation: cite('§2.1, §3.1, §6.3', 'profiles-create', 'pre-provision'),
  }
  const none = noProfileComing(input)
  if (none && device.profileStatus !== 'notAssigned' && (none.pending || device.profileStatus === 'assigning')) {
    // The profile shown (if any) is the old tag's: the one to judge is the one coming, and none is (the
    // card's reminder says so too, with the same caveat when a static group's members are not known).
    return {
      ...base,
      status: 'fail',
      reason: `With ${tagWords(none.tag)} no deployment profile reaches the device${asFarAsCached(none)}: pre-provisioning needs a user-driven profile with "Allow pre-provisioned deployment" = Yes.`,
      fix: noProfileFix(input.job),
    }
  }
  const notApplied = tagProfileNotApplied(input)
  if (notApplied) {
    // The settings at hand are the stale profile's; the one to judge is the tag's, once Intune assigns it.
    return {
      ...base,
      status: 'unknown',
      reason: `${notAppliedReason(notApplied)} Its settings are checked once it is assigned.`,
      fix: notAppliedFix(notApplied),
    }
  }
  if (!profile && device.profileStatus === 'notAssigned') {
    return {
      ...base,
      status: 'fail',
      reason: 'No deployment profile is assigned: pre-provisioning needs a user-driven profile with "Allow pre-provisioned deployment" = Yes.',
      // The Bench's Next column shows a fix without its reason: it has to say which profile by itself.
      fix: noProfileFix(input.job),
    }
  }
  if (!profile && blank(device.assignedProfileId)) {
    // Syncing profiles would not help: it is the device's own record that names its profile.
    return {
      ...base,
      status: 'unknown',
      reason: "Which profile is assigned to this device is not read yet (the sync's device list does not say).",
      fix: 'Refresh the device from Intune, then check again.',
    }
  }
  if (!profile) return { ...base, status: 'unknown', reason: "The assigned profile's settings are not in the cache.", fix: 'Sync profiles, then check again.' }
  if (!blank(device.assignedProfileId) && device.assignedProfileId !== profile.id) {
    return {
      ...base,
      status: 'unknown',
      reason: `The settings given are for profile ${q(profile.displayName)}, not the device's assigned profile.`,
      fix: 'Sync profiles, then check again.',
    }
  }
  const problems: string[] = []
  if (profile.deploymentMode !== 'userDriven')
    problems.push(`Profile ${q(profile.displayName)} is self-deploying; the bench flow pre-provisions user-driven profiles.`)
  if (!profile.preprovisioningAllowed) {
    problems.push(
      `"Allow pre-provisioned deployment" is No: Windows×5 still opens pre-provisioning, but Intune enforces the setting and the device fails with 0x80180005.`,
    )
  }
  if (problems.length > 0) {
    return {
      ...base,
      status: 'fail',
      reason: problems.join(' '),
      fix: `${
        profile.deploymentMode === 'userDriven'
          ? `Set "Allow pre-provisioned deployment" to Yes in ${q(profile.displayName)}, or give the device a profile that has it`
          : 'Give the device a user-driven profile with "Allow pre-provisioned deployment" = Yes'
      } (through its group tag); wait for Profile status Assigned with that profile, then press Refresh on the device. Pressing Provision first fails with 0x80180005.`,
    }
  }
  return { ...base, status: 'ok', reason: `Profile ${q(profile.displayName)} is user-driven and allows pre-provisioning.`, fix: null }
}

function esp(input: ReadinessInput): ReadinessItem {
  const base = {
    id: 'esp' as const,
    title: 'An ESP targets the device, shows progress and collects logs',
    citation: cite('§3.1, §3.2, §4.2', 'pre-provision-requirements', 'pp-technician-flow-tips', 'ud-esp'),
  }
  const { esp: page } = input
  if (!page)
    return {
      ...base,
      status: 'unknown',
      reason: 'Which Enrollment Status Page applies is not known.',
      fix: "Sync the ESP profiles and the device's groups, then check again.",
    }
  const parts: { status: ReadinessStatus; text: string; fix?: string }[] = []
  const name = page.name ? ` ${q(page.name)}` : ''
  if (page.targetsDevice === false)
    parts.push({
      status: 'fail',
      text: 'No ESP profile targets the device; pre-provisioning requires one.',
      fix: 'Assign an ESP profile to a device group the device is in.',
    })
  else if (page.targetsDevice === null) parts.push({ status: 'unknown', text: 'Whether an ESP profile targets the device is not known.' })
  if (page.showsProgress === false) {
    parts.push({
      status: 'fail',
      text: `The ESP${name} doesn't show app and profile configuration progress${page.isDefault ? ' (the default ESP has it off)' : ''}: Reseal can then appear before apps and configuration finish — the success screen only proves enrollment.`,
      fix: 'Use a custom ESP with "Show app and profile configuration progress" = Yes (Microsoft\'s recommendation).',
    })
  } else if (page.showsProgress === null) {
    parts.push({
      status: 'unknown',
      text: `Whether the ESP shows progress is not known${page.isDefault ? ' (the default ESP has it off unless changed)' : ''}.`,
    })
  }
  if (page.logCollection === false) {
    parts.push({
      status: 'warn',
      text: 'Log collection is off: the failure screen has no collect-logs button and Windows 11 has no diagnostics page.',
      fix: 'Set "Turn on log collection and diagnostics page for end users" = Yes (recommended).',
    })
  } else if (page.logCollection === null) {
    parts.push({ status: 'unknown', text: 'Whether log collection is on is not known.' })
  }
  if (parts.length === 0) return { ...base, status: 'ok', reason: `The ESP${name} targets the device, shows progress and collects logs.`, fix: null }
  const fixes = parts.flatMap((part) => (part.fix ? [part.fix] : []))
  return {
    ...base,
    status: worst(parts.map((part) => part.status)),
    reason: parts.map((part) => part.text).join(' '),
    fix: fixes.length > 0 ? fixes.join(' ') : 'Sync the ESP profiles, then check again.',
  }
}

function groupTag(input: ReadinessInput): ReadinessItem {
  const citation = cite('§1.1', 'manual-registration-edit', 'device-groups')
  const actual = input.device.groupTag.trim()
  if (!input.job) {
    const reason = actual ? `Group tag ${q(actual)}; ${NO_JOB}, so no group tag is expected.` : `No group tag; ${NO_JOB}, so none is expected.`
    return { id: 'group-tag', title: 'Group tag (no expected tag to compare with)', citation, status: 'ok', reason, fix: null }
  }
  const base = { id: 'group-tag' as const, title: "Group tag is the job's", citation }
  const expected = input.job.groupTag?.trim() ?? ''
  if (expected === '') return { ...base, status: 'ok', reason: actual ? `Group tag ${q(actual)}; the job sets none.` : 'The job sets no group tag.', fix: null }
  if (actual === expected) return { ...base, status: 'ok', reason: `Group tag ${q(actual)}, as the job expects.`, fix: null }
  const pending = input.device.pendingChanges.find((change) => change.field === 'groupTag')
  if (pending && (pending.value ?? '').trim() === expected) {
    return {
      ...base,
      status: 'warn',
      reason: `Intune shows ${q(actual)}; a pending change sets the job's ${q(expected)} (not confirmed yet).`,
      fix: 'Wait for the change to reach Intune, then for profile assignment.',
    }
  }
  if (actual.toLowerCase() === expected.toLowerCase()) {
    return {
      ...base,
      status: 'warn',
      reason: `Group tag ${q(actual)} differs from the job's ${q(expected)} only in letter case; the docs don't say whether group rules compare case-insensitively.`,
      fix: `Set the group tag to ${q(expected)} exactly.`,
    }
  }
  return {
    ...base,
    status: 'fail',
    reason: actual ? `Group tag ${q(actual)} differs from the job's ${q(expected)}.` : `No group tag; the job expects ${q(expected)}.`,
    fix: `Set the group tag to ${q(expected)}, then wait for profile assignment (the tag decides the group and so the profile).`,
  }
}

function deviceName(input: ReadinessInput): ReadinessItem {
  const { device, profile, job } = input
  const title = 'Device name and template valid'
  const serial = device.serialNumber
  const manifestName = job?.manifestDeviceName?.trim() ?? ''
  // The manifest row's name is the target when it has one: the job's template then does not apply.
  const jobTemplate = manifestName ? '' : (job?.deviceNameTemplate?.trim() ?? '')
  const profileTemplate = profile?.deviceNameTemplate?.trim() ?? ''
  const name = device.deviceName.trim()

  if (profile?.joinType === 'hybrid') {
    const set = [
      name && `device name ${q(name)}`,
      manifestName && manifestName !== name && `manifest's device name ${q(manifestName)}`,
      profileTemplate && `profile template ${q(profileTemplate)}`,
      jobTemplate && `job template ${q(jobTemplate)}`,
    ].filter(Boolean)
    return {
      id: 'device-name',
      title,
      citation: HYBRID_NAME_CITATION,
      status: set.length > 0 ? 'warn' : 'ok',
      reason:
        set.length > 0
          ? `Hybrid join ignores the ${set.join(', ')}: the domain join profile's computer name prefix names the device (%SERIAL% and %RAND% are unsupported there).`
          : "Hybrid join: the domain join profile's computer name prefix names the device.",
      // Something to do, not "nothing to fix": the P question lists this under "not ready", and the name the technician expects is not the one it gets.
      fix:
        set.length > 0
          ? "Expect the name from the domain join profile's computer name prefix, not this one; change that prefix if the order needs another."
          : null,
    }
  }

  const parts: { status: ReadinessStatus; text: string; fix?: string }[] = []
  const nameValid = name !== '' && validateDeviceName(name).valid
  if (name) {
    const check = validateDeviceName(name)
    if (!check.valid)
      parts.push({ status: 'fail', text: `Device name ${q(name)}: ${check.errors.map((e) => e.message).join(' ')}`, fix: 'Correct the device name.' })
  }
  for (const [label, template] of [
    ['profile template', profileTemplate],
    ['job template', jobTemplate],
  ] as const) {
    if (!template) continue
    const check = validateDeviceNameTemplate(template)
    if (!check.valid) {
      parts.push({ status: 'fail', text: `The ${label} ${q(template)}: ${check.errors.map((e) => e.message).join(' ')}`, fix: `Correct the ${label}.` })
      continue
    }
    const preview = previewDeviceName(template, serial)
    if (!preview.valid && nameValid) {
      // The record's own valid name is the documented per-device fix; the job template then no longer
      // matters. Which of a record name and a profile template Windows applies is not documented.
      parts.push({
        status: label === 'job template' ? 'ok' : 'warn',
        text: `The ${label} ${q(template)} would give ${q(preview.display)} for serial ${q(serial)} (${preview.errors.map((e) => e.message).join(' ')}); the device name ${q(name)} set on the record is valid${label === 'job template' ? ' and is used instead' : ", but the docs don't say which of the two Windows applies"}.`,
        fix: label === 'job template' ? undefined : 'Shorten the profile template so it fits every serial number.',
      })
    } else if (!preview.valid) {
      parts.push({
        status: 'fail',
        text: `The ${label} ${q(template)} gives ${q(preview.display)} for serial ${q(serial)}: ${preview.errors.map((e) => e.message).join(' ')}`,
        fix:
          label === 'job template'
            ? 'Set a valid device name on the record, or shorten the template.'
            : 'Shorten the profile template or set a device name on the record.',
      })
    } else {
      parts.push({ status: 'ok', text: `The ${label} ${q(template)} gives ${q(preview.display)}.` })
    }
  }
  const target = targetDeviceName({ manifestName, jobTemplate, serial })
  const pendingName = device.pendingChanges.find((change) => change.field === 'displayName')?.value?.trim() ?? ''
  if (target?.source === 'manifest') {
    const setTo = `Set the device name to ${q(target.name)} (the job manifest's).`
    if (isTargetName(name, target, serial)) parts.push({ status: 'ok', text: `Device name ${q(name)} is the job manifest's.` })
    else if (isTargetName(pendingName, target, serial))
      parts.push({ status: 'warn', text: `A pending change sets the device name ${q(pendingName)} (not confirmed yet).` })
    else if (name) parts.push({ status: 'warn', text: `Device name ${q(name)} is not the job manifest's (${q(target.name)}).`, fix: setTo })
    else parts.push({ status: 'warn', text: `No device name is set: the job manifest names this device ${q(target.name)}.`, fix: setTo })
  }
  if (jobTemplate && validateDeviceNameTemplate(jobTemplate).valid && previewDeviceName(jobTemplate, serial).valid) {
    const preview = previewDeviceName(jobTemplate, serial).display
    const setTo = preview.includes('#')
      ? `Set the device name from the job's template (${q(preview)}, # = a random digit).`
      : `Set the device name to ${q(preview)}.`
    const pending = device.pendingChanges.find((change) => change.field === 'displayName')
    if (name) {
      if (matchesDeviceNameTemplate(name, jobTemplate, serial) === false) {
        parts.push({ status: 'warn', text: `Device name ${q(name)} doesn't follow the job's template (${q(preview)}).`, fix: setTo })
      }
    } else if (pending && matchesDeviceNameTemplate((pending.value ?? '').trim(), jobTemplate, serial)) {
      parts.push({ status: 'warn', text: `A pending change sets the device name ${q(pending.value ?? '')} (not confirmed yet).` })
    } else if (profileTemplate !== jobTemplate) {
      const profileSays = profileTemplate ? `the profile's template ${q(profileTemplate)} is not the job's` : 'the profile applies no template'
      parts.push({ status: 'warn', text: `No device name is set and ${profileSays}: the job expects ${q(preview)}.`, fix: setTo })
    }
  }
  if (name && profileTemplate) {
    // The docs don't say which wins when the record has a Device name and the profile a template.
    parts.push({ status: 'ok', text: "Both a device name and a profile template are set; the docs don't say which one Windows uses." })
  }
  if (profile === null && (name || jobTemplate)) parts.push({ status: 'ok', text: 'The join type is not known: names apply to Entra join only.' })
  const status = worst(parts.map((part) => part.status))
  const fixes = parts.flatMap((part) => (part.fix && part.status !== 'ok' ? [part.fix] : []))
  return {
    id: 'device-name',
    title,
    citation: DEVICE_NAME_CITATION,
    status,
    reason: parts.length > 0 ? parts.map((part) => part.text).join(' ') : 'No device name or name template applies.',
    fix: fixes.length > 0 ? fixes.join(' ') : null,
  }
}

const USER_CITATION = cite('§1.4', 'ud-assign-user', 'device-groups-assign-user', 'known-issues', 'pre-provision-preparation')

/**
 * The manifest's user for this serial. A check of its own: under the licence check's title, "Assigned user
 * licensed for Intune", a mismatch read as a licence problem.
 */
function manifestUser(input: ReadinessInput): ReadinessItem {
  if (!input.job) {
    const reason = `${NO_JOB.charAt(0).toUpperCase()}${NO_JOB.slice(1)}, so no manifest names a user for it.`
    return { id: 'manifest-user', title: 'Assigned user (no manifest to compare with)', citation: USER_CITATION, status: 'ok', reason, fix: null }
  }
  const base = { id: 'manifest-user' as const, title: "Assigned user is the manifest's", citation: USER_CITATION }
  const upn = input.device.userPrincipalName.trim()
  const expected = input.job?.expectedUserPrincipalName?.trim() ?? ''
  if (!expected) return { ...base, status: 'ok', reason: 'The job manifest names no user for this device.', fix: null }
  // UPNs compare case-insensitively (an Entra convention; the Autopilot docs don't discuss case).
  if (upn.toLowerCase() === expected.toLowerCase()) return { ...base, status: 'ok', reason: `Assigned user ${q(upn)}, as the manifest names.`, fix: null }
  // Assigned here and not in Intune yet: "Assign …" sent the technician to do again what waits in Changes (a walk, with
  // Intune not answering the assignment). Still a fail: a device provisioned now gets Intune's user, not the manifest's.
  const pending = input.device.pendingChanges.find((change) => change.field === 'userPrincipalName')
  if (pending && (pending.value ?? '').trim().toLowerCase() === expected.toLowerCase()) {
    return {
      ...base,
      status: 'fail',
      reason: `Intune has ${upn ? q(upn) : 'no user'}; the assignment of the manifest's ${q(expected)} waits to reach Intune.${lastTryOf(pending)}`,
      fix: pending.error
        ? `Wait until the assignment of ${q(expected)} reaches Intune (Changes: Intune has not taken it yet${pending.nextAttemptAt ? `, next try at ${utcMinute(pending.nextAttemptAt)}` : ''}), then provision.`
        : `Wait until the assignment of ${q(expected)} reaches Intune (Changes), then provision.`,
    }
  }
  return {
    ...base,
    status: 'fail',
    reason: upn ? `Assigned user ${q(upn)} is not the manifest's ${q(expected)}.` : `No user assigned; the job manifest names ${q(expected)}.`,
    // A manifest without a friendly name leaves it to the user's display name (the outbox fills it; autopilot.md §1.4).
    fix: input.job?.expectedAddressableUserName?.trim()
      ? `Assign ${q(expected)} (with the user friendly name from the manifest).`
      : `Assign ${q(expected)} (Use manifest user on the device card).`,
  }
}

function user(input: ReadinessInput): ReadinessItem {
  const base = { id: 'user' as const, title: 'Assigned user licensed for Intune', citation: USER_CITATION }
  const upn = input.device.userPrincipalName.trim()
  if (!upn) {
    return {
      ...base,
      status: 'ok',
      reason: "No user assigned: the technician phase installs device-targeted apps only (no user's device-context apps).",
      fix: null,
    }
  }
  const parts: { status: ReadinessStatus; text: string; fix?: string }[] = []
  const info = input.user
  if (input.checking?.userLicence)
    parts.push({
      status: 'unknown',
      text: `Checking now whether ${q(upn)} is licensed for Intune (asking Microsoft Entra); the answer shows here when it comes.`,
    })
  else if ((!info || info.licensedForIntune === null) && input.refused?.userLicence)
    parts.push({
      status: 'unknown',
      text: `Whether ${q(upn)} is licensed for Intune could not be read: Microsoft Graph refused the look-up (403).`,
      fix: refusalSentence('user', input.refused.userLicence),
    })
  else if (!info || info.licensedForIntune === null)
    parts.push({ status: 'unknown', text: `Whether ${q(upn)} is licensed for Intune is not known.`, fix: "Check the user's licences." })
  else if (!info.licensedForIntune)
    parts.push({
      status: 'fail',
      text: `${q(upn)} is not licensed for Intune: the assigned user must be a user licensed to use Intune.`,
      fix: 'Assign the user a licence that includes Intune, or assign another user.',
    })
  else parts.push({ status: 'ok', text: `${q(upn)} is licensed for Intune.` })
  if (info?.federated === true) {
    parts.push({
      status: 'warn',
      text: "The user's domain is federated (ADFS): the assignment doesn't work there, and the username isn't enforced, so another user can sign in.",
      fix: 'Expect the user to type their own username at sign-in.',
    })
  }
  const fixes = parts.flatMap((part) => (part.fix && part.status !== 'ok' ? [part.fix] : []))
  return {
    ...base,
    status: worst(parts.map((part) => part.status)),
    reason: parts.map((part) => part.text).join(' '),
    fix: fixes.length > 0 ? fixes.join(' ') : null,
    ...(input.checking?.userLicence ? { checking: true as const } : {}),
  }
}

function userPrefill(input: ReadinessInput): ReadinessItem {
  const base = {
    id: 'user-prefill' as const,
    title: 'UPN pre-filled on the device',
    citation: cite('§1.4, §10.6', 'device-groups-assign-user', 'faq'),
  }
  const upn = input.device.userPrincipalName.trim()
  if (!upn) return { ...base, status: 'ok', reason: 'No user assigned: nothing to pre-fill.', fix: null }
  const oem = classifyOem(input.device.manufacturer, input.device.model)
  if (isListedOem(oem)) {
    return {
      ...base,
      status: 'ok',
      reason: `${LISTED_OEM_NAMES[oem]}: the assignment pre-fills the UPN on the pre-provisioning landing page and the Entra sign-in page, with a custom greeting.`,
      fix: null,
    }
  }
  const who = oem === 'unknown' ? 'The manufacturer is unknown' : `${input.device.manufacturer ?? ''} is not Dell, Dynabook, HP, Lenovo or Microsoft Surface`
  return {
    ...base,
    status: 'warn',
    reason: `${who}: UPN pre-fill and the custom greeting are documented only for those OEMs, so the user may have to type their username.`,
    fix: 'Nothing to fix; tell the user to expect it.',
  }
}

function virtualMachine(input: ReadinessInput): ReadinessItem {
  const base = {
    id: 'virtual-machine' as const,
    title: 'Not a virtual machine',
    citation: cite('§3.1, §6.3', 'pre-provision-requirements', 'scenarios', 'known-issues'),
  }
  const vm = isVirtualMachineModel(input.device.model)
  if (vm === null) return { ...base, status: 'unknown', reason: 'The model is not known.', fix: 'Refresh the device from Intune.' }
  if (vm) {
    return {
      ...base,
      status: 'fail',
      reason:
        "Model 'Virtual Machine': pre-provisioning needs a physical TPM 2.0 with device attestation; virtual machines aren't supported, even with a virtual TPM (it fails with 0x800705B4).",
      fix: 'Use a physical device.',
    }
  }
  return { ...base, status: 'ok', reason: `Model ${q(input.device.model ?? '')} is not a virtual machine.`, fix: null }
}

function remediation(input: ReadinessInput): ReadinessItem {
  const base = {
    id: 'remediation' as const,
    title: 'Not Fix pending / Attention required',
    citation: cite('§1.3, §3.1, §5.6', 'motherboard-replacement', 'whats-new-unblock', 'troubleshooting-faq'),
  }
  const { profileStatus, remediationState } = input.device
  // Mapping Graph's remediationState onto the admin-center words is inferred: automaticRemediationRequired
  // is "hardware change detected" (docs/reference/graph-api.md §B1) = Fix pending; manualRemediationRequired = Attention required.
  if (profileStatus === 'attentionRequired' || remediationState === 'manualRemediationRequired') {
    return {
      ...base,
      status: 'fail',
      reason: 'Attention required: re-registration after a hardware change failed. No profile is delivered until the device is reset and re-registers.',
      fix: 'Deregister the device and register it again (new hardware hash), then reset it.',
    }
  }
  if (profileStatus === 'fixPending' || remediationState === 'automaticRemediationRequired') {
    return {
      ...base,
      status: 'fail',
      reason:
        "Fix pending: a hardware change was detected and Intune is registering the new hardware automatically; the status updates at the next check-in. Unblock device doesn't work in this state.",
      fix: 'Nothing to do now: wait for the next check-in, then refresh.',
    }
  }
  if (profileStatus === 'unknown' && (remediationState === null || remediationState === 'unknown')) {
    return { ...base, status: 'unknown', reason: 'The profile status is not known.', fix: 'Refresh the device from Intune.' }
  }
  return { ...base, status: 'ok', reason: 'No hardware-change remediation pending.', fix: null }
}

function entraObject(input: ReadinessInput): ReadinessItem {
  const base = {
    id: 'entra-object' as const,
    title: 'Entra device object exists',
    citation: cite('§1.1, §6.3', 'registration-overview', 'troubleshooting-faq', 'known-issues'),
  }
  if (input.checking?.entraObject)
    return {
      ...base,
      status: 'unknown',
      checking: true,
      reason: 'Checking now whether the Microsoft Entra device object still exists; the answer shows here when Microsoft Entra replies.',
      fix: null,
    }
  const refused = input.refused?.entraObject
  if (input.device.entraDeviceObjectExists === null && refused)
    return {
      ...base,
      status: 'unknown',
      reason: 'Whether the Microsoft Entra device object still exists could not be read: Microsoft Graph refused the look-up (403).',
      fix: refusalSentence('entra-device', refused),
    }
  switch (input.device.entraDeviceObjectExists) {
    case null:
      return {
        ...base,
        status: 'unknown',
        reason: 'Whether the Microsoft Entra device object still exists was not checked.',
        fix: 'Look the device up in Entra (online).',
      }
    case false:
      return {
        ...base,
        status: 'fail',
        reason: "The device's Microsoft Entra device object was deleted; it anchors group membership and the profile. Pre-provisioning fails with 0x801C03F3.",
        fix: 'Remove the device from Intune and Autopilot (and Entra), then register it again: that recreates the Entra object.',
      }
    case true:
      return { ...base, status: 'ok', reason: 'The Microsoft Entra device object exists.', fix: null }
  }
}

/** Graph's property names of the outbox's fields as the admin center names them. */
const fieldWords: Record<string, string> = {
  groupTag: 'Group tag',
  displayName: 'Device name',
  userPrincipalName: 'User',
  addressableUserName: 'User friendly name',
}

function pendingChanges(input: ReadinessInput): ReadinessItem {
  const base = { id: 'pending-changes' as const, title: 'No pending changes', citation: REFRESH_REMINDER.citation }
  const pending = input.device.pendingChanges
  if (pending.length === 0) return { ...base, status: 'ok', reason: 'Intune shows every change made here.', fix: null }
  // In admin-center words: "groupTag → 'BENCH-SEA'" named Graph's property, not the field a technician knows.
  const list = pending.map((change) => `${fieldWords[change.field] ?? change.field} → ${change.value === null ? '(cleared)' : q(change.value)}`).join(', ')
  // A change whose last try failed (Intune did not answer it, refused it for now) says so, and when it is tried again:
  // "Wait until the changes reach Intune" alone read as if they were on their way.
  const failing = pending.filter((change) => change.error)
  const tries = failing.map((change) => `${fieldWords[change.field] ?? change.field}:${lastTryOf(change).replace(/^ Its/, ' its')}`).join(' ')
  return {
    ...base,
    status: 'fail',
    reason: `${count(pending.length, 'change')} not yet confirmed by Intune: ${list}.${tries ? ` ${tries}` : ''}`,
    fix: failing.length
      ? `Wait until the changes reach Intune (Changes shows each change's last try), then: ${REFRESH_REMINDER.text}`
      : `Wait until the changes reach Intune (online), then: ${REFRESH_REMINDER.text}`,
  }
}

function reEnrollment(input: ReadinessInput): ReadinessItem {
  const { device } = input
  return {
    id: 're-enrollment',
    ...reuseRule({
      manufacturer: device.manufacturer,
      model: device.model,
      enrollmentState: device.enrollmentState,
      managedDeviceId: device.managedDeviceId,
      userlessEnrollmentStatus: device.userlessEnrollmentStatus,
      fixPending: device.profileStatus === 'fixPending' || device.remediationState === 'automaticRemediationRequired',
      unblockedAt: device.unblockedAt,
    }),
  }
}

function network(input: ReadinessInput): ReadinessItem {
  const profile = input.profile
  return {
    id: 'network',
    ...networkRule({
      network: input.bench?.network ?? null,
      profileLanguage: profile ? (profile.language ?? null) : null,
      keyboardSkipped: profile ? (profile.keyboardSkipped ?? null) : null,
      profileName: profile?.displayName ?? null,
    }),
  }
}

/** "Nothing fails, but …": the checks that could not be made, and those being made online now (the card updates itself). */
function unconfirmedSummary(unknown: number, checking: number): string {
  const notMade = unknown - checking
  const parts = [
    ...(notMade > 0 ? [`${count(notMade, 'check')} could not be made`] : []),
    ...(checking > 0 ? [`${count(checking, 'check')} ${checking === 1 ? 'is' : 'are'} being made online now`] : []),
  ]
  return `Nothing fails, but ${parts.join(' and ')}.`
}

/** Evaluates every readiness rule, in the order the device card shows them. */
export function evaluateReadiness(input: ReadinessInput): ReadinessResult {
  const items = [
    profileAssigned(input),
    reEnrollment(input),
    profileMode(input),
    network(input),
    esp(input),
    groupTag(input),
    deviceName(input),
    manifestUser(input),
    user(input),
    userPrefill(input),
    virtualMachine(input),
    remediation(input),
    entraObject(input),
    pendingChanges(input),
  ]
  const counts: Record<ReadinessStatus, number> = { ok: 0, warn: 0, fail: 0, unknown: 0 }
  for (const item of items) counts[item.status] += 1
  const verdict: ReadinessVerdict = counts.fail > 0 ? 'not-ready' : counts.unknown > 0 ? 'unconfirmed' : 'ready'
  const summary =
    verdict === 'ready'
      ? counts.warn > 0
        ? `Ready (${count(counts.warn, 'note')}).`
        : 'Ready.'
      : verdict === 'unconfirmed'
        ? unconfirmedSummary(counts.unknown, items.filter((item) => item.checking).length)
        : // Titles name the condition checked ("Not a virtual machine"), so they are listed as failed checks.
          `${count(counts.fail, 'check')} failed: ${items
            .filter((item) => item.status === 'fail')
            .map((item) => item.title)
            .join('; ')}.`
  return { verdict, items, counts, summary }
}
