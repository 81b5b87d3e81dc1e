import { Worker } from 'node:worker_threads'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { AppFailure } from '../app-error'
import { archiveWorkerResourceLimits, type ArchiveJob, type ArchiveOutcome, type ArchiveWorkerUsage } from './archive-protocol'

/**
 * Opens an archive in its own short-lived worker thread (archive-worker.worker.ts), so a 200 MB
 * archive never blocks the main thread (IPC, HTTP, every other channel) nor the database worker.
 * Aborting (dispatch's timeout) terminates the thread, synchronous unzip or not. The thread runs under
 * `archiveWorkerResourceLimits`; running out of them ends the thread with a named refusal, not the app.
 * `onUsage` receives what the worker measured of itself (tests, benchmarks).
 */
export function openArchiveInWorker(
  workerPath: string,
  job: ArchiveJob,
  signal?: AbortSignal,
  onUsage?: (usage: ArchiveWorkerUsage) => void,
): Promise<ArchiveReview> {
  return new Promise<ArchiveReview>((resolve, reject) => {
    if (signal?.aborted) return reject(new AppFailure('timeout', `${job.name} was not opened: the request was cancelled.`))
    const worker = new Worker(workerPath, { workerData: job, resourceLimits: archiveWorkerResourceLimits })
    let settled = false
    const settle = (finish: () => void) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      finish()
      void worker.terminate()
    }
    const onAbort = () => settle(() => reject(new AppFailure('timeout', `${job.name} was not opened in time; the archive reader was stopped.`)))
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.once('message', (outcome: ArchiveOutcome) =>
      settle(() => {
        if (outcome.usage) onUsage?.(outcome.usage)
        if (outcome.ok) resolve(outcome.value)
        else reject(new AppFailure(outcome.error.code, outcome.error.message))
      }),
    )
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppFailure(
                'invalid',
                `${job.name} was refused: reading it needed more memory than the archive reader may use (${archiveWorkerResourceLimits.maxOldGenerationSizeMb} MB).`,
              )
            : error,
        ),
      ),
    )
    worker.once('exit', (code) => settle(() => reject(new AppFailure('internal', `The archive reader stopped (exit code ${code}).`))))
  })
}
