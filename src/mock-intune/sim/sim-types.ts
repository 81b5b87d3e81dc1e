/**
 * The simulated PC on the bench: what it downloaded, which screen it shows, and its provisioning
 * attempts. Plain data, so it persists with the rest of the state.
 */
export type StoredScreen = 'off' | 'oobe' | 'whatToDo' | 'preprovision' | 'provisioning' | 'resealed' | 'userOobe'
export type Screen = StoredScreen | 'success' | 'failed'

/** Why a device shows the red "no profile" screen (and no QR code). */
export type NoProfileReason = 'notRegistered' | 'notAssigned' | 'assigning' | 'fixPending' | 'attentionRequired'

/** The profile details a device downloaded at boot or on Refresh (docs/reference/autopilot.md §2.2: downloaded at OOBE, not resident). */
export interface ProfileSnapshot {
  downloadedAt: number
  organizationName: string
  tenantDomain: string
  profileId: string | null
  profileName: string | null
  preprovisioningAllowed: boolean
  selfDeploying: boolean
  hybrid: boolean
  deviceNameTemplate: string
  /** The per-device name set in Intune (overrides the template for Entra join). */
  deviceName: string
  assignedUser: string | null
  addressableUserName: string | null
  noProfileReason: NoProfileReason | null
}

export type EspPhase = 'devicePreparation' | 'deviceSetup'

export interface PlannedStep {
  phase: EspPhase
  name: string
  startsAt: number
  endsAt: number
}

export interface AttemptFailure {
  /** Index into `steps` of the step that fails (at its end). */
  step: number
  code: string
  name: string
  message: string
}

export interface Attempt {
  number: number
  startedAt: number
  steps: PlannedStep[]
  failure: AttemptFailure | null
  endsAt: number
  /** When MDM enrollment completes in this attempt (null: it does not, or the install already enrolled). */
  enrollAt: number | null
  espId: string | null
  espName: string | null
  customErrorMessage: string | null
  /** What the technician forced for this attempt, if anything. */
  steered: string | null
}

export type Steering = 'success' | 'tpmFailure' | 'deviceSetupFailure'

export interface SimDevice {
  id: string
  screen: StoredScreen
  profile: ProfileSnapshot | null
  /** The random `Id` of the QR payload currently rendered (Windows makes a new one per render, §A1.4). */
  qrId: string | null
  attempt: Attempt | null
  /** This Windows installation has enrolled in Intune (a Retry does not enroll again; a Reset wipes it). */
  installEnrolled: boolean
  /** This installation already has its row in the deployment report (Retry keeps the first row; §6.2). */
  installReported: boolean
  /** Attempts ever made, the input to the seeded TPM-failure roll. */
  attemptsMade: number
  steering: { next: Steering; errorCode: string | null } | null
  resealedAt: number | null
  updatedAt: number
}
