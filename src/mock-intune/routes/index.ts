import type { MockState } from '../mock-state'
import type { RouteDefinition } from '../router'
import { deviceIdentityRoutes } from './device-identities'
import { organizationRoutes } from './organization'

/** Every Graph route the mock serves; new resources add their file here. */
export const allRoutes = (state: MockState): RouteDefinition[] => [...deviceIdentityRoutes(state), ...organizationRoutes(state)]
