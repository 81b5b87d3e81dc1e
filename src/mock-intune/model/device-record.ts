import type { DeviceIdentity } from './device-identity'

/** What $expand=deploymentProfile returns for now: a profile stub (the full profile resource comes later). */
export interface DeploymentProfileRef {
  '@odata.type': '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile' | '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile'
  id: string
  displayName: string
}

/** A device as the store holds it: the Graph entity plus its two navigation targets. */
export interface DeviceRecord {
  identity: DeviceIdentity
  deploymentProfile: DeploymentProfileRef | null
  intendedDeploymentProfile: DeploymentProfileRef | null
}
