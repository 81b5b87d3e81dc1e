import { cite, type Citation } from './citation'
import { classifyOem, isListedOem, LISTED_OEM_NAMES, unblockEligibility } from './oem'
import { enrollmentStateWords } from './enrollment-words'

/**
 * Two readiness rules that need facts the original checklist did not gather: a device that enrolled
 * before (the one-time pre-provisioning limit, 0x80180014) and the bench's network (Wi-Fi and the
 * profile's language/keyboard settings). Each takes only the facts it judges, so readiness.ts can
 * use them without an import circle.
 */

type Status = 'ok' | 'warn' | 'fail' | 'unknown'
export interface RuleOutcome {
  status: Status
  title: string
  reason: string
  fix: string | null
  citation: Citation
}

export interface ReuseFacts {
  manufacturer: string | null
  model: string | null
  /** Graph `enrollmentState`: enrolled, notContacted, pendingReset, failed, blocked, unknown (docs/reference/autopilot.md Appendix A.1). */
  enrollmentState: string | null
  /** The Intune device record (managed device) the Autopilot record links to; null when none. */
  managedDeviceId: string | null
  /** Graph beta `userlessEnrollmentStatus` (allowed, blocked, unknown). */
  userlessEnrollmentStatus: string | null
  fixPending: boolean
  /** When Unblock device was last done from this app for the device (audit log); null when never. */
  unblockedAt: string | null
}

export const REUSE_CITATION = cite('§3.1, §6.3, §10.12', 'pre-provision-requirements', 'whats-new-unblock', 'faq', 'troubleshooting-faq', 'known-issues')
const TITLE = 'Not a re-used device the one-time limit blocks'

/** Graph writes the all-zero GUID for "no managed device". */
export const hasManagedDevice = (id: string | null | undefined): boolean => !!id && id.trim() !== '' && !/^[0-]*$/.test(id.trim())

/** Enrollment states that mean the device enrolled before (the one-time limit's re-use). */
export const ENROLLED_BEFORE: ReadonlySet<string> = new Set(['enrolled', 'pendingReset', 'blocked'])

/**
 * docs/reference/autopilot.md §3.1: a pre-provisioned (or self-deployed) device can't re-enroll
 * automatically — it fails with 0x80180014 (§6.3) — unless its OEM is one of Dell, Dynabook, HP,
 * Lenovo, Surface. The fix is Unblock device (2310; only for OEMs that haven't opted in, never on Fix
 * pending) or deleting the Intune device record; a Windows (MDM) platform restriction is the other
 * cause (§10.12). The app can't tell how the device enrolled before (pre-provisioning or user-driven),
 * so a device that enrolled before at a pre-provisioning bench is treated as re-used; the reason says so.
 */
export function reuseRule(facts: ReuseFacts): RuleOutcome {
  const base = { title: TITLE, citation: REUSE_CITATION }
  const record = hasManagedDevice(facts.managedDeviceId)
  const state = (facts.enrollmentState ?? '').trim()
  const enrolledBefore = ENROLLED_BEFORE.has(state)
  if (!record && !enrolledBefore) {
    if (state === '' || state === 'unknown') {
      return {
        ...base,
        status: 'unknown',
        reason: 'Whether the device enrolled before is not known (Intune reports no enrollment state).',
        fix: 'Refresh the device from Intune (online).',
      }
    }
    return { ...base, status: 'ok', reason: 'Never enrolled in Intune (no Intune device record): a first enrollment.', fix: null }
  }
  const evidence = [enrolledBefore ? `enrollment state ${enrollmentStateWords(state)}` : null, record ? 'an Intune device record exists' : null]
    .filter(Boolean)
    .join(', ')
  const oem = classifyOem(facts.manufacturer, facts.model)
  const maker = facts.manufacturer?.trim() || 'The manufacturer'
  if (facts.userlessEnrollmentStatus === 'blocked') {
    return {
      ...base,
      status: 'fail',
      reason: `Re-used device (${evidence}) and Intune blocks its next userless enrollment: Provision fails with 0x80180014.`,
      fix: unblockFix(facts),
    }
  }
  if (isListedOem(oem)) {
    return {
      ...base,
      status: 'warn',
      reason: `Re-used device (${evidence}). ${LISTED_OEM_NAMES[oem]} is among the OEMs whose pre-provisioned devices re-enroll automatically. If it still fails with 0x80180014, a Windows (MDM) platform enrollment restriction is the other cause.`,
      fix: 'Nothing before Provision. On 0x80180014: check that Windows (MDM) is allowed in every enrollment restriction, or delete the Intune device record.',
    }
  }
  if (facts.unblockedAt) {
    return {
      ...base,
      status: 'warn',
      reason: `Re-used device (${evidence}); Unblock device was done from this app (${facts.unblockedAt}), which allows one more enrollment. Intune shows no confirmation, and the docs say no success message may show.`,
      fix: 'Provision now. If it still fails with 0x80180014, delete the Intune device record, or check the Windows (MDM) platform restriction.',
    }
  }
  return {
    ...base,
    status: 'fail',
    reason: `Re-used device (${evidence}). ${oem === 'unknown' ? 'The manufacturer is unknown, so' : `${maker} is not among the OEMs whose devices re-enroll automatically (Dell, Dynabook, HP, Lenovo, Microsoft Surface), so`} pressing Provision will fail with 0x80180014 (the one-time pre-provisioning limit).`,
    fix: unblockFix(facts),
  }
}

