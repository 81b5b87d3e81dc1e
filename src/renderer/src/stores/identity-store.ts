import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { IdentityOverview, SignInFlow, SignInProgress, TenantSummary } from '@shared/identity-schemas'
import type { AppError } from '@shared/result'
import { followTopics } from './follow-topics'

export interface IdentityState {
  overview: IdentityOverview | null
  error: AppError | null
  /** The sign-in in progress (or just ended), as the core reports it. */
  attempt: { attemptId: string; progress: SignInProgress | null } | null
  /** A switch or another tenant action running. */
  busy: boolean
  /** The last action's error (bad input, switch failed), shown where the action was. */
  actionError: AppError | null
  /**
   * A sign-in asked for and not yet answered (the core reaches the sign-in service first, seconds on a slow
   * network): the panel says "Starting sign-in…" meanwhile; a walk saw nothing for ~12 s after a retry.
   */
  starting: boolean
  attach(): () => void
  reload(): Promise<void>
  startSignIn(input: { tenantId: string } | { add: { tenant: string; clientId: string; cloud: string } }, flow: SignInFlow): Promise<boolean>
  cancelSignIn(): Promise<void>
  dismissAttempt(): void
  signOut(tenantId: string): Promise<void>
  removeTenant(tenantId: string): Promise<void>
  switchTenant(tenantId: string): Promise<void>
}

/** Tenants, sign-in state, permissions and the sign-in in progress (Settings, the tenant switcher, write controls). */
export function createIdentityStore(api: Api) {
  return createStore<IdentityState>()((set, get) => {
    // Progress can arrive before the start call's answer (SSE and HTTP race): the newest per attempt waits here.
    const early = new Map<string, SignInProgress>()
    const reload = async () => {
      const result = await api.invoke('identity:get-overview', {})
      if (result.ok) set({ overview: result.value, error: null })
      else set({ error: result.error })
    }
    const act = async (run: () => Promise<{ ok: boolean; error?: AppError }>) => {
      set({ busy: true, actionError: null })
      const result = await run()
      set({ busy: false, actionError: result.ok ? null : (result.error ?? null) })
      await reload()
    }
    return {
      overview: null,
      error: null,
      attempt: null,
      busy: false,
      actionError: null,
      starting: false,
      reload,
      attach() {
        void reload()
        const offTopics = followTopics(api, ['identity'], () => void reload())
        const offProgress = api.on('identity:sign-in', (progress) => {
          const attempt = get().attempt
          if (!attempt || attempt.attemptId !== progress.attemptId) {
            early.set(progress.attemptId, progress)
            if (early.size > 20) early.delete(early.keys().next().value!)
            return
          }
          set({ attempt: { attemptId: attempt.attemptId, progress } })
          if (progress.state === 'signed-in') void reload()
        })
        return () => {
          offTopics()
          offProgress()
        }
      },
      async startSignIn(input, flow) {
        // A new try clears the last one's outcome at once (its "Sign-in did not work" read as this try's).
        set({ actionError: null, attempt: null, starting: true })
        const result = await api.invoke('identity:start-sign-in', {
          tenantId: 'tenantId' in input ? input.tenantId : null,
          add: 'add' in input ? input.add : null,
          flow,
        })
        set({ starting: false })
        if (!result.ok) {
          set({ actionError: result.error })
          return false
        }
        // The events of this attempt may already have arrived before the answer; keep the newest.
        const { attemptId } = result.value
        set({ attempt: { attemptId, progress: early.get(attemptId) ?? null } })
        early.delete(attemptId)
        if (get().attempt?.progress?.state === 'signed-in') void reload()
        return true
      },
      async cancelSignIn() {
        const attempt = get().attempt
        if (attempt) await api.invoke('identity:cancel-sign-in', { attemptId: attempt.attemptId })
      },
      dismissAttempt: () => set({ attempt: null }),
      signOut: (tenantId) => act(() => api.invoke('identity:sign-out', { tenantId })),
      removeTenant: (tenantId) => act(() => api.invoke('identity:remove-tenant', { tenantId })),
      switchTenant: (tenantId) => act(() => api.invoke('identity:switch-tenant', { tenantId })),
    }
  })
}

export type IdentityStore = ReturnType<typeof createIdentityStore>

/** The active tenant of an overview (the demo tenant until another is chosen). */
export const activeTenantOf = (overview: IdentityOverview | null): TenantSummary | null => overview?.tenants.find((tenant) => tenant.active) ?? null
