/**
 * What Intune's import errors mean and what to do (docs/reference/autopilot.md §5.4, docs/reference/graph-api.md §B3).
 * Matched by code first, then by name: 806, 808 and 819 have documented or observed numbers;
 * InvalidZtdHardwareHash, StorageError and ZtdDeviceNotFound have none, and none is invented here.
 */
export interface ImportErrorExplanation {
  /** The number Intune reported, or null when it reported none (0). */
  code: number | null
  /** The documented name (the one Intune sent when it sent one). */
  name: string
  meaning: string
  action: string
  /** Microsoft Learn page id (src/shared/domain/learn-pages.ts). */
  learnPage: 'manual-registration'
}

interface Known {
  code: number | null
  names: readonly string[]
  meaning: string
  action: string
}

const KNOWN: readonly Known[] = [
  {
    code: 806,
    names: ['ZtdDeviceAlreadyAssigned'],
    meaning: 'The device is already registered in this tenant.',
    action: 'Do not import it again. Find it by serial number in Windows Autopilot devices; import again only if it is really not registered.',
  },
  {
    code: 808,
    // Both spellings occur in the docs (docs/reference/autopilot.md §10 item 5).
    names: ['ZtdDeviceAssignedToOtherTenant', 'ZtdDeviceAssignedToAnotherTenant'],
    meaning: 'The hardware hash is registered to a different tenant.',
    action:
      'Do not import it again. The previous owner must deregister it (Recycle › 808 on a refurbished board); otherwise open a Microsoft support case with proof of ownership and an Autopilot diagnostics collection.',
  },
  {
    code: 819,
    names: ['ZtdDeviceDuplicated'],
    meaning: 'The same hardware hash was in the import more than once; only one row was processed.',
    action: "Check the other row's result, then remove the duplicate row.",
  },
  {
    code: null,
    names: ['InvalidZtdHardwareHash'],
    meaning: 'The hardware hash fields are invalid or empty; the manufacturer and serial number in the hash are required.',
    action: 'Capture the hash again on the device (check the board with `wmic baseboard get manufacturer, serialnumber`) and import the new hash.',
  },
  {
    code: null,
    names: ['StorageError'],
    meaning: 'A generic error on the service side.',
    action: 'Try the import again later; if it keeps failing, contact Microsoft support.',
  },
  {
    code: null,
    names: ['ZtdDeviceNotFound'],
    meaning: 'A re-registration after a repair named the device by product key or tuple, and no such device was found.',
    action: 'Register the device with its new 4K hardware hash instead.',
  },
]

export function explainImportError(code: number | null, name: string | null): ImportErrorExplanation {
  const reported = code && code !== 0 ? code : null
  const byCode = reported !== null ? KNOWN.find((known) => known.code === reported) : undefined
  const byName = name ? KNOWN.find((known) => known.names.some((n) => n.toLowerCase() === name.toLowerCase())) : undefined
  const known = byCode ?? byName
  if (!known) {
    return {
      code: reported,
      name: name ?? '',
      meaning: `Intune reported ${[reported, name].filter(Boolean).join(' ') || 'an error without a code or name'}, which the Autopilot docs do not describe.`,
      action: 'Try the import again later; if it repeats, check the device in Windows Autopilot devices or contact Microsoft support.',
      learnPage: 'manual-registration',
    }
  }
  return { code: reported ?? known.code, name: name || known.names[0]!, meaning: known.meaning, action: known.action, learnPage: 'manual-registration' }
}

/** "808 ZtdDeviceAssignedToOtherTenant", or the name alone when there is no number. */
export const importErrorLabel = (explanation: ImportErrorExplanation): string =>
  [explanation.code, explanation.name].filter((part) => part !== null && part !== '').join(' ')
