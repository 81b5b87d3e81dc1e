import { featureAccess, REQUIRED_PERMISSIONS } from '@shared/domain/permissions'
import { CLOUDS } from '@shared/domain/clouds'
import { AppFailure } from '../app-error'
import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { tokenStorageOf } from './token-cache'

type IdentityChannel =
  'identity:get-overview' | 'identity:start-sign-in' | 'identity:cancel-sign-in' | 'identity:sign-out' | 'identity:remove-tenant' | 'identity:switch-tenant'

const unavailable = () => new AppFailure('invalid', 'Signing in to customer tenants is not available in this mode; the demo tenant works without sign-in.')

/** Tenants and sign-in: answered by the identity service on the main thread (MSAL never runs in a worker or the renderer). */
export function createIdentityHandlers(core: Core): Pick<Handlers, IdentityChannel> {
  const identity = core.identity
  return {
    'identity:get-overview': async () => {
      if (identity) return identity.overview()
      // No identity service (headless tools, tests): the core's own tenant, needing no sign-in.
      return {
        tenants: [
          {
            id: core.tenant.id,
            displayName: core.tenant.displayName,
            domain: null,
            kind: core.tenant.kind,
            cloud: core.tenant.kind === 'embedded-mock' ? 'demo' : 'global',
            clientId: null,
            active: true,
            signIn: 'not-needed' as const,
            username: null,
            signInReason: null,
            granted: [...REQUIRED_PERMISSIONS],
            access: featureAccess({ granted: REQUIRED_PERMISSIONS }),
          },
        ],
        storage: tokenStorageOf(null),
        clouds: Object.values(CLOUDS).map((cloud) => ({ id: cloud.id, displayName: cloud.displayName })),
        requiredPermissions: [...REQUIRED_PERMISSIONS],
        signInAvailable: false,
      }
    },
    'identity:start-sign-in': async (request) => {
      if (!identity) throw unavailable()
      return identity.startSignIn(request)
    },
    'identity:cancel-sign-in': async ({ attemptId }) => ({ cancelled: identity?.cancelSignIn(attemptId) ?? false }),
    'identity:sign-out': async ({ tenantId }) => {
      if (!identity) throw unavailable()
      await identity.signOut(tenantId)
      return {}
    },
    'identity:remove-tenant': async ({ tenantId }) => {
      if (!identity) throw unavailable()
      await identity.removeTenant(tenantId)
      return {}
    },
    'identity:switch-tenant': async ({ tenantId }) => {
      if (!identity) throw unavailable()
      return { active: await identity.switchTenant(tenantId) }
    },
  }
}
