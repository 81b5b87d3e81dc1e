import type { EnrolledVia } from './device-record'

/** An importedWindowsAutopilotDeviceIdentity as the mock keeps it (docs/reference/graph-api.md §B3). */
export interface ImportedRecord {
  id: string
  groupTag: string
  serialNumber: string
  productKey: string
  importId: string
  hardwareIdentifier: string | null
  assignedUserPrincipalName: string
  /** ms; processing finishes at createdAt + importProcessing. */
  createdAt: number
  /** Decided when the record is created (deterministic), revealed when processing finishes. */
  outcome: { status: 'complete'; registrationId: string } | { status: 'error'; code: number; name: string }
  /** Whether the Autopilot identity for a `complete` import exists yet. */
  materialized: boolean
}

/** windowsAutopilotSettings (docs/reference/graph-api.md §B4). Times in ms; null = never. */
export interface AutopilotSettingsRecord {
  id: string
  lastSyncDateTime: number | null
  lastManualSyncTriggerDateTime: number | null
  syncStatus: 'unknown' | 'inProgress' | 'completed' | 'failed'
}

/** A deviceManagementAutopilotEvent row created by the simulator (docs/reference/graph-api.md §B7). */
export interface AutopilotEventRecord {
  id: string
  /** When the row shows up in the report (the classic report lags; §6.2). */
  publishAt: number
  deviceId: string
  eventDateTime: string
  deviceRegisteredDateTime: string
  enrollmentStartDateTime: string
  enrollmentType: string
  deviceSerialNumber: string
  managedDeviceName: string
  userPrincipalName: string
  windowsAutopilotDeploymentProfileDisplayName: string
  enrollmentState: string
  windows10EnrollmentCompletionPageConfigurationDisplayName: string
  windows10EnrollmentCompletionPageConfigurationId: string
  deploymentState: string
  deviceSetupStatus: string
  accountSetupStatus: string
  osVersion: string
  deploymentDuration: string
  deploymentTotalDuration: string
  deviceSetupDuration: string
  accountSetupDuration: string
  deploymentStartDateTime: string
  deploymentEndDateTime: string
  enrollmentFailureDetails: string
}

/** What the mock remembers about a managedDevice it created (generated ones are derived). */
export interface ManagedExtra {
  deviceName: string
  enrolledAt: number
  profileName: string
  via: EnrolledVia
}

/** A report export job (deviceManagementExportJob; docs/reference/graph-api.md §B7). */
export interface ExportJobRecord {
  id: string
  reportName: string
  filter: string
  select: string[]
  format: 'csv' | 'json'
  localizationType: string
  createdAt: number
}
