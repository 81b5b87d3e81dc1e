import { cite, type Citation } from './citation'
import { hresultAliases, isCanonicalHresult } from './error-input'

/**
 * The error knowledge base: every error code and error message in docs/reference/autopilot.md §6.3, plus
 * the related sections it points to (§3.1 pre-provisioning limits, §5.3/§5.4 import errors, §6.1
 * Autopilot event log errors, §3.3 and §4.2 messages). Nothing here is invented: where the
 * reference gives a meaning but no fix, the entry says so (`caveats`) and recommends `other`.
 *
 * Wording of the admin-center steps follows Intune's own vocabulary (docs/reference/autopilot.md §1, §2.1,
 * §5.5; the click paths are those of the seed articles the reference cites).
 *
 * Codes mentioned in the references without any documented meaning (§10.1) are not entries: they
 * are listed in UNDOCUMENTED_CODES so that a lookup can say "mentioned, but undocumented" honestly.
 */

/** What the technician should do next, as a closed set the UI can turn into buttons. */
export const recommendedActions = [
  'retry',
  'reset',
  'delete-intune-record-or-unblock',
  'fix-profile',
  're-register',
  'unsupported-vm',
  'check-network',
  'other',
] as const
export type RecommendedAction = (typeof recommendedActions)[number]

/**
 * The technician's next step recorded on a failed pre-provisioning attempt (see attempt.ts).
 * `abandon` = the device is set aside (e.g. an unsupported virtual machine).
 */
export const attemptActions = ['retry', 'reset', 'delete-record', 'unblock', 'fix-profile', 're-register', 'abandon'] as const
export type AttemptAction = (typeof attemptActions)[number]

export type KnowledgeKind = 'hresult' | 'import-error' | 'event' | 'message'

export interface KnowledgeEntry {
  /** Stable id: `hresult:0x80180014`, `import:808`, `import:ZtdDeviceAlreadyAssigned`, `event:171`, `message:…`. */
  id: string
  kind: KnowledgeKind
  /**
   * hresult: canonical `0x` + 8 upper-case hex digits. import-error: the numeric error code when the
   * docs give one (`808`), else null. event: the event ID (`171`). message: null.
   */
  code: string | null
  /** Other spellings of the code: signed/unsigned decimal, lower-case hex with/without `0x`. */
  aliases: readonly string[]
  /** Symbolic names as the docs print them (e.g. `E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED`). */
  symbols: readonly string[]
  /** Texts shown on screen or in logs with this error, as the docs quote them. */
  messages: readonly string[]
  title: string
  meaning: string
  likelyCause: string
  action: RecommendedAction
  /** The action's steps, in Intune admin-center vocabulary. */
  steps: readonly string[]
  caveats: readonly string[]
  /** Where the error shows up (technician flow, import, Autopilot Reset, …). */
  appliesTo: string
  /** Next actions that make sense on a failed pre-provisioning attempt with this error; recommended first. */
  attemptActions: readonly AttemptAction[]
  citation: Citation
}

type EntryData = Omit<KnowledgeEntry, 'id' | 'aliases' | 'symbols' | 'messages'> & {
  symbols?: readonly string[]
  messages?: readonly string[]
  /** Extra lookup phrases for message entries (lower-case substrings). */
  aliases?: readonly string[]
  /** For message and symbol-only entries: a slug used in the id. */
  slug?: string
}

// ---- Shared wording (each fact cited where it is used) -------------------------------------------

export const ADMIN_CENTER = {
  autopilotDevices: 'Intune admin center › Devices › Windows › Enrollment › Windows Autopilot › Devices',
  allDevices: 'Intune admin center › Devices › All devices',
  deploymentProfiles: 'Intune admin center › Devices › Windows › Enrollment › Windows Autopilot › Deployment Profiles',
  platformRestriction: 'Intune admin center › Devices › Windows › Enrollment › Device platform restriction',
} as const

/** docs/reference/autopilot.md §3.2: how to get the logs off a device showing the failure screen. */
export const EXPORT_LOGS_STEP = "Export the device's logs first: Windows 11 — Ctrl+Shift+D › Export logs; Windows 10 — View diagnostics."

/** docs/reference/autopilot.md §3.1 (Reset after an ESP failure can make attestation fail on retry). */
export const RESET_AFTER_ESP_FAILURE_CAVEAT =
  'After an Enrollment Status Page failure, pressing Reset can make TPM attestation fail on the next attempt (known issue).'

/** The caveats shown whenever Reset is offered (§3.1, §3.2). */
export const RESET_CAVEATS: readonly string[] = [EXPORT_LOGS_STEP, RESET_AFTER_ESP_FAILURE_CAVEAT]

/**
 * docs/reference/autopilot.md §3.1; the OEM list is the one whose
 * pre-provisioned devices re-enroll automatically (see oem.ts for how manufacturers are matched).
 */
export const UNBLOCK_CAVEATS: readonly string[] = [
  "Unblock device works only for OEMs that haven't opted in to attesting removal of refurbished devices — not Dell, Dynabook, HP, Lenovo or Microsoft Surface, whose pre-provisioned devices re-enroll automatically — and it doesn't work while the profile status is Fix pending. Confirm with the OEM that it is enabled for the device.",
  'A success message might not show after Unblock device; the device is ready to be used again.',
]

// The area list is quoted: in PowerShell an unquoted `;` would end the command before `TPM`.
const TPM_LOG_STEP =
  'Collect Autopilot and TPM logs: `Mdmdiagnosticstool.exe -area "Autopilot;TPM" -cab c:\\autopilot.cab` (Shift+F10 at OOBE), then open the CAB in Diagnostics.'
