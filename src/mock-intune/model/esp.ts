/**
 * windows10EnrollmentCompletionPageConfiguration: the Enrollment Status Page (docs/reference/autopilot.md §4),
 * a deviceEnrollmentConfiguration subtype. Also the two default enrollment configurations every
 * tenant has, so the collection looks like a real one.
 */
export const ESP_TYPE = '#microsoft.graph.windows10EnrollmentCompletionPageConfiguration'
export const LIMIT_TYPE = '#microsoft.graph.deviceEnrollmentLimitConfiguration'
export const RESTRICTION_TYPE = '#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration'

interface EnrollmentConfigurationBase {
  id: string
  displayName: string
  description: string
  priority: number
  createdDateTime: string
  lastModifiedDateTime: string
  version: number
  roleScopeTagIds: string[]
  deviceEnrollmentConfigurationType: string
}

export interface EspConfiguration extends EnrollmentConfigurationBase {
  '@odata.type': typeof ESP_TYPE
  showInstallationProgress: boolean
  blockDeviceSetupRetryByUser: boolean
  allowDeviceResetOnInstallFailure: boolean
  allowLogCollectionOnInstallFailure: boolean
  customErrorMessage: string
  installProgressTimeoutInMinutes: number
  allowDeviceUseOnInstallFailure: boolean
  selectedMobileAppIds: string[]
  allowNonBlockingAppInstallation: boolean
  installQualityUpdates: boolean
  trackInstallProgressForAutopilotOnly: boolean
  disableUserStatusTrackingAfterFirstUser: boolean
}

export interface OtherEnrollmentConfiguration extends EnrollmentConfigurationBase {
  '@odata.type': typeof LIMIT_TYPE | typeof RESTRICTION_TYPE
  [extra: string]: unknown
}

export type EnrollmentConfiguration = EspConfiguration | OtherEnrollmentConfiguration

export const isEsp = (config: EnrollmentConfiguration): config is EspConfiguration => config['@odata.type'] === ESP_TYPE

/** The documented default text when no custom message is set (docs/reference/autopilot.md §4.2). */
export const DEFAULT_ESP_ERROR = 'Setup could not be completed. Please try again or contact your support person for help.'
