import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import { followTopics } from './follow-topics'
import type { AppError } from '@shared/result'
import type { SyncProgress, SyncStatus } from '@shared/sync-schemas'

/** How the last run this window saw ended; the UI announces it once (aria-live). */
export interface SyncOutcome {
  runId: string
  ok: boolean
  /** Ended because someone pressed Cancel sync (or the CLI's Ctrl+C): not a failure to warn about. */
  cancelled: boolean
  devices: number
  message: string
}

export interface SyncState {
  status: SyncStatus | null
  statusError: AppError | null
  /** Live progress of the current (or most recent) run. */
  progress: SyncProgress | null
  running: boolean
  /** Between pressing Sync and main answering with the run id. */
  starting: boolean
  startError: AppError | null
  /** Cancel sync was pressed and the run has not ended yet. */
  cancelling: boolean
  cancelError: AppError | null
  lastOutcome: SyncOutcome | null

  startSync(): Promise<void>
  /** Stops the running sync between pages; what it saved is kept and nothing is deleted. */
  cancelSync(): Promise<void>
  refreshStatus(): Promise<void>
  /** Loads the status, follows `sync:progress` and `data:changed` (devices, sync, connectivity). Returns the detach function. */
  attach(): () => void
}

export interface SyncStoreOptions {
  /** While a run is going, `sync:get-status` is polled too, in case events are lost (stream reconnecting). */
  pollMs?: number
}

const isTerminal = (phase: SyncProgress['phase']) => phase === 'done' || phase === 'failed'

/**
 * Sync state for the Sync button, progress bar and status bar. Progress comes from `sync:progress`
 * events (any run: another browser tab may have started it); `sync:get-status` is the truth for
 * last success, last error and the cached device count.
 */
export function createSyncStore(api: Api, options: SyncStoreOptions = {}) {
  const pollMs = options.pollMs ?? 2_000
  let attached = false
  let pollTimer: ReturnType<typeof setTimeout> | null = null
  let statusGeneration = 0

  return createStore<SyncState>()((set, get) => {
    const stopPolling = () => {
      if (pollTimer) clearTimeout(pollTimer)
      pollTimer = null
    }
    const ensurePolling = () => {
      if (!attached || pollTimer || !get().running) return
      pollTimer = setTimeout(() => {
        pollTimer = null
        void get().refreshStatus()
      }, pollMs)
    }

    const finish = (outcome: SyncOutcome) => {
      if (get().lastOutcome?.runId === outcome.runId) return
      set({ running: false, cancelling: false, lastOutcome: outcome })
      stopPolling()
    }

    const onProgress = (progress: SyncProgress) => {
      set({ progress, running: !isTerminal(progress.phase) })
      if (isTerminal(progress.phase)) {
        finish({
          runId: progress.runId,
          ok: progress.phase === 'done',
          cancelled: progress.phase === 'failed' && get().cancelling,
          devices: progress.devices,
          message: progress.message,
        })
        void get().refreshStatus()
      } else {
        ensurePolling()
      }
    }

    return {
      status: null,
      statusError: null,
      progress: null,
      running: false,
      starting: false,
      startError: null,
      cancelling: false,
      cancelError: null,
      lastOutcome: null,

      async refreshStatus() {
        const mine = ++statusGeneration
        const result = await api.invoke('sync:get-status', {})
        if (mine !== statusGeneration) return
        if (!result.ok) {
          set({ statusError: result.error })
          ensurePolling()
          return
        }
        const status = result.value
        set({ status, statusError: null })
        const seen = get().progress
        if (status.running && status.progress) {
          // An event may already have told us this run ended; main forgets a run a moment later.
          const ended = seen?.runId === status.progress.runId && isTerminal(seen.phase)
          if (!ended && !isTerminal(status.progress.phase)) set({ running: true, progress: status.progress })
        } else if (!status.running && get().running) {
          // The end of the run was not seen as an event (stream down): settle it from the status.
          const runId = seen?.runId ?? ''
          const failed = status.lastError !== null
          finish({
            runId,
            ok: !failed,
            cancelled: status.lastError?.code === 'cancelled',
            devices: seen?.devices ?? status.deviceCount,
            message: status.lastError?.message ?? '',
          })
        }
        ensurePolling()
      },

      async startSync() {
        if (get().running || get().starting) return
        set({ starting: true, startError: null, cancelError: null })
        const result = await api.invoke('sync:start-sync', {})
        if (!result.ok) {
          set({ starting: false, startError: result.error })
          return
        }
        const { runId } = result.value
        const current = get().progress
        if (current?.runId === runId) {
          set({ starting: false, running: !isTerminal(current.phase) })
        } else {
          const expected = get().status?.deviceCount ?? 0
          set({
            starting: false,
            running: true,
            progress: { runId, phase: 'devices', pages: 0, devices: 0, expected, rowsPerSecond: 0, etaSeconds: null, waitingSeconds: null, message: '' },
          })
        }
        ensurePolling()
      },

      async cancelSync() {
        if (!get().running || get().cancelling) return
        set({ cancelling: true, cancelError: null })
        const result = await api.invoke('sync:cancel-sync', {})
        if (!result.ok) {
          set({ cancelling: false, cancelError: result.error })
          return
        }
        // Nothing was running any more (it ended meanwhile): the end event or the status poll settles the run.
        if (!result.value.cancelled) set({ cancelling: false })
      },

      attach() {
        attached = true
        const offProgress = api.on('sync:progress', onProgress)
        const offChanged = followTopics(api, ['devices', 'sync', 'connectivity'], () => void get().refreshStatus())
        void get().refreshStatus()
        return () => {
          attached = false
          offProgress()
          offChanged()
          stopPolling()
          statusGeneration++
        }
      },
    }
  })
}

export type SyncStore = ReturnType<typeof createSyncStore>
