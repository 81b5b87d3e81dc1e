/**
 * `CloudAssignedOobeConfig`: the bitmap of Autopilot OOBE settings found in the registry
 * (`HKLM\SOFTWARE\Microsoft\Provisioning\Diagnostics\Autopilot`) and in the profile JSON files.
 *
 * Two sources, and they cover different bits:
 * - Microsoft's docs (docs/reference/autopilot.md §2.3 and §7.4) name only five
 *   bits: SkipCortanaOptIn=1, OobeUserNotLocalAdmin=2, SkipExpressSettings=4, SkipOemRegistration=8,
 *   SkipEula=16.
 * - Get-AutopilotDiagnostics prints eleven labels (docs/reference/community-tools.md §A3): 1024 skip keyboard, 512 enable
 *   patch download, 256 skip Windows upgrade UX, 128 AAD TPM required, 64 AAD device auth, 32 TPM
 *   attestation, 16 skip EULA, 8 skip OEM registration, 4 skip express settings, 2 disallow admin.
 *   It prints nothing for bit 1.
 * They agree on 2, 4, 8 and 16 (the tool's "disallow admin" is the docs' OobeUserNotLocalAdmin).
 * Bits 32–1024 have no Microsoft name in the references: `microsoftName` stays null and the label is
 * the tool's. Any other set bit is reported as unknown — we do not guess its meaning.
 */

export type OobeBitSource = 'microsoft-docs' | 'get-autopilotdiagnostics' | 'both'

export interface OobeBitDefinition {
  mask: number
  /** Stable id for the UI, derived from the names/labels below (not a Microsoft identifier unless `microsoftName` says so). */
  id: string
  /** The name in Microsoft's docs (docs/reference/autopilot.md §2.3 / §7.4), or null when the docs don't name the bit. */
  microsoftName: string | null
  /** The label Get-AutopilotDiagnostics prints (docs/reference/community-tools.md §A3), or null when it prints none. */
  toolLabel: string | null
  source: OobeBitSource
}

export const OOBE_CONFIG_BITS: readonly OobeBitDefinition[] = [
  { mask: 1, id: 'skipCortanaOptIn', microsoftName: 'SkipCortanaOptIn', toolLabel: null, source: 'microsoft-docs' },
  { mask: 2, id: 'oobeUserNotLocalAdmin', microsoftName: 'OobeUserNotLocalAdmin', toolLabel: 'Disallow admin', source: 'both' },
  { mask: 4, id: 'skipExpressSettings', microsoftName: 'SkipExpressSettings', toolLabel: 'Skip express settings', source: 'both' },
  { mask: 8, id: 'skipOemRegistration', microsoftName: 'SkipOemRegistration', toolLabel: 'Skip OEM registration', source: 'both' },
  { mask: 16, id: 'skipEula', microsoftName: 'SkipEula', toolLabel: 'Skip EULA', source: 'both' },
  { mask: 32, id: 'tpmAttestation', microsoftName: null, toolLabel: 'TPM attestation', source: 'get-autopilotdiagnostics' },
  { mask: 64, id: 'aadDeviceAuth', microsoftName: null, toolLabel: 'AAD device auth', source: 'get-autopilotdiagnostics' },
  { mask: 128, id: 'aadTpmRequired', microsoftName: null, toolLabel: 'AAD TPM Required', source: 'get-autopilotdiagnostics' },
  { mask: 256, id: 'skipWindowsUpgradeUx', microsoftName: null, toolLabel: 'Skip Windows upgrade UX', source: 'get-autopilotdiagnostics' },
  { mask: 512, id: 'enablePatchDownload', microsoftName: null, toolLabel: 'Enable patch download', source: 'get-autopilotdiagnostics' },
  { mask: 1024, id: 'skipKeyboard', microsoftName: null, toolLabel: 'Skip keyboard', source: 'get-autopilotdiagnostics' },
]

const KNOWN_MASK = OOBE_CONFIG_BITS.reduce((all, bit) => all | bit.mask, 0)

export interface DecodedOobeBit extends OobeBitDefinition {
  set: boolean
}

export interface DecodedOobeConfig {
  value: number
  /** Every known bit, set or not (the tool prints the clear ones too). */
  bits: DecodedOobeBit[]
  /** Ids of the set known bits, lowest first. */
  set: string[]
  /** Set bits that neither source names (masks, lowest first). */
  unknownSetBits: number[]
}

/**
 * Decodes the bitmap. Returns null for anything that isn't an integer in 0…0xFFFFFFFF (a DWORD);
 * the caller reports that as a warning.
 */
export function decodeOobeConfig(value: number): DecodedOobeConfig | null {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return null
  const bits = OOBE_CONFIG_BITS.map((bit) => ({ ...bit, set: (value & bit.mask) !== 0 }))
  const unknownSetBits: number[] = []
  for (let bit = 0; bit < 32; bit += 1) {
    const mask = 2 ** bit
    // Arithmetic, not `&`: bit 31 would make a negative int32.
    if (Math.floor(value / mask) % 2 === 1 && (KNOWN_MASK & mask) === 0) unknownSetBits.push(mask)
  }
  return { value, bits, set: bits.filter((bit) => bit.set).map((bit) => bit.id), unknownSetBits }
}