const CLOCK_STEP =
  'Attestation and ESP timeouts also happen when the real-time clock is off by minutes: at the start of OOBE connect to the network, run `w32tm /resync /force` (Shift+F10), then start again.'

const TECHNICIAN_FLOW = 'Pre-provisioning technician flow (and self-deploying)'
const GENERIC_FAILURE_ACTIONS: readonly AttemptAction[] = ['retry', 'reset', 'abandon']

// ---- Entries -------------------------------------------------------------------------------------

const HRESULTS: readonly EntryData[] = [
  {
    kind: 'hresult',
    code: '0x80180014',
    symbols: ['DeviceNotSupported'],
    messages: [
      'MDM Enroll: Server Returned Fault/Code/Subcode/Value=(DeviceNotSupported) Fault/Reason/Text=(Enrollment blocked for AP device by SDM One Time Limit Check)',
    ],
    title: 'Enrollment blocked: one-time limit or Windows (MDM) restriction',
    meaning:
      'Intune refused the MDM enrollment. Either the device already went through pre-provisioning or self-deploying once (the one-time limit, applied on reuse, reset or redeploy), or Windows (MDM) enrollment is blocked by a device platform restriction.',
    likelyCause:
      'The device was pre-provisioned or self-deployed before and its Intune device record still exists. Less often: a device platform restriction sets Windows (MDM) to Block, or blocks personally owned devices.',
    action: 'delete-intune-record-or-unblock',
    steps: [
      `Delete the Intune device record: ${ADMIN_CENTER.allDevices} › select the device › Delete (the Intune record — not the Autopilot registration). Then redeploy: press Retry on the device, or Reset to start over.`,
      `Or, where the OEM is eligible: ${ADMIN_CENTER.autopilotDevices} › select the device › Unblock device (toolbar), then redeploy.`,
      `If the device was never deployed before: ${ADMIN_CENTER.platformRestriction} › each Windows restriction (All Users first) › Properties › Platform settings › Edit: Windows (MDM) must be Allow; or remove the personal-device block. Review + save.`,
    ],
    caveats: [
      ...UNBLOCK_CAVEATS,
      // docs/reference/autopilot.md §10.12.
      "Microsoft's pages disagree on the fix: the troubleshooting FAQ says Unblock device; Known issues and the pre-provisioning article say delete the Intune device record or remove the personal-device restriction. Both are offered.",
    ],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['delete-record', 'unblock', 'abandon'],
    citation: cite('§6.3, §3.1, §10.12', 'troubleshooting-faq-import-enrollment', 'known-issues', 'whats-new-unblock', 'pre-provision-requirements', 'faq'),
  },
  {
    kind: 'hresult',
    code: '0x80180005',
    title: 'Pre-provisioning not allowed by the deployment profile',
    meaning:
      'The device entered pre-provisioning (Win×5), but its Autopilot deployment profile has "Allow pre-provisioned deployment" = No, and Intune enforces the setting.',
    likelyCause:
      'The assigned profile does not allow pre-provisioning (older UI: "Allow White Glove OOBE"), or the device got another profile than the one meant for it, such as its bench job\'s (group tag → dynamic group → profile).',
    action: 'fix-profile',
    steps: [
      `Check which profile the device has: ${ADMIN_CENTER.autopilotDevices} › the device › Assigned profile (and why: group tag → group → profile).`,
      `Either set "Allow pre-provisioned deployment" = Yes on that profile (${ADMIN_CENTER.deploymentProfiles} › the profile), or give the device a pre-provisioning profile through its group tag (its bench job's tag, if it is in one).`,
      'Wait until Profile status = Assigned with Date assigned set. The device downloads its profile when OOBE starts and after every reboot: restart it (or Reset), press the Windows key 5 times, press Refresh and check the profile name before Provision.',
    ],
    caveats: ["The docs don't say whether Retry on the failure screen downloads the corrected profile; starting OOBE again does.", ...RESET_CAVEATS],
    appliesTo: 'Pre-provisioning technician flow',
    attemptActions: ['fix-profile', 'abandon'],
    citation: cite('§2.1, §2.2, §6.3', 'profiles', 'troubleshooting-faq-profile-download'),
  },
  {
    kind: 'hresult',
    code: '0x800705B4',
    symbols: ['ERROR_TIMEOUT'],
    title: 'Timeout: virtual machine or no TPM 2.0',
    meaning:
      "A general timeout. In self-deploying mode — and pre-provisioning uses self-deploying capabilities — a common cause is a device that isn't TPM 2.0 capable, for example a virtual machine, including Hyper-V virtual TPMs.",
    likelyCause:
      "The device is a virtual machine or has no TPM 2.0. Pre-provisioning needs a physical TPM 2.0 with device attestation; virtual machines aren't supported even with a virtual TPM.",
    action: 'unsupported-vm',
    steps: [
      "Don't pre-provision this device: use a physical device with TPM 2.0 (enabled, not in Reduced Functionality Mode).",
      `If it is a physical device with TPM 2.0, the docs give no other specific cause for this code. ${CLOCK_STEP}`,
    ],
    caveats: [
      'The code alone does not prove a virtual machine: 0x800705B4 is a general timeout.',
      'ERROR_TIMEOUT is the Windows name of this code; the Autopilot docs only call it a "general error [that] indicates a timeout".',
    ],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['abandon', 'retry', 'reset'],
    citation: cite('§3.1, §6.3, §7.5', 'pre-provision-requirements', 'known-issues', 'self-deploying', 'scenarios', 'device-guidelines'),
  },
  {
    kind: 'hresult',
    code: '0x801C03EA',
    title: 'TPM attestation failed (Entra join with a device token)',
    meaning: 'TPM attestation failed, so joining Microsoft Entra ID with a device token failed.',
    likelyCause:
      'A TPM attestation problem. The docs name no single cause for this code; the documented TPM cases are firmware (0x81039024, 0x80070490, Infineon SLB9672 15.22), Windows updates (0x81039023, Intel Tiger Lake fTPM) and a skewed clock.',
    action: 'other',
    steps: [EXPORT_LOGS_STEP, TPM_LOG_STEP, 'Check the TPM: TPM 2.0, enabled, not in Reduced Functionality Mode, firmware up to date.', CLOCK_STEP],
    caveats: ['The docs give only the meaning of this code, no fix.', RESET_AFTER_ESP_FAILURE_CAVEAT],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §6.1, §7.5', 'known-issues', 'device-guidelines'),
  },
  {
    kind: 'hresult',
    code: '0xC1036501',
    title: 'Multiple MDM configurations in Microsoft Entra ID',
    meaning: "The device can't do an automatic MDM enrollment because there are multiple MDM configurations in Microsoft Entra ID.",
    likelyCause: 'Tenant configuration: more than one MDM configuration in Microsoft Entra ID.',
    action: 'other',
    steps: [
      'Tenant administrator: review the MDM configurations in Microsoft Entra ID (automatic MDM enrollment, MDM user scope) so that only one applies.',
      'Then start again on the device.',
    ],
    caveats: ['Not fixable at the bench. The docs give only the meaning of this code, no step-by-step fix.'],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['reset', 'retry', 'abandon'],
    citation: cite('§6.3, §8', 'known-issues', 'device-prep-requirements'),
  },
  {
    kind: 'hresult',
    code: '0x801C03F3',
    messages: ['Microsoft-Windows-User Device Registration/Admin: HResult 0x801C03F3'],
    title: 'Entra device object deleted',
    meaning:
      "Microsoft Entra ID can't find a device object for the device being deployed: the object was deleted by hand. That object is Autopilot's anchor for group membership and profile targeting.",
    likelyCause: "Someone deleted the device's Microsoft Entra device object.",
    action: 're-register',
    steps: [
      'Remove the device from Microsoft Entra ID, Intune and Autopilot, then register it again: registration recreates the Entra device object.',
      `Deregister in this order: note the serial number; delete it from Intune (${ADMIN_CENTER.allDevices}); in Windows Autopilot devices, Unassign user if available, then Delete; Sync and Refresh until it is gone.`,
      'Register again: capture the hardware hash (Windows 11 OOBE: Ctrl+Shift+D › export to USB, which includes a hash CSV; or Get-WindowsAutopilotInfo), Import the CSV in Windows Autopilot devices, Sync, Refresh until it appears.',
      'Set the group tag and assigned user again if the CSV did not carry them, wait for Profile status = Assigned with Date assigned set, then start again on the device.',
    ],
    caveats: [
      'Logs: Event Viewer › Microsoft-Windows-User Device Registration/Admin shows the HResult. ' + TPM_LOG_STEP,
      'A sync can run only once per 10 minutes.',
    ],
    appliesTo: 'Pre-provisioning technician flow',
    attemptActions: ['re-register', 'abandon'],
    citation: cite('§1.1, §5.5, §6.3', 'known-issues', 'troubleshooting-faq', 'registration-overview'),
  },
  {
    kind: 'hresult',
    code: '0x81039001',
    symbols: ['E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED'],
    title: 'TPM attestation failed (intermittent)',
    meaning:
      'Some devices intermittently fail TPM attestation at the "Securing your hardware" step of the pre-provisioning technician flow or self-deploying mode.',
    likelyCause: 'Intermittent: a later attempt to provision might succeed.',
    action: 'retry',
    steps: ["Press Retry on the device's failure screen.", `If it keeps failing: ${EXPORT_LOGS_STEP} ${CLOCK_STEP}`],
    caveats: ['Prefer Retry: Reset starts over, and after an ESP failure Reset can make attestation fail on retry.', EXPORT_LOGS_STEP],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['retry', 'reset', 'abandon'],
    citation: cite('§4.1, §6.3', 'known-issues-0x81039001', 'known-issues-reset-button'),
  },
  {
    kind: 'hresult',
    code: '0x81039023',
    title: 'TPM attestation failed on Windows 11 (update needed)',
    meaning: 'Some devices fail TPM attestation on Windows 11 during the pre-provisioning technician flow or self-deploying mode.',
    likelyCause: 'Windows 11 21H2 without the May 2022 cumulative update.',
    action: 'other',
    steps: ['Apply the May 2022 cumulative update for Windows 11 21H2, KB5013943, or later to the device, then start again.'],
    caveats: ['Retrying without the update is not expected to help.'],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['reset', 'abandon'],
    citation: cite('§6.3', 'known-issues'),
  },
  {
    kind: 'hresult',
    code: '0x81039024',
    title: 'TPM attestation failed: known TPM vulnerabilities',
    meaning: 'Known vulnerabilities were detected in the TPM, so attestation fails (Windows 11, technician flow or self-deploying).',
    likelyCause: 'Outdated TPM firmware.',
    action: 'other',
    steps: ["Update the TPM firmware from the PC manufacturer's website, then start again."],
    caveats: ['Retrying without a firmware update is not expected to help.'],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['reset', 'abandon'],
    citation: cite('§6.3', 'known-issues'),
  },
  {
    kind: 'hresult',
    code: '0x80070490',
    title: 'TPM attestation failed: AMD firmware TPM',
    meaning: 'TPM attestation can fail on AMD platforms with the ASP firmware TPM.',
    likelyCause: 'AMD firmware before the fix; later AMD firmware resolves it.',
    action: 'other',
    steps: ["Update the firmware: check the device manufacturer's firmware release notes for the version with the fix, then start again."],
    caveats: ['Retrying without a firmware update is not expected to help.'],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['reset', 'abandon'],
    citation: cite('§6.3', 'known-issues'),
  },
  {
    kind: 'hresult',
    code: '0x80070032',
    symbols: ['ERROR_NOT_SUPPORTED'],
    messages: ['Ran into trouble. Please sign in with an administrator account to see why and reset manually.'],
    title: 'Autopilot Reset failed: Windows Recovery Environment off',
    meaning: 'Windows Autopilot Reset checks that WinRE is configured and enabled; if not, the reset fails immediately.',
    likelyCause: 'The Windows Recovery Environment (WinRE) is disabled on the device.',
    action: 'other',
    steps: ['Enable WinRE on the device (`reagentc.exe /enable`), then run Autopilot Reset again.'],
    caveats: ['This is an Autopilot Reset error (a device already deployed), not a pre-provisioning failure screen error.'],
    appliesTo: 'Windows Autopilot Reset',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §7.3', 'autopilot-reset', 'troubleshooting-faq'),
  },
  {
    kind: 'hresult',
    code: '0x801C0003',
    messages: ["This user isn't authorized to enroll"],
    title: "This user isn't authorized to enroll",
    meaning: 'A per-user device limit was reached: Microsoft Entra ID and Intune limit how many devices one user can enroll.',
    likelyCause:
      'The user has too many devices (the Entra default is 50 joins per user). Reusing devices or rolling back virtual machine snapshots makes this frequent.',
    action: 'other',
    steps: [
      "Check the user's device count against the Entra and Intune per-user limits; remove stale devices or raise the limit (the limits are configurable).",
    ],
    caveats: ['Seen when a user signs in (user flow / user-driven), not in the technician flow.'],
    appliesTo: 'User enrollment (user flow, user-driven)',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §9', 'faq', 'troubleshooting-faq'),
  },
  {
    kind: 'hresult',
    code: '0x80180018',
    messages: ['Something went wrong'],
    title: 'Enrollment failed: license or device limit',
    meaning: 'MDM enrollment failed on the "Something went wrong" page.',
    likelyCause: 'Incorrect or missing licenses assigned to the user, or too many devices enrolled for the user.',
    action: 'other',
    steps: [
      'Make sure the user has a license that includes Intune, assigned to the user.',
      "Check the user's device count against the per-user limits (Entra default 50).",
    ],
    caveats: ['The docs refer to Intune\'s "Troubleshooting Windows device enrollment errors" for more causes; they are not in the reference.'],
    appliesTo: 'User enrollment (user flow, user-driven)',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §8, §9', 'faq', 'troubleshooting-faq', 'device-prep-requirements'),
  },
  {
    kind: 'hresult',
    code: '0x8004FE33',
    title: 'Windows activation or validation failed',
    meaning:
      "Windows activation or validation failed. The reference only links Microsoft's article of that title for the activation URLs that must be reachable (Autopilot device preparation requires Windows activation services).",
    likelyCause: 'The Windows activation URLs are not reachable from the network.',
    action: 'check-network',
    steps: ['Make sure the Windows activation URLs are reachable from the bench network (proxy/firewall), then start again.'],
    caveats: ['The docs give this code only as a link; the list of activation URLs is not in them.'],
    appliesTo: 'Windows activation (named for Autopilot device preparation)',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §8', 'device-prep-requirements'),
  },
]

