/**
 * Manufacturer facts the readiness rules and the knowledge base need.
 *
 * docs/reference/autopilot.md names OEMs by brand only: "Dell, Dynabook, HP, Lenovo, Microsoft Surface"
 * (§1.4 UPN pre-fill, §3.1 automatic re-enrollment after pre-provisioning). It does not give the
 * SMBIOS manufacturer strings a device reports, so matching a brand to `manufacturer` / `model` is
 * our inference from common SMBIOS values ("Dell Inc.", "HP", "Hewlett-Packard", "LENOVO",
 * "Dynabook Inc.", and "Microsoft Corporation" + a "Surface …" model).
 */

export const LISTED_OEMS = ['dell', 'dynabook', 'hp', 'lenovo', 'surface'] as const
export type ListedOem = (typeof LISTED_OEMS)[number]

export const LISTED_OEM_NAMES: Record<ListedOem, string> = {
  dell: 'Dell',
  dynabook: 'Dynabook',
  hp: 'HP',
  lenovo: 'Lenovo',
  surface: 'Microsoft Surface',
}

/** 'unknown' when the manufacturer is missing; 'other' for any brand not in the docs' list. */
export type OemClass = ListedOem | 'other' | 'unknown'

const blank = (value: string | null | undefined): boolean => value === null || value === undefined || value.trim() === ''

/**
 * The docs never name a virtual machine's SMBIOS strings. Hyper-V — the hypervisor the docs do name
 * ("incl. Hyper-V vTPM", §6.3) — reports the model "Virtual Machine" (manufacturer "Microsoft
 * Corporation"); the mock Intune API uses the same. Other hypervisors' strings are not in the docs,
 * so they are not guessed here.
 */
export function isVirtualMachineModel(model: string | null | undefined): boolean | null {
  if (blank(model)) return null
  return /^\s*virtual machine\s*$/i.test(model ?? '')
}

export function classifyOem(manufacturer: string | null | undefined, model?: string | null): OemClass {
  if (blank(manufacturer)) return 'unknown'
  const maker = (manufacturer ?? '').trim().toLowerCase()
  if (/^dell\b/.test(maker)) return 'dell'
  if (/^dynabook\b/.test(maker)) return 'dynabook'
  if (/^(hp|hewlett[- ]?packard)\b/.test(maker)) return 'hp'
  if (/^lenovo\b/.test(maker)) return 'lenovo'
  if (/^microsoft\b/.test(maker)) {
    if (isVirtualMachineModel(model) === true) return 'other'
    if (blank(model)) return 'unknown'
    return /^\s*surface\b/i.test(model ?? '') ? 'surface' : 'other'
  }
  return 'other'
}

export const isListedOem = (oem: OemClass): oem is ListedOem => (LISTED_OEMS as readonly string[]).includes(oem)

/**
 * Unblock device (2310) is for OEMs that haven't opted in to attesting removal of refurbished
 * devices, and does not work on Fix pending (docs/reference/autopilot.md §3.1). The listed OEMs re-enroll
 * automatically (§3.1); we read that as "they are the opted-in ones, so Unblock is not
 * theirs" — the docs imply this but never say it in one sentence (see §10.12).
 */
export type UnblockEligibility = { eligible: true; reason: string } | { eligible: false; reason: string; code: 'listed-oem' | 'fix-pending' | 'unknown-oem' }

export function unblockEligibility(manufacturer: string | null | undefined, model: string | null | undefined, fixPending: boolean): UnblockEligibility {
  if (fixPending) {
    return { eligible: false, code: 'fix-pending', reason: "Unblock device doesn't work while the profile status is Fix pending." }
  }
  const oem = classifyOem(manufacturer, model)
  if (oem === 'unknown') {
    return {
      eligible: false,
      code: 'unknown-oem',
      reason: 'The manufacturer is unknown, so Unblock eligibility cannot be told; delete the Intune device record instead.',
    }
  }
  if (isListedOem(oem)) {
    return {
      eligible: false,
      code: 'listed-oem',
      reason: `${LISTED_OEM_NAMES[oem]} devices re-enroll automatically after pre-provisioning; Unblock device is for the other OEMs. Delete the Intune device record, or check the Windows (MDM) platform restriction.`,
    }
  }
  return {
    eligible: true,
    reason:
      'The manufacturer is not one of Dell, Dynabook, HP, Lenovo or Surface: Unblock device may work. Confirm with the OEM that it is enabled for the device.',
  }
}
