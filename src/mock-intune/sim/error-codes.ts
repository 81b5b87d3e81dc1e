/**
 * The pre-provisioning failures the simulator produces, each from docs/reference/autopilot.md §6.3 (error
 * codes) with the seed article cited. Messages paraphrase the documented meaning; nothing here is
 * invented beyond the wording.
 */
export interface SimError {
  code: string
  /** The symbolic name where the docs give one ('' otherwise; none is invented). */
  name: string
  message: string
  /** Where the docs say it happens. */
  source: string
}

export const ERRORS = {
  /** §3.1 + §6.3: pre-provisioning needs a physical TPM 2.0; a VM (even with a vTPM) times out. */
  virtualMachine: {
    code: '0x800705B4',
    name: 'ERROR_TIMEOUT',
    message: 'TPM attestation timed out: pre-provisioning needs a physical TPM 2.0 with device attestation; virtual machines are not supported.',
    source: 'docs/reference/autopilot.md §3.1, §6.3',
  },
  /** §6.3: intermittent attestation failure at "Securing your hardware"; fix: retry. */
  tpmAttestation: {
    code: '0x81039001',
    name: 'E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED',
    message: 'TPM attestation failed at "Securing your hardware" (intermittent). Retry.',
    source: 'docs/reference/autopilot.md §6.3',
  },
  /** §6.3: the Entra device object was deleted; fix: remove from Entra, Intune and Autopilot, then re-register. */
  entraObjectDeleted: {
    code: '0x801C03F3',
    name: '',
    message: 'The device object was not found in Microsoft Entra ID. Remove the device from Entra ID, Intune and Autopilot, then register it again.',
    source: 'docs/reference/autopilot.md §1.1, §6.3',
  },
  /** §2.1 + §6.3: "Allow pre-provisioned deployment" = No; Intune enforces it. */
  preprovisioningNotAllowed: {
    code: '0x80180005',
    name: '',
    message: 'Pre-provisioning is not allowed by the assigned Windows Autopilot profile ("Allow pre-provisioned deployment" is No).',
    source: 'docs/reference/autopilot.md §2.1, §6.3',
  },
  /** §3.1 + §6.3: re-enrolling after pre-provisioning/self-deploying (one-time limit). */
  oneTimeLimit: {
    code: '0x80180014',
    name: 'DeviceNotSupported',
    message:
      'Enrollment blocked for AP device by SDM One Time Limit Check. Delete the Intune device record, or Unblock the device (allowNextEnrollment) where the OEM allows it.',
    source: 'docs/reference/autopilot.md §3.1, §6.3',
  },
  /** §6.3 + §4.2: an app did not install within the ESP's time limit (0x800705B4 = timeout). */
  espTimeout: {
    code: '0x800705B4',
    name: 'ERROR_TIMEOUT',
    message: 'Installation took longer than the Enrollment Status Page allows.',
    source: 'docs/reference/autopilot.md §4.2, §6.3',
  },
} as const satisfies Record<string, SimError>

/** The HRESULT as a signed 32-bit integer, as the device-preparation report carries it (§B7 ResultCode). */
export const hresultOf = (code: string): number => Number.parseInt(code.slice(2), 16) | 0