const IMPORT_ERRORS: readonly EntryData[] = [
  {
    kind: 'import-error',
    code: '808',
    slug: '808',
    symbols: ['ZtdDeviceAssignedToOtherTenant', 'ZtdDeviceAssignedToAnotherTenant'],
    messages: ['Internal error'],
    title: 'Hash registered to another tenant',
    meaning: 'The hardware hash is already registered to a different tenant.',
    likelyCause: 'A refurbished or reused device (or board) that was never deregistered from its previous tenant.',
    action: 'other',
    steps: ["Find the serial number and which tenant holds it; don't re-import. The device has to be deregistered from the other tenant first."],
    caveats: [
      'The docs spell the name two ways (ZtdDeviceAssignedToOtherTenant / ZtdDeviceAssignedToAnotherTenant); both are accepted.',
      'A reimage without deregistering stays with the old tenant.',
    ],
    appliesTo: 'Hardware hash import',
    attemptActions: ['abandon'],
    citation: cite('§5.4, §5.6, §10.5', 'whats-new', 'manual-registration', 'motherboard-replacement'),
  },
  {
    kind: 'import-error',
    code: null,
    slug: 'ZtdDeviceAlreadyAssigned',
    symbols: ['ZtdDeviceAlreadyAssigned'],
    title: 'Already registered in this tenant',
    meaning: 'The hardware hash is already registered in this tenant.',
    likelyCause: 'The device was imported before.',
    action: 'other',
    steps: ["Don't re-import. Re-import only if the device isn't actually registered (search Windows Autopilot devices by serial number)."],
    caveats: [],
    appliesTo: 'Hardware hash import',
    attemptActions: ['abandon'],
    citation: cite('§5.4', 'manual-registration'),
  },
  {
    kind: 'import-error',
    code: '819',
    slug: '819',
    symbols: ['ZtdDeviceDuplicated'],
    title: 'Duplicate hash in the CSV',
    meaning: 'The CSV holds duplicate hardware hashes; only one of them is processed.',
    likelyCause: 'The same device appears twice in the CSV.',
    action: 'other',
    steps: ["Check the result of the duplicate's twin, then drop the duplicate row."],
    caveats: [],
    appliesTo: 'Hardware hash import',
    attemptActions: ['abandon'],
    citation: cite('§5.4', 'whats-new', 'manual-registration'),
  },
  {
    kind: 'import-error',
    code: null,
    slug: 'InvalidZtdHardwareHash',
    symbols: ['InvalidZtdHardwareHash'],
    title: 'Invalid hardware hash',
    meaning: 'The hash fields are invalid or empty; manufacturer and serial number are required.',
    likelyCause: 'The firmware does not report manufacturer or serial number, or the hash was damaged.',
    action: 'other',
    steps: ['Check the board with `wmic baseboard get manufacturer, serialnumber`; capture the hash again.'],
    caveats: [],
    appliesTo: 'Hardware hash import',
    attemptActions: ['abandon'],
    citation: cite('§5.4', 'manual-registration'),
  },
  {
    kind: 'import-error',
    code: null,
    slug: 'StorageError',
    symbols: ['StorageError'],
    title: 'Storage error (generic)',
    meaning: 'A generic import error.',
    likelyCause: 'Not stated by the docs.',
    action: 'retry',
    steps: ['Retry the import later; if it persists, contact Microsoft support.'],
    caveats: [],
    appliesTo: 'Hardware hash import',
    attemptActions: ['abandon'],
    citation: cite('§5.4', 'manual-registration'),
  },
  {
    kind: 'import-error',
    code: null,
    slug: 'ZtdDeviceNotFound',
    symbols: ['ZtdDeviceNotFound'],
    title: 'Device not found (re-registration after repair)',
    meaning: 'A Partner Center re-registration after a repair, made with the PKID or the tuple, found no device.',
    likelyCause: 'The repaired device needs its new 4K hardware hash.',
    action: 're-register',
    steps: ['Capture the new 4K hardware hash and register with it (4K hash only).'],
    caveats: ['After a motherboard replacement the device is a new device for Autopilot.'],
    appliesTo: 'Hardware hash import (Partner Center)',
    attemptActions: ['re-register', 'abandon'],
    citation: cite('§5.4, §5.6', 'motherboard-replacement'),
  },
  {
    kind: 'import-error',
    code: null,
    slug: 'edm-binary',
    messages: ["Cannot convert the literal '[DEVICEHASH]' to the expected type 'Edm.Binary'", 'Invalid length for a Base-64 char array or string'],
    aliases: ['edm.binary', 'base-64', 'base64', 'import does nothing'],
    title: 'Import does nothing: hash without Base64 padding',
    meaning:
      "Selecting Import does nothing; a network trace shows HTTP 400 with \"Cannot convert the literal '[DEVICEHASH]' to the expected type 'Edm.Binary'\". The device wrote unpadded Base64 and Autopilot needs it padded.",
    likelyCause: 'The hardware hash in the CSV lacks its Base64 padding.',
    action: 'other',
    steps: [
      'Pad the hash: while decoding fails, if it ends in "==" replace both with one "A", otherwise append "=" ("=" only at the end, at most 2).',
      'Check with `[System.Convert]::FromBase64String()`; example: `Q29udG9zbwAAA` → `Q29udG9zbwAAAA==`.',
    ],
    caveats: [],
    appliesTo: 'Hardware hash import (CSV)',
    attemptActions: ['abandon'],
    citation: cite('§5.3', 'troubleshooting-faq'),
  },
]

