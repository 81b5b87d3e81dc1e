/**
 * windowsAutopilotDeploymentProfile (beta only) and its two concrete subtypes (docs/reference/graph-api.md §B5).
 *
 * Both the deprecated and the replacement fields are kept and mirrored (language/locale,
 * outOfBoxExperienceSettings/outOfBoxExperienceSetting, enableWhiteGlove/preprovisioningAllowed,
 * extractHardwareHash/hardwareHashExtractionEnabled), because the deprecations overlap and clients
 * read either. Key order follows the contract's example.
 */
export const AAD_PROFILE = '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile'
export const HYBRID_PROFILE = '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile'
export type ProfileODataType = typeof AAD_PROFILE | typeof HYBRID_PROFILE

export const USER_TYPES = ['administrator', 'standard', 'unknownFutureValue'] as const
export const DEVICE_USAGE_TYPES = ['singleUser', 'shared', 'unknownFutureValue'] as const
export const DEVICE_TYPES = ['windowsPc', 'holoLens', 'surfaceHub2', 'surfaceHub2S', 'virtualMachine', 'unknownFutureValue'] as const

export interface OutOfBoxExperienceSettings {
  hidePrivacySettings: boolean
  hideEULA: boolean
  userType: (typeof USER_TYPES)[number]
  deviceUsageType: (typeof DEVICE_USAGE_TYPES)[number]
  skipKeyboardSelectionPage: boolean
  hideEscapeLink: boolean
}

export interface OutOfBoxExperienceSetting {
  privacySettingsHidden: boolean
  eulaHidden: boolean
  userType: (typeof USER_TYPES)[number]
  deviceUsageType: (typeof DEVICE_USAGE_TYPES)[number]
  keyboardSelectionPageSkipped: boolean
  escapeLinkHidden: boolean
}

export interface EnrollmentStatusScreenSettings {
  hideInstallationProgress: boolean
  allowDeviceUseBeforeProfileAndAppInstallComplete: boolean
  blockDeviceSetupRetryByUser: boolean
  allowLogCollectionOnInstallFailure: boolean
  customErrorMessage: string | null
  installProgressTimeoutInMinutes: number
  allowDeviceUseOnInstallFailure: boolean
}

/** The profile-level ESP settings a new profile starts with (mock choice: always an object, never null). */
export const DEFAULT_STATUS_SCREEN: EnrollmentStatusScreenSettings = {
  hideInstallationProgress: false,
  allowDeviceUseBeforeProfileAndAppInstallComplete: false,
  blockDeviceSetupRetryByUser: false,
  allowLogCollectionOnInstallFailure: true,
  customErrorMessage: null,
  installProgressTimeoutInMinutes: 60,
  allowDeviceUseOnInstallFailure: false,
}

export interface DeploymentProfile {
  '@odata.type': ProfileODataType
  id: string
  displayName: string
  description: string
  language: string
  locale: string
  createdDateTime: string
  lastModifiedDateTime: string
  outOfBoxExperienceSettings: OutOfBoxExperienceSettings
  outOfBoxExperienceSetting: OutOfBoxExperienceSetting
  enrollmentStatusScreenSettings: EnrollmentStatusScreenSettings
  extractHardwareHash: boolean
  hardwareHashExtractionEnabled: boolean
  deviceNameTemplate: string
  deviceType: (typeof DEVICE_TYPES)[number]
  enableWhiteGlove: boolean
  preprovisioningAllowed: boolean
  roleScopeTagIds: string[]
  managementServiceAppId: string | null
  /** activeDirectory subtype only. */
  hybridAzureADJoinSkipConnectivityCheck?: boolean
}

/** What $expand=deploymentProfile returns: the profile's id, type and name (mock choice: a stub, not the whole profile). */
export interface DeploymentProfileRef {
  '@odata.type': ProfileODataType
  id: string
  displayName: string
}

export const profileRef = (profile: DeploymentProfile): DeploymentProfileRef => ({
  '@odata.type': profile['@odata.type'],
  id: profile.id,
  displayName: profile.displayName,
})

/** Self-deploying mode is the profile's "shared" device usage (the Intune UI's deployment mode). */
export const isSelfDeploying = (profile: DeploymentProfile): boolean => profile.outOfBoxExperienceSetting.deviceUsageType === 'shared'
export const isHybrid = (profile: DeploymentProfile): boolean => profile['@odata.type'] === HYBRID_PROFILE

export const oldOobe = (s: OutOfBoxExperienceSetting): OutOfBoxExperienceSettings => ({
  hidePrivacySettings: s.privacySettingsHidden,
  hideEULA: s.eulaHidden,
  userType: s.userType,
  deviceUsageType: s.deviceUsageType,
  skipKeyboardSelectionPage: s.keyboardSelectionPageSkipped,
  hideEscapeLink: s.escapeLinkHidden,
})

export const newOobe = (s: OutOfBoxExperienceSettings): OutOfBoxExperienceSetting => ({
  privacySettingsHidden: s.hidePrivacySettings,
  eulaHidden: s.hideEULA,
  userType: s.userType,
  deviceUsageType: s.deviceUsageType,
  keyboardSelectionPageSkipped: s.skipKeyboardSelectionPage,
  escapeLinkHidden: s.hideEscapeLink,
})

/**
 * Applies a device name template (docs/reference/autopilot.md §1.5): %SERIAL% = the serial, %RAND:x% = x
 * digits (from `digits`, so the result is deterministic); the result is cut to 15 characters.
 */
export function applyNameTemplate(template: string, serial: string, digits: () => number): string {
  const cleanSerial = serial.replace(/[^A-Za-z0-9]/g, '')
  const name = template
    .replace(/%SERIAL%/gi, cleanSerial)
    .replace(/%RAND:(\d+)%/gi, (_, count: string) => Array.from({ length: Math.min(15, Number(count)) }, () => String(Math.floor(digits() * 10))).join(''))
  return name.slice(0, 15)
}
