import { Worker } from 'node:worker_threads'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { AppFailure } from '../app-error'
import type { ArchiveJob, ArchiveOutcome } from './archive-protocol'

/**
 * Opens an archive in its own short-lived worker thread (archive-worker.worker.ts), so a 200 MB
 * archive never blocks the main thread (IPC, HTTP, every other channel) nor the database worker.
 * Aborting (dispatch's timeout) terminates the thread, synchronous unzip or not.
 */
export function openArchiveInWorker(workerPath: string, job: ArchiveJob, signal?: AbortSignal): Promise<ArchiveReview> {
  return new Promise<ArchiveReview>((resolve, reject) => {
    if (signal?.aborted) return reject(new AppFailure('timeout', `${job.name} was not opened: the request was cancelled.`))
    const worker = new Worker(workerPath, { workerData: job })
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
      settle(() => (outcome.ok ? resolve(outcome.value) : reject(new AppFailure(outcome.error.code, outcome.error.message)))),
    )
    worker.once('error', (error) => settle(() => reject(error)))
    worker.once('exit', (code) => settle(() => reject(new AppFailure('internal', `The archive reader stopped (exit code ${code}).`))))
  })
}