const EVENTS: readonly EntryData[] = [
  {
    kind: 'event',
    code: '100',
    messages: ['Autopilot policy [name] not found.'],
    title: 'Event 100: Autopilot policy not found (warning)',
    meaning: 'A temporary warning while the device waits for its profile.',
    likelyCause: 'The profile has not been downloaded yet.',
    action: 'other',
    steps: ['Wait: the warning is temporary. If no profile arrives, check that the device is registered and has a profile assigned.'],
    caveats: ['Autopilot event log: Application and Services Logs › Microsoft › Windows › ModernDeployment-Diagnostics-Provider › Autopilot.'],
    appliesTo: 'Autopilot event log',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.1', 'troubleshooting-faq'),
  },
  {
    kind: 'event',
    code: '171',
    messages: ['failed to set TPM identity confirmed. HRESULT='],
    title: 'Event 171: TPM identity not confirmed',
    meaning: 'The TPM identity could not be confirmed: a TPM attestation failure. The HRESULT in the event names the cause.',
    likelyCause: 'TPM attestation failed; look up the HRESULT in the event.',
    action: 'other',
    steps: ['Look up the HRESULT the event reports.', TPM_LOG_STEP],
    caveats: ['Usually logged together with event 172.'],
    appliesTo: 'Autopilot event log',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.1', 'troubleshooting-faq'),
  },
  {
    kind: 'event',
    code: '172',
    messages: ['failed to set Autopilot profile as available'],
    title: 'Event 172: profile not set as available',
    meaning: 'The Autopilot profile could not be set as available.',
    likelyCause: 'Usually follows event 171 (TPM attestation).',
    action: 'other',
    steps: ['Check for event 171 and its HRESULT.'],
    caveats: [],
    appliesTo: 'Autopilot event log',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.1', 'troubleshooting-faq'),
  },
  {
    kind: 'event',
    code: '807',
    // docs/reference/community-tools.md §A5 (AutopilotMonitor docs) spells it ZtdDeviceIsNotRegistered; both are accepted.
    symbols: ['ZtdDevicesNotRegistered', 'ZtdDeviceIsNotRegistered'],
    title: 'Event 807: device not registered',
    meaning: 'The Autopilot service does not know this device.',
    likelyCause: 'The hardware hash was not uploaded (or not for this hardware), or no profile applies.',
    action: 're-register',
    steps: [
      'Check the hardware hash upload (search Windows Autopilot devices by serial number) and the profile assignment; register the device if it is missing.',
    ],
    caveats: [],
    appliesTo: 'Autopilot event log',
    attemptActions: ['re-register', 'abandon'],
    citation: cite('§6.1', 'troubleshooting-faq'),
  },
  {
    kind: 'event',
    code: '809',
    symbols: ['ZtdDeviceHasNoAssignedProfile'],
    messages: ['ZtdDeviceHasNoAssignedProfile – Assigned profile does not exist'],
    title: 'Event 809: assigned profile does not exist',
    meaning: 'The profile assigned to the device no longer exists.',
    likelyCause: 'The assigned profile was deleted.',
    action: 'fix-profile',
    steps: ["Assign another profile (through the device's group) and enroll again."],
    caveats: [],
    appliesTo: 'Autopilot event log',
    attemptActions: ['fix-profile', 'abandon'],
    citation: cite('§6.1', 'troubleshooting-faq'),
  },
  {
    kind: 'event',
    code: '815',
    symbols: ['ZtdDeviceHasNoAssignedProfile'],
    messages: ['ZtdDeviceHasNoAssignedProfile – No profile assigned to the device, and no default profile found in the tenant'],
    title: 'Event 815: no profile and no default profile',
    meaning: 'No profile is assigned to the device and the tenant has no default profile (one assigned to all devices).',
    likelyCause: "The device's group tag puts it in no group with a profile, and no profile targets all devices.",
    action: 'fix-profile',
    steps: [
      "Give the device a profile: set a group tag that leads to one (its bench job's tag, if it is in one; group tag → dynamic group → profile), wait for Profile status = Assigned, then start again.",
    ],
    caveats: [],
    appliesTo: 'Autopilot event log',
    attemptActions: ['fix-profile', 'abandon'],
    citation: cite('§6.1, §2.2', 'troubleshooting-faq', 'profiles-priority'),
  },
  {
    kind: 'event',
    code: '908',
    symbols: ['SerialNumberMismatch', 'ProductKeyIdMismatch'],
    messages: ['SerialNumberMismatch ProductKeyIdMismatch'],
    title: 'Event 908: serial number or product key mismatch',
    meaning: 'The serial number or the product key (PKID) registered does not match the hardware.',
    likelyCause: 'The registration was made from other hardware data (e.g. after a repair).',
    action: 're-register',
    steps: ['Register the device again with a hash captured from this hardware.'],
    caveats: [],
    appliesTo: 'Autopilot event log',
    attemptActions: ['re-register', 'abandon'],
    citation: cite('§6.1, §1.1', 'troubleshooting-faq', 'manual-registration'),
  },
]

