import { activeTenantOf } from '../stores/identity-store'
import { useIdentityStore } from '../stores/stores-context'

/**
 * The active customer tenant's name when it has no usable sign-in (signed out, or the sign-in ended:
 * a restart in browser mode, a token that can no longer be refreshed); null otherwise. Nothing reaches
 * Intune until the technician signs in again, so the screens say that rather than a retry time.
 */
export function useSignInNeeded(): string | null {
  return useIdentityStore((state) => {
    const tenant = activeTenantOf(state.overview)
    return tenant && tenant.kind === 'graph' && (tenant.signIn === 'signed-out' || tenant.signIn === 'needs-sign-in') ? tenant.displayName : null
  })
}
