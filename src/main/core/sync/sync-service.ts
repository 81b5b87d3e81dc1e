import { randomUUID } from 'node:crypto'
import type { DbClient } from '../worker/db-client'
import type { GraphArgs } from '../worker/method'
import { toEnvelopeError } from '../app-error'
import type { SyncProgress, SyncStatus } from '@shared/sync-schemas'

/**
 * Starts syncs (one at a time) and remembers their progress for `sync:get-status`. The work itself
 * runs inside the database worker (worker method `sync.run`, sync/sync.worker.ts).
 */
export interface SyncServiceDeps {
  db: DbClient
  graphArgs: (correlationId: string) => Promise<GraphArgs>
  /** Called when a run ends, with its error envelope if it failed. */
  onFinished?: (error: { code: string; message: string } | null) => void
  connectivity?: () => { online: boolean | null; since: string }
}

export function createSyncService(deps: SyncServiceDeps) {
  let running: { runId: string; done: Promise<void> } | null = null
  let progress: SyncProgress | null = null

  return {
    onProgress(next: SyncProgress) {
      if (!running || next.runId === running.runId) progress = next
    },
    async start(correlationId: string): Promise<{ runId: string }> {
      if (running) return { runId: running.runId }
      const runId = randomUUID()
      const graph = await deps.graphArgs(correlationId)
      progress = {
        runId,
        phase: 'devices',
        pages: 0,
        devices: 0,
        expected: 0,
        rowsPerSecond: 0,
        etaSeconds: null,
        waitingSeconds: null,
        wait: null,
        message: 'Starting sync',
      }
      const done = deps.db
        .call('sync.run', { runId, ...graph })
        .then(() => deps.onFinished?.(null))
        // The worker already recorded and logged the failure in sync_runs; status() reports it.
        .catch((error: unknown) => deps.onFinished?.(toEnvelopeError(error)))
        .finally(() => {
          running = null
        })
      running = { runId, done }
      return { runId }
    },
    /**
     * Asks the worker to stop the running sync; it ends as a failed run with code `cancelled`, keeping
     * every row it saved and deleting nothing. False when no sync was running.
     */
    async cancel(): Promise<{ cancelled: boolean }> {
      if (!running) return { cancelled: false }
      return deps.db.call('sync.cancel', { runId: running.runId })
    },
    /**
     * Another call found Intune unreachable (the core's connectivity turned Offline): a running sync's try
     * that gets no answer is then its last, rather than four more tries of 30 s (docs/reliability.md).
     */
    noteIntuneUnreachable(): void {
      if (!running) return
      void deps.db.call('sync.intune-unreachable', { runId: running.runId }).catch(() => undefined)
    },
    /**
     * Whether the running sync is waiting on a request Intune has not answered (its progress names since when
     * Intune has been silent): another call need not wait out its own timeout to learn that (the Pre-stage plan's users).
     */
    waitsForAnswer(): boolean {
      return running !== null && progress?.runId === running.runId && (progress.wait?.silentSince ?? null) !== null
    },
    /** Resolves when the current sync (if any) has finished; used by tests and shutdown. */
    idle: () => running?.done ?? Promise.resolve(),
    async status(): Promise<SyncStatus> {
      const summary = await deps.db.call('sync.summary', {})
      const latest = summary.latest
      const failed = latest && latest.state !== 'complete' && latest.state !== 'running'
      return {
        running: running !== null,
        progress: running ? progress : null,
        lastSuccessAt: summary.lastComplete?.finishedAt ?? null,
        lastError: failed ? { code: latest.errorCode ?? 'internal', message: latest.errorMessage ?? '', at: latest.finishedAt ?? latest.startedAt } : null,
        deviceCount: summary.deviceCount,
        online: deps.connectivity?.().online ?? null,
      }
    },
  }
}

export type SyncService = ReturnType<typeof createSyncService>
