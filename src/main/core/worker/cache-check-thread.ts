import { Worker } from 'node:worker_threads'
import type { CacheCheckMessage, CacheCheckResult } from '../db/cache-check'
import { writeDamageMarker } from '../db/damage-marker'

export interface CacheCheckThread {
  /** The check's result; null when it was stopped before it finished (the next clean start checks again). */
  result: Promise<CacheCheckResult | null>
  /** Resolves when the thread has begun checking (or has ended without doing so). */
  started: Promise<void>
  /**
   * Ends the thread and waits until it has let go of the file (the database worker's close then
   * checkpoints fully; a recovery renames the file, which Windows refuses while it is open). Prompt:
   * the check returns to JavaScript after every step (cache-check.ts), where terminate() lands.
   * An interrupted check writes no marker: it found nothing yet, and the next clean start checks again.
   */
  stop(): Promise<void>
}

/**
 * Starts the device-cache check in its own thread (cache-check.worker.ts) on its own read-only
 * connection: the database worker is never waiting for it. A thread that cannot start or dies
 * counts as "not checked" and asks the next start for the full check, as a finding would.
 */
export function startCacheCheck(workerPath: string, dbFile: string): CacheCheckThread {
  const startedAt = performance.now()
  const notChecked = (message: string): CacheCheckResult => {
    try {
      writeDamageMarker(dbFile, { foundAt: new Date().toISOString(), problems: [`the cache check did not run: ${message}`] })
    } catch {
      // the folder is gone (or not writable): nothing left to mark
    }
    return { outcome: 'not-checked', problems: [message], damaged: [], userMadeDamaged: false, ms: Math.round(performance.now() - startedAt) }
  }
  let worker: Worker
  try {
    worker = new Worker(workerPath, { workerData: { dbFile } })
  } catch (error) {
    return { result: Promise.resolve(notChecked((error as Error).message)), started: Promise.resolve(), stop: async () => undefined }
  }
  let stopping = false
  let markStarted: () => void = () => undefined
  const started = new Promise<void>((resolve) => (markStarted = resolve))
  const result = new Promise<CacheCheckResult | null>((resolve) => {
    worker.on('message', (message: CacheCheckMessage) => {
      if (message.type === 'started') markStarted()
      else resolve(message.result)
    })
    worker.once('error', (error) => resolve(stopping ? null : notChecked(error.message)))
    worker.once('exit', () => resolve(null))
  })
  void result.then(() => markStarted())
  return {
    result,
    started,
    async stop() {
      stopping = true
      await worker.terminate()
    },
  }
}
