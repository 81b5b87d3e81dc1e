import type { Feature } from '@shared/domain/permissions'
import { activeTenantOf } from '../stores/identity-store'
import { useIdentityStore } from '../stores/stores-context'

/**
 * Whether the active tenant allows a feature, and why not (missing permission or Intune role).
 * Until the tenants are known, everything is allowed: the demo tenant, and the core refuses anyway.
 */
export function useFeatureAccess(feature: Feature): { available: boolean; reason: string | null } {
  const row = useIdentityStore((state) => activeTenantOf(state.overview)?.access.find((candidate) => candidate.feature === feature) ?? null)
  return { available: row?.available ?? true, reason: row?.reason ?? null }
}