function unblockFix(facts: ReuseFacts): string {
  const eligibility = unblockEligibility(facts.manufacturer, facts.model, facts.fixPending)
  if (eligibility.eligible) return 'Before pressing Provision: Unblock device (Intune › Windows Autopilot devices), or delete the Intune device record.'
  return `Before pressing Provision: delete the Intune device record (Intune › Devices › All devices › Delete). ${eligibility.reason}`
}

export type BenchNetwork = 'wired' | 'wifi'

export interface NetworkFacts {
  /** The bench's network, a bench setting; null when not set. */
  network: BenchNetwork | null
  /** The profile's Language (Region): null when the profile is not known. */
  profileLanguage: string | null
  /** "Automatically configure keyboard": null when not known. */
  keyboardSkipped: boolean | null
  profileName: string | null
}

/** "Operating system default" and "user specified" leave the choice to the person at the device (docs/reference/autopilot.md §2.1). */
export const presetsLanguage = (language: string | null): boolean | null =>
  language === null ? null : !['', 'os-default', 'user-select', 'user-selected'].includes(language.trim().toLowerCase())

/**
 * docs/reference/autopilot.md §2.1 and §3.1: language, region and keyboard need Ethernet. On Wi-Fi
 * those pages appear even when the profile hides them (the profile downloads only after the network
 * is chosen), and a profile that presets the language or keyboard is unsupported there.
 */
export function networkRule(facts: NetworkFacts): RuleOutcome {
  const base = { title: 'Bench network suits the profile', citation: cite('§2.1, §3.1', 'profiles-create', 'pre-provision-requirements', 'ud-profile-verify') }
  const language = presetsLanguage(facts.profileLanguage)
  const presets = language === true || facts.keyboardSkipped === true
  const what = [language ? `language ${facts.profileLanguage}` : null, facts.keyboardSkipped ? 'keyboard configured automatically' : null]
    .filter(Boolean)
    .join(', ')
  const profile = facts.profileName ? `Profile '${facts.profileName}'` : 'The profile'
  if (facts.network === 'wired')
    return { ...base, status: 'ok', reason: 'Wired bench (Ethernet): the profile downloads before the first OOBE page.', fix: null }
  if (facts.network === 'wifi') {
    if (presets) {
      return {
        ...base,
        status: 'warn',
        reason: `${profile} presets ${what}, which is unsupported on Wi-Fi: region, language and keyboard must be chosen to join Wi-Fi, so those pages appear anyway.`,
        fix: 'Connect the device by Ethernet, or expect to choose region, language and keyboard on the device before Windows×5.',
      }
    }
    return {
      ...base,
      status: 'warn',
      reason: 'Wi-Fi bench: the region, language and keyboard pages appear before the network, even when the profile hides them.',
      fix: 'Choose region, language and keyboard on the device, join Wi-Fi, then press Windows×5.',
    }
  }
  if (presets) {
    return {
      ...base,
      status: 'unknown',
      reason: `${profile} presets ${what}, which needs Ethernet; whether this bench is wired or Wi-Fi is not set.`,
      fix: 'Set the bench network (wired or Wi-Fi) on the Bench screen.',
    }
  }
  return { ...base, status: 'ok', reason: 'The profile presets no language or keyboard; the bench network is not set.', fix: null }
}

/**
 * A bench row for a device resealed for another job (its latest attempt) and scanned for this one. docs/reference/autopilot.md
 * §3.1 and §6.3: a device that went through pre-provisioning once meets the one-time limit on the next one (0x80180014) unless
 * its OEM re-enrolls automatically; a resealed device is shipped, not provisioned again. The cache may not show the
 * enrollment yet (the reuse rule then passes), so the row says it from the bench's own record.
 */
export function resealedBeforeBadge(before: { jobName: string | null; attemptNumber: number }) {
  const job = before.jobName ?? 'another job'
  return {
    level: 'not-ready' as const,
    ruleId: 're-enrollment' as const,
    title: TITLE,
    next: `Already resealed for ${job} (attempt ${before.attemptNumber}): it used its one-time pre-provisioning. Ship it for that job, or provision only after a reset to Win×5 (a second pre-provisioning can fail with 0x80180014).`,
  }
}
