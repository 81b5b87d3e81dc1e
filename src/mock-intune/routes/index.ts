import type { MockState } from '../mock-state'
import type { RouteDefinition } from '../router'
import { autopilotEventRoutes } from './autopilot-events'
import { deviceIdentityRoutes } from './device-identities'
import { directoryRoutes } from './directory'
import { enrollmentConfigurationRoutes } from './enrollment-configurations'
import { exportJobRoutes } from './export-jobs'
import { importedIdentityRoutes } from './imported-identities'
import { managedDeviceRoutes } from './managed-devices'
import { mobileAppRoutes } from './mobile-apps'
import { organizationRoutes } from './organization'
import { profileRoutes } from './profiles'
import { settingsRoutes } from './settings'

/** Every Graph route the mock serves; new resources add their file here. */
export const allRoutes = (state: MockState): RouteDefinition[] => [
  ...deviceIdentityRoutes(state),
  ...settingsRoutes(state),
  ...profileRoutes(state),
  ...importedIdentityRoutes(state),
  ...autopilotEventRoutes(state),
  ...exportJobRoutes(state),
  ...directoryRoutes(state),
  ...managedDeviceRoutes(state),
  ...enrollmentConfigurationRoutes(state),
  ...organizationRoutes(state),
  ...mobileAppRoutes(state),
]
