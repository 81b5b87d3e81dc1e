/**
 * The Autopilot-relevant events in words. Facts and their sources:
 * - Autopilot channel ids: the event ID table of "Windows Autopilot troubleshooting FAQ"
 *   (docs/reference/autopilot.md §6.1).
 * - DeviceManagement-Enterprise-Diagnostics-Provider/Admin and User Device Registration/Admin ids:
 *   what the community Get-AutopilotDiagnostics script reads (docs/reference/community-tools.md §A3);
 *   Microsoft Learn documents no id table for them, so those explanations say so.
 * - HResult 0x801C03F3 in User Device Registration/Admin: "Windows Autopilot - known issues"
 *   (docs/reference/autopilot.md §6.1, §6.3).
 * Anything not in this table is shown with its System fields only: the docs are silent on it.
 */
import type { EvtxEvent } from './event-model'

export const AUTOPILOT_CHANNEL = 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot'
export const DEVICE_MANAGEMENT_CHANNEL = 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin'
export const DEVICE_REGISTRATION_CHANNEL = 'Microsoft-Windows-User Device Registration/Admin'

export type ExplanationSource = 'troubleshooting-faq' | 'known-issues' | 'community'

export interface EventExplanation {
  /** Short name of what happened. */
  title: string
  /** What it means for the deployment and, where the docs say, what to do. */
  meaning: string
  severity: 'info' | 'warning' | 'error'
  /** Whose words: a Microsoft Learn page key (src/shared/domain/learn-pages.ts) or the community script. */
  source: ExplanationSource
}

const FAQ: ExplanationSource = 'troubleshooting-faq'
const COMMUNITY: ExplanationSource = 'community'

const autopilot: Record<number, EventExplanation> = {
  100: {
    title: 'Autopilot policy not found',
    meaning: 'Usually temporary: Windows is still waiting for the Autopilot profile.',
    severity: 'warning',
    source: FAQ,
  },
  101: { title: 'Profile setting read', meaning: 'A profile setting was read (AutopilotGetPolicyDwordByName succeeded).', severity: 'info', source: FAQ },
  103: { title: 'Profile setting read', meaning: 'A profile setting was read (AutopilotGetPolicyStringByName succeeded).', severity: 'info', source: FAQ },
  109: {
    title: 'OOBE settings read',
    meaning: 'The OOBE settings override was read (AutopilotGetOobeSettingsOverride succeeded).',
    severity: 'info',
    source: FAQ,
  },
  111: { title: 'Settings retrieved', meaning: 'AutopilotRetrieveSettings succeeded.', severity: 'info', source: FAQ },
  153: {
    title: 'Profile state changed',
    meaning: 'Usually ProfileState_Unknown → ProfileState_Available: the Autopilot profile was downloaded and is ready.',
    severity: 'info',
    source: FAQ,
  },
  160: { title: 'Profile download starting', meaning: 'Windows started downloading the Autopilot profile.', severity: 'info', source: FAQ },
  161: { title: 'Profile downloaded', meaning: 'The Autopilot profile download succeeded.', severity: 'info', source: FAQ },
  163: {
    title: 'Already provisioned',
    meaning: 'No download was needed: the device is already provisioned. Sysprep /Generalize normally removes the profile.',
    severity: 'info',
    source: FAQ,
  },
  164: { title: 'Internet available', meaning: 'The device could reach the internet to download the profile.', severity: 'info', source: FAQ },
  171: {
    title: 'TPM identity not confirmed',
    meaning:
      'Windows failed to set the TPM identity as confirmed: a TPM attestation problem. Pre-provisioning needs a physical device with TPM 2.0 that can attest.',
    severity: 'error',
    source: FAQ,
  },
  172: {
    title: 'Profile not set as available',
    meaning: 'Windows failed to set the Autopilot profile as available; usually logged together with 171 (TPM attestation).',
    severity: 'error',
    source: FAQ,
  },
  807: {
    title: 'Device not registered (ZtdDeviceIsNotRegistered)',
    meaning: 'The Autopilot service does not know this device: check that its hardware hash was uploaded and a profile is assigned.',
    severity: 'error',
    source: FAQ,
  },
  809: {
    title: 'Assigned profile does not exist (ZtdDeviceHasNoAssignedProfile)',
    meaning: 'The profile assigned to the device no longer exists: assign another profile and enroll again.',
    severity: 'error',
    source: FAQ,
  },
  815: {
    title: 'No profile assigned (ZtdDeviceHasNoAssignedProfile)',
    meaning: 'No profile is assigned to the device and the tenant has no default profile: assign a profile.',
    severity: 'error',
    source: FAQ,
  },
  908: {
    title: 'Serial number or product key mismatch',
    meaning: 'SerialNumberMismatch / ProductKeyIdMismatch: the registered serial or product key does not match the hardware. Register the device again.',
    severity: 'error',
    source: FAQ,
  },
}

