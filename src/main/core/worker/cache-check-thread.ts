import { Worker } from 'node:worker_threads'
import type { CacheCheckResult } from '../db/cache-check'
import { writeDamageMarker } from '../db/damage-marker'

export interface CacheCheckThread {
  /** The check's result; null when it was stopped before it finished (the next clean start checks again). */
  result: Promise<CacheCheckResult | null>
  /** Ends the thread and waits until it has let go of the file (a recovery renames it; Windows refuses that while it is open). */
  stop(): Promise<void>
}

/**
 * Starts the device-cache check in its own thread (cache-check.worker.ts) on its own read-only
 * connection: the database worker is never waiting for it. A thread that cannot start or dies
 * counts as "not checked" and asks the next start for the full check, as a finding would.
 */
export function startCacheCheck(workerPath: string, dbFile: string): CacheCheckThread {
  const started = performance.now()
  const notChecked = (message: string): CacheCheckResult => {
    try {
      writeDamageMarker(dbFile, { foundAt: new Date().toISOString(), problems: [`the cache check did not run: ${message}`] })
    } catch {
      // the folder is gone (or not writable): nothing left to mark
    }
    return { outcome: 'not-checked', problems: [message], damaged: [], userMadeDamaged: false, ms: Math.round(performance.now() - started) }
  }
  let worker: Worker
  try {
    worker = new Worker(workerPath, { workerData: { dbFile } })
  } catch (error) {
    return { result: Promise.resolve(notChecked((error as Error).message)), stop: async () => undefined }
  }
  let stopping = false
  const result = new Promise<CacheCheckResult | null>((resolve) => {
    worker.once('message', (value: CacheCheckResult) => resolve(value))
    worker.once('error', (error) => resolve(stopping ? null : notChecked(error.message)))
    worker.once('exit', () => resolve(null))
  })
  return {
    result,
    async stop() {
      stopping = true
      // terminate() takes effect when the thread is back from SQLite: at most the rest of the check.
      await worker.terminate()
    },
  }
}
