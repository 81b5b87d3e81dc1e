import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { AutopilotSyncState } from '@shared/action-schemas'
import { call, type Call } from './call'

export interface DeviceActionsState {
  /** The tenant's Autopilot sync throttle (10-minute countdown); null until read or unknown. */
  syncState: AutopilotSyncState | null
  /** Reads the sync state; without it the countdown is unknown and Intune answers 429 if too early. */
  loadSyncState(): Promise<void>
  /** An online-only action (Autopilot sync, delete record, unblock…); its sync state is kept. */
  runOnlineAction: Call<'devices:run-online-action'>
  /** Reads one device from Intune (the core falls back to the cache with a notice). */
  refreshDevice: Call<'devices:refresh-device'>
  /** The cached device row. */
  getDevice: Call<'devices:get-device'>
  /** Queues an edit in the outbox (works offline). */
  queueChange: Call<'changes:queue-change'>
  /** One device's outbox items. */
  listChanges: Call<'changes:list-changes'>
  /** Retry a failed change, or Try now on one waiting for its next try. */
  retryChange: Call<'changes:retry-change'>
  /** Group tags devices in this tenant carry, for autocomplete. */
  listGroupTags: Call<'devices:list-group-tags'>
  /** Users for assignment: the cache first, then Graph. */
  searchUsers: Call<'users:search-users'>
}

/**
 * What the device card and the bench recorder read and do for one device besides the card itself
 * (the card is a per-view store, device-card-store.ts). The card re-reads on its own topics, so
 * these actions never push results into it.
 */
export function createDeviceActionsStore(api: Api) {
  let syncGeneration = 0
  return createStore<DeviceActionsState>()((set) => ({
    syncState: null,

    async loadSyncState() {
      const mine = ++syncGeneration
      const result = await api.invoke('autopilot:get-sync-state', {})
      if (mine === syncGeneration && result.ok) set({ syncState: result.value })
    },

    async runOnlineAction(request) {
      const result = await api.invoke('devices:run-online-action', request)
      if (result.ok && result.value.autopilotSync) {
        syncGeneration++
        set({ syncState: result.value.autopilotSync })
      }
      return result
    },

    refreshDevice: call(api, 'devices:refresh-device'),
    getDevice: call(api, 'devices:get-device'),
    queueChange: call(api, 'changes:queue-change'),
    listChanges: call(api, 'changes:list-changes'),
    retryChange: call(api, 'changes:retry-change'),
    listGroupTags: call(api, 'devices:list-group-tags'),
    searchUsers: call(api, 'users:search-users'),
  }))
}

export type DeviceActionsStore = ReturnType<typeof createDeviceActionsStore>