const silent = 'Microsoft Learn documents no table for this log; the meaning is what the community Get-AutopilotDiagnostics script reads it as.'
const deviceManagement: Record<number, EventExplanation> = {
  72: { title: 'MDM enrollment', meaning: `The device's MDM enrollment. ${silent}`, severity: 'info', source: COMMUNITY },
  100: { title: 'Offline domain join', meaning: `Offline domain join (hybrid join) step. ${silent}`, severity: 'info', source: COMMUNITY },
  107: { title: 'Offline domain join', meaning: `Offline domain join (hybrid join) step. ${silent}`, severity: 'info', source: COMMUNITY },
  109: { title: 'Offline domain join', meaning: `Offline domain join (hybrid join) step. ${silent}`, severity: 'info', source: COMMUNITY },
  110: { title: 'Offline domain join', meaning: `Offline domain join (hybrid join) step. ${silent}`, severity: 'info', source: COMMUNITY },
  111: { title: 'Offline domain join', meaning: `Offline domain join (hybrid join) step. ${silent}`, severity: 'info', source: COMMUNITY },
  1905: { title: 'App download started', meaning: `An MSI app download started. ${silent}`, severity: 'info', source: COMMUNITY },
  1906: { title: 'App download finished', meaning: `An MSI app download finished. ${silent}`, severity: 'info', source: COMMUNITY },
  1920: { title: 'App install started', meaning: `An MSI app install started. ${silent}`, severity: 'info', source: COMMUNITY },
  1922: { title: 'App install finished', meaning: `An MSI app install finished. ${silent}`, severity: 'info', source: COMMUNITY },
  1924: {
    title: 'App install failed',
    meaning: `An MSI app install failed; the event data names the app and error. ${silent}`,
    severity: 'error',
    source: COMMUNITY,
  },
}

const registration: Record<number, EventExplanation> = {
  101: { title: 'SCP discovery', meaning: `Device registration looked up the service connection point. ${silent}`, severity: 'info', source: COMMUNITY },
  304: { title: 'Hybrid join failed', meaning: `Hybrid Microsoft Entra join failed. ${silent}`, severity: 'error', source: COMMUNITY },
  306: { title: 'Hybrid join succeeded', meaning: `Hybrid Microsoft Entra join succeeded. ${silent}`, severity: 'info', source: COMMUNITY },
}

const DELETED_DEVICE_HRESULT = /0x801c03f3/i

/** The explanation of an event, when the docs (or the labelled community script) give one; else null. */
export function explainEvent(event: Pick<EvtxEvent, 'channel' | 'provider' | 'eventId' | 'data'>): EventExplanation | null {
  if (event.eventId === null) return null
  const channel = event.channel?.toLowerCase() ?? ''
  const provider = event.provider?.toLowerCase() ?? ''
  if (channel === AUTOPILOT_CHANNEL.toLowerCase() || (channel === '' && provider === 'microsoft-windows-moderndeployment-diagnostics-provider'))
    return autopilot[event.eventId] ?? null
  if (channel === DEVICE_MANAGEMENT_CHANNEL.toLowerCase()) return deviceManagement[event.eventId] ?? null
  if (channel === DEVICE_REGISTRATION_CHANNEL.toLowerCase()) {
    if (event.data.some((d) => DELETED_DEVICE_HRESULT.test(d.value)))
      return {
        title: 'Entra device object deleted (0x801C03F3)',
        meaning:
          'Pre-provisioning failed because the device object in Microsoft Entra ID was deleted. Remove the device from Entra ID, Intune and Autopilot, then register it again.',
        severity: 'error',
        source: 'known-issues',
      }
    return registration[event.eventId] ?? null
  }
  return null
}

/** Whether the channel is one of the three logs where pre-provisioning failures are explained. */
export function isAutopilotChannel(channel: string | null): boolean {
  const c = channel?.toLowerCase()
  return c === AUTOPILOT_CHANNEL.toLowerCase() || c === DEVICE_MANAGEMENT_CHANNEL.toLowerCase() || c === DEVICE_REGISTRATION_CHANNEL.toLowerCase()
}