const MESSAGES: readonly EntryData[] = [
  {
    kind: 'message',
    code: null,
    slug: 'tpm-attestation-timed-out',
    messages: ['Something happened, and TPM attestation timed out'],
    aliases: ['attestation timed out', 'infineon', 'slb9672'],
    title: 'TPM attestation timed out (Infineon SLB9672)',
    meaning: 'Platforms with the Infineon SLB9672 TPM, firmware release 15.22 with EK certificate, might fail TPM attestation.',
    likelyCause: 'Infineon SLB9672 TPM firmware 15.22.',
    action: 'other',
    steps: ['Contact the OEM for a firmware update.'],
    caveats: [],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['reset', 'abandon'],
    citation: cite('§6.3', 'known-issues'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'intel-tiger-lake',
    messages: [],
    aliases: ['tiger lake'],
    title: 'TPM attestation on Intel Tiger Lake (Windows 10 21H2)',
    meaning: 'TPM attestation on Intel Tiger Lake firmware TPMs with Windows 10 21H2 needs the November 2021 cumulative update.',
    likelyCause: "Windows 10 21H2 without KB5007253; older Windows versions aren't supported.",
    action: 'other',
    steps: ['Apply KB5007253 or later, then start again.'],
    caveats: ['The docs quote no error code or message for this case.'],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['reset', 'abandon'],
    citation: cite('§6.3', 'known-issues'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'reset-no-recovery-environment',
    messages: ['Autopilot reset ran into trouble. Could not find the recovery environment'],
    aliases: ['recovery environment'],
    title: 'Autopilot Reset: recovery environment not found',
    meaning: 'Autopilot Reset could not find the Windows Recovery Environment.',
    likelyCause: 'WinRE is disabled or misconfigured.',
    action: 'other',
    steps: ['Enable WinRE (`reagentc.exe /enable`). If WinRE is fine, enter administrator credentials.'],
    caveats: ['An Autopilot Reset error, not a pre-provisioning one.'],
    appliesTo: 'Windows Autopilot Reset',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §7.3', 'known-issues'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'mdm-terms-of-use',
    messages: ["Can't connect to the URL of your organization's MDM terms of use"],
    aliases: ['terms of use'],
    title: 'MDM terms of use unreachable: user not licensed',
    meaning: 'The signing-in user cannot enroll.',
    likelyCause: 'The user lacks an Intune, EMS or Microsoft 365 license.',
    action: 'other',
    steps: ['Assign the user a license that includes Intune.'],
    caveats: [],
    appliesTo: 'User enrollment (user flow, user-driven)',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §8', 'troubleshooting-faq', 'device-prep-requirements'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'another-organization',
    messages: ['That username looks like it belongs to another organization'],
    aliases: ['another organization'],
    title: 'Username belongs to another organization',
    meaning: "The user's tenant doesn't match the tenant the device is registered to.",
    likelyCause: 'Tenant mismatch.',
    action: 'other',
    steps: [
      'Check the profile values on the device: HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot (CloudAssignedTenantDomain, CloudAssignedTenantId, TenantMatched).',
    ],
    caveats: [],
    appliesTo: 'User sign-in at OOBE',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§6.3, §2.3', 'known-issues', 'troubleshooting-faq'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'another-installation',
    messages: ['Another installation is in progress, please try again later.'],
    aliases: ['another installation'],
    title: 'Another installation is in progress (LOB + Win32 apps)',
    meaning: 'LOB and Win32 apps both install through TrustedInstaller during the ESP and collide.',
    likelyCause: 'Both Win32 and LOB apps target the device.',
    action: 'other',
    steps: ["Don't target both Win32 and LOB apps to the same device; use Autopilot device preparation if both are needed. Then start again."],
    caveats: [RESET_AFTER_ESP_FAILURE_CAVEAT],
    appliesTo: 'Enrollment Status Page',
    attemptActions: ['reset', 'retry', 'abandon'],
    citation: cite('§6.3, §4.3, §3.1', 'troubleshooting-faq', 'pre-provision-preparation'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'vm-mobile-management',
    messages: ['Preparing your device for mobile management'],
    aliases: ['mobile management'],
    title: 'Virtual machine fails at "Preparing your device for mobile management"',
    meaning: 'A virtual machine fails at this step.',
    likelyCause: 'The virtual machine is too small.',
    action: 'unsupported-vm',
    steps: [
      'Pre-provisioning does not support virtual machines at all: use a physical device with TPM 2.0.',
      'For other (test) deployments, give the virtual machine at least 2 processors and 4 GB of memory.',
    ],
    caveats: [],
    appliesTo: 'Virtual machines',
    attemptActions: ['abandon'],
    citation: cite('§6.3, §3.1, §7.5', 'known-issues', 'pre-provision-requirements', 'device-guidelines'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'something-went-wrong-oobe',
    messages: ['Something went wrong'],
    title: '"Something went wrong" in OOBE',
    meaning: 'OOBE could not reach Microsoft Entra or Microsoft account services.',
    likelyCause: 'The Entra or Microsoft account (MSA) URLs are blocked.',
    action: 'check-network',
    steps: ['Unblock the Microsoft Entra and Microsoft account URLs on the bench network (proxy/firewall), then start again.'],
    caveats: ['The same words appear with error 80180018 (license or device limit): check the code under the message.'],
    appliesTo: 'OOBE',
    attemptActions: ['retry', 'reset', 'abandon'],
    citation: cite('§6.3, §8', 'known-issues', 'device-prep-requirements'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'clock-skew',
    messages: [],
    aliases: ['clock', 'w32tm', 'time skew'],
    title: 'Attestation or ESP timeouts from a skewed clock',
    meaning: 'TPM attestation errors or ESP timeouts on devices whose real-time clock is off by minutes or more.',
    likelyCause: 'The device clock is wrong.',
    action: 'other',
    steps: [CLOCK_STEP],
    caveats: [],
    appliesTo: TECHNICIAN_FLOW,
    attemptActions: ['retry', 'reset', 'abandon'],
    citation: cite('§6.3', 'known-issues'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'ime-detection-not-computed',
    messages: [
      '[Win32App][DetectionActionHandler] Detection for policy with id: <policy_id> resulted in action status: Failed and detection state: NotComputed.',
    ],
    aliases: ['notcomputed', 'detectionactionhandler'],
    title: 'IME detection NotComputed: user flow too late',
    meaning: 'The Intune Management Extension certificates may no longer be valid.',
    likelyCause: 'The user flow ran more than six months after the technician flow finished.',
    action: 'other',
    steps: ['Run the user flow within six months of the technician flow; the docs give no fix for a device already past the deadline.'],
    caveats: [],
    appliesTo: 'Pre-provisioning user flow',
    attemptActions: GENERIC_FAILURE_ACTIONS,
    citation: cite('§3.3, §6.3', 'pre-provision-user-flow', 'pp-user-flow-tips'),
  },
  {
    kind: 'message',
    code: null,
    slug: 'esp-setup-not-completed',
    messages: ['Setup could not be completed. Please try again or contact your support person for help.'],
    aliases: ['setup could not be completed'],
    title: 'Enrollment Status Page: time limit or error (default message)',
    meaning:
      'The Enrollment Status Page hit its time limit (default 60 minutes) or an installation error and showed its default text ("Show custom message" = No).',
    likelyCause: 'An app or policy failed or took longer than the ESP allows (Win32 apps have their own install-time limits since 2308).',
    action: 'reset',
    steps: [
      EXPORT_LOGS_STEP,
      'Retry when the problem is easily fixed (e.g. network); otherwise Reset to start over.',
      'If apps need longer: raise "Show an error when installation takes longer than specified number of minutes" in the ESP profile to match the apps\' install-time limits.',
    ],
    caveats: [RESET_AFTER_ESP_FAILURE_CAVEAT],
    appliesTo: 'Enrollment Status Page',
    attemptActions: ['reset', 'retry', 'abandon'],
    citation: cite('§4.2, §3.2', 'ud-esp', 'whats-new-win32-timeout', 'pp-technician-flow'),
  },
]

/**
 * Codes the references mention without any documented meaning. docs/reference/autopilot.md §10.1: "0x81036502
 * and 0x80070774 are not in any seed. Do not invent meanings." 0x80004005 appears only in
 * docs/reference/community-tools.md §A5 (a third-party tool's table), not in the domain reference.
 */
export const UNDOCUMENTED_CODES: readonly { code: string; mentionedIn: string; note: string }[] = [
  { code: '0x81036502', mentionedIn: 'docs/reference/autopilot.md §10.1', note: 'Listed as a gap: not in any Microsoft source the reference is built from.' },
  {
    code: '0x80070774',
    mentionedIn: 'docs/reference/autopilot.md §10.1; docs/reference/community-tools.md §A5',
    note: "Listed as a gap: not in any Microsoft source the reference is built from; a third-party tool's table lists it without a meaning we can cite.",
  },
  {
    code: '0x80004005',
    mentionedIn: 'docs/reference/community-tools.md §A5',
    note: "Only in a third-party tool's HRESULT table; the domain reference gives no meaning.",
  },
]

function build(data: EntryData): KnowledgeEntry {
  const { slug, aliases: extraAliases, symbols, messages, ...rest } = data
  let id: string
  let aliases: string[] = []
  if (data.kind === 'hresult') {
    if (data.code === null || !isCanonicalHresult(data.code)) throw new Error(`bad HRESULT entry ${String(data.code)}`)
    id = `hresult:${data.code}`
    aliases = hresultAliases(data.code)
  } else if (data.kind === 'event') {
    id = `event:${String(data.code)}`
  } else if (data.kind === 'import-error') {
    id = `import:${slug ?? String(data.code)}`
  } else {
    id = `message:${String(slug)}`
  }
  return { id, ...rest, aliases: [...aliases, ...(extraAliases ?? [])], symbols: symbols ?? [], messages: messages ?? [] }
}

// ---- The phase the device's screen showed the failure in ----------------------------------------

/**
 * Where on the Enrollment Status Page the device failed, as its screen shows it (docs/reference/autopilot.md
 * §4.1: Device preparation — with "Securing your hardware", the TPM attestation — then Device setup, then
 * Account setup). Optional: the technician picks it when the screen says, the simulated PC knows it.
 */
export const failureStages = ['device-preparation', 'device-setup', 'account-setup'] as const
export type FailureStage = (typeof failureStages)[number]

export const FAILURE_STAGE_LABELS: Record<FailureStage, string> = {
  'device-preparation': 'Device preparation (incl. Securing your hardware)',
  'device-setup': 'Device setup (Apps)',
  'account-setup': 'Account setup',
}

/**
 * 0x800705B4 after the device preparation, while the ESP installs apps and policies. §6.3 gives the code
 * only as "a general timeout", its VM/TPM cause for the TPM attestation of self-deploying and
 * pre-provisioning; §4.2 gives the ESP's own time limit (default 60 minutes). The docs do not say
 * which code the ESP's time limit shows: the entry says so rather than claim it.
 */
const ESP_TIMEOUT: EntryData = {
  kind: 'hresult',
  code: '0x800705B4',
  symbols: ['ERROR_TIMEOUT'],
  slug: 'esp-timeout',
  title: "Timeout: installation took longer than the Enrollment Status Page's time limit",
  meaning:
    'A general timeout, here during the Enrollment Status Page (after the device preparation and its TPM attestation): the apps and policies the ESP tracks took longer than its time limit.',
  likelyCause:
    "An app (or policy) the ESP waits for was still installing when the ESP's time limit ran out — the ESP profile's \"Show an error when installation takes longer than specified number of minutes\" (60 by default), or a Win32 app's own installation-time limit above it.",
  action: 'retry',
  steps: [
    "Note which app the device's screen shows still installing, and export the logs if it keeps failing. " + EXPORT_LOGS_STEP,
    'In the Enrollment Status Page profile this device gets (ESP profiles are assigned to device groups): raise "Show an error when installation takes longer than specified number of minutes" to at least the longest Win32 app installation-time limit; since 2308 Win32 apps have their own limit, and the ESP\'s should match.',
    "Then press Try again on the device's screen (Retry here).",
    CLOCK_STEP,
  ],
  caveats: [
    "The docs don't name the code the ESP's time limit shows: 0x800705B4 is documented only as a general timeout, with a virtual machine or no TPM 2.0 as its cause at TPM attestation. It is read here as the ESP's time limit because the device failed after that step.",
    RESET_AFTER_ESP_FAILURE_CAVEAT,
  ],
  appliesTo: 'Enrollment Status Page (Device setup, Account setup)',
  attemptActions: ['retry', 'reset', 'abandon'],
  citation: cite('§4.2, §6.3', 'ud-esp', 'whats-new-win32-timeout', 'known-issues'),
}

/** Entries that replace a code's own when the screen showed the failure in a given phase. */
const BY_STAGE: ReadonlyMap<string, KnowledgeEntry> = new Map(
  [
    ['0x800705B4|device-setup', ESP_TIMEOUT],
    ['0x800705B4|account-setup', ESP_TIMEOUT],
  ].map(([key, data]) => {
    const entry = build(data as EntryData)
    return [key as string, { ...entry, id: `${entry.id}:${(data as EntryData).slug ?? ''}` }]
  }),
)

/** The entry a code has when it failed in `stage`, where that reads differently from the code alone; else undefined. */
export function stageEntryFor(code: string | null, stage: FailureStage | null | undefined): KnowledgeEntry | undefined {
  if (!code || !stage) return undefined
  return BY_STAGE.get(`${code}|${stage}`)
}

/** The whole knowledge base, HRESULTs first (in §6.3 order), then import errors, events, messages. */
export const ERROR_KNOWLEDGE: readonly KnowledgeEntry[] = [...HRESULTS, ...IMPORT_ERRORS, ...EVENTS, ...MESSAGES].map(build)
