import { Worker } from 'node:worker_threads'
import { AppFailure } from '../app-error'
import type { LogSink } from '../logging/log-sink'
import type { MethodArgs, MethodName, MethodResult } from './registry.worker'
import type { MethodManifest } from './method'
import type { OpenReport } from '../db/open-database'
import type { MainToWorker, WorkerInit, WorkerToMain } from './protocol'
import type { CacheCheckResult } from '../db/cache-check'
import { startCacheCheck, type CacheCheckThread } from './cache-check-thread'
import { bundledWorkerPath } from './bundled-worker-path'
import { startWorkersWithFullYoungGeneration } from './young-generation'

export interface DbClientOptions extends WorkerInit {
  workerPath: string
  log: LogSink
  onEvent: (name: string, payload: unknown) => void
  /** A fresh Graph token when a worker call got 401 (customer tenants refresh silently); absent: the request fails as it did. */
  refreshToken?: () => Promise<string>
  /** Respawns allowed within `respawnWindowMs` before the client gives up (a crash loop). */
  maxRespawns?: number
  respawnWindowMs?: number
  /** Path of the bundled cache-check worker; by default `cache-check-worker` beside the database worker, same extension. */
  cacheCheckWorkerPath?: string
  /** The device-cache check after a clean start finished (cache-check.ts); not called when it was stopped first. */
  onCacheCheck?: (result: CacheCheckResult) => void
  /** A request met a damaged page (core/db/damage-found.ts); the worker has written the damage marker. Once per worker. */
  onDamage?: (problem: string) => void
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

/**
 * The core's handle on the database worker. If the worker dies, every call in flight fails with a
 * `db-unavailable` envelope (nothing hangs) and a new worker is started with the full integrity check.
 * After a clean start the worker has checked only the user-made tables; the client then starts the
 * device-cache check in a thread of its own (cache-check-thread.ts) once the worker is ready.
 */
export async function openDbClient(options: DbClientOptions) {
  const pending = new Map<number, Pending>()
  const respawns: number[] = []
  let nextId = 1
  let closing = false
  let lastReport: OpenReport
  let manifest: MethodManifest = {}
  let worker: Worker
  let workerAlive = false
  let ready: Promise<void>
  let cacheCheck: CacheCheckThread | null = null
  const cacheCheckWorkerPath = options.cacheCheckWorkerPath ?? bundledWorkerPath(options.workerPath, 'cache-check-worker')

  function startCheck() {
    const thread = startCacheCheck(cacheCheckWorkerPath, options.dbFile)
    cacheCheck = thread
    void thread.result.then((result) => {
      if (result && cacheCheck === thread && !closing) options.onCacheCheck?.(result)
    })
  }

  async function stopCheck() {
    const thread = cacheCheck
    cacheCheck = null
    await thread?.stop()
  }

  function spawn(uncleanExit: boolean): Promise<void> {
    const init: WorkerInit = { dbFile: options.dbFile, uncleanExit, allowTestHooks: options.allowTestHooks === true }
    // Before the isolate exists: its heap is configured as it starts (young-generation.ts).
    startWorkersWithFullYoungGeneration()
    worker = new Worker(options.workerPath, { workerData: init })
    workerAlive = true
    const current = worker
    return new Promise<void>((resolve, reject) => {
      current.on('message', (message: WorkerToMain) => {
        if (message.type === 'ready') {
          lastReport = message.report
          manifest = message.methods
          resolve()
          // After resolve: the app is usable first; the check runs beside it.
          if (message.report.cacheCheckPending) startCheck()
        } else if (message.type === 'fatal') {
          reject(new AppFailure(message.code, message.message))
        } else if (message.type === 'result') {
          const entry = pending.get(message.id)
          if (!entry) return
          pending.delete(message.id)
          if (message.ok) entry.resolve(message.value)
          else entry.reject(new AppFailure(message.error.code, message.error.message))
        } else if (message.type === 'damaged') {
          if (!closing) options.onDamage?.(message.problem)
        } else if (message.type === 'event') {
          options.onEvent(message.name, message.payload)
        } else if (message.type === 'log') {
          options.log.log(message.level, message.msg, { ...message.fields, source: 'db-worker' })
        } else if (message.type === 'token-request') {
          answerTokenRequest(current, message.id)
        }
      })
      current.on('error', (error) => {
        options.log.log('error', 'database worker error', { message: error.message })
        reject(new AppFailure('db-unavailable', error.message))
      })
      current.on('exit', (code) => {
        if (worker !== current) return
        workerAlive = false
        failAll(`The database worker stopped (exit code ${code}).`)
        if (!closing) respawn(code)
      })
    })
  }

  function answerTokenRequest(target: Worker, id: number) {
    const refresh = options.refreshToken
    const reply = (message: MainToWorker) => {
      if (worker === target && workerAlive) target.postMessage(message)
    }
    if (!refresh) return reply({ type: 'token', id, ok: false, error: { code: 'unauthorized', message: 'Intune refused the sign-in token.' } })
    refresh().then(
      (token) => reply({ type: 'token', id, ok: true, token }),
      (error: unknown) =>
        reply({
          type: 'token',
          id,
          ok: false,
          error: error instanceof AppFailure ? { code: error.code, message: error.message } : { code: 'unauthorized', message: String(error) },
        }),
    )
  }

  function failAll(message: string) {
    for (const [id, entry] of pending) {
      pending.delete(id)
      entry.reject(new AppFailure('db-unavailable', message))
    }
  }

  function respawn(code: number) {
    const now = Date.now()
    const windowMs = options.respawnWindowMs ?? 60_000
    while (respawns.length > 0 && now - respawns[0]! > windowMs) respawns.shift()
    if (respawns.length >= (options.maxRespawns ?? 5)) {
      options.log.log('error', 'database worker keeps crashing; not restarting it', { code })
      ready = Promise.reject(new AppFailure('db-unavailable', 'The database keeps crashing. Restart the app; your data is kept.'))
      ready.catch(() => undefined)
      return
    }
    respawns.push(now)
    options.log.log('warn', 'database worker crashed; restarting with a full integrity check', { code })
    // The full check replaces the cache check, and a recovery renames the file the check has open.
    ready = stopCheck().then(() => spawn(true))
    ready.catch((error: Error) => options.log.log('error', 'database worker restart failed', { message: error.message }))
  }

  ready = spawn(options.uncleanExit)
  await ready

  return {
    get report(): OpenReport {
      return lastReport
    },
    /** Resolves once the device-cache check after start has begun (or at once when none runs). */
    async cacheCheckStarted(): Promise<void> {
      await cacheCheck?.started
    },
    /** The running (or last) device-cache check's result; null when none ran or it was stopped. */
    async cacheCheckResult(): Promise<CacheCheckResult | null> {
      return (await cacheCheck?.result) ?? null
    },
    /** Whether the worker's method takes GraphArgs (declared `graph` in its definition); known once the worker is ready. */
    usesGraph(method: string): boolean {
      return manifest[method]?.graph === true
    },
    async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
      if (closing) throw new AppFailure('db-unavailable', 'The database is closing.')
      await ready
      const id = nextId++
      return new Promise<MethodResult<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        worker.postMessage({ type: 'call', id, method, args } satisfies MainToWorker)
      })
    },
    /** Closes the database cleanly (optimize, checkpoint via close) and stops the worker. */
    async close(): Promise<void> {
      if (closing) return
      closing = true
      const current = worker
      // First: the check's read-only connection must be gone for the close to checkpoint and remove
      // the WAL. A stop lands at the end of the check's current step (0.34 s at most at 1M devices).
      await stopCheck()
      if (workerAlive)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => void current.terminate().then(() => resolve()), 5_000)
          current.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
          current.postMessage({ type: 'close' } satisfies MainToWorker)
        })
      failAll('The database was closed.')
    },
  }
}

export type DbClient = Awaited<ReturnType<typeof openDbClient>>
