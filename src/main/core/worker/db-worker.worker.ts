import { parentPort, workerData } from 'node:worker_threads'
import { closeDatabase, openDatabase } from '../db/open-database'
import { createSyncRunsRepo } from '../repos/sync-runs-repo'
import { methodManifest, methodNamed } from './registry.worker'
import type { GraphArgs, WorkerContext } from './method'
import { commitOpenBulkWrite, repairDeviceCache } from '../sync/bulk-writer'
import { toEnvelopeError } from '../app-error'
import { NewerSchemaError } from '../db/migrations'
import type { MainToWorker, WorkerInit, WorkerToMain } from './protocol'
import { answerToken, setTokenRequester } from './token-request.worker'
import { isCorruption, onDamageFound } from '../db/damage-found'
import { readDamageMarker, writeDamageMarker } from '../db/damage-marker'

/**
 * The database worker: owns the only better-sqlite3 connection, so SQLite never runs on the Electron
 * main thread. Bundled as its own entry (out/main/db-worker.js, out/web/db-worker.cjs).
 */
const port = parentPort
if (!port) throw new Error('db-worker.worker must run in a worker thread')
const init = workerData as WorkerInit
const send = (message: WorkerToMain) => port.postMessage(message)
setTokenRequester((id) => send({ type: 'token-request', id }))

/**
 * Opens the database and does the start-up writes. At a clean start the device cache was not checked
 * yet (open-database.ts): if these first reads of it hit a damaged page, the file is marked and
 * opened again, which runs the full check and rebuilds the cache, keeping the user-made tables.
 */
function openAndRepair() {
  const opened = openDatabase(init.dbFile, { uncleanExit: init.uncleanExit })
  try {
    createSyncRunsRepo(opened.db).markInterrupted(new Date().toISOString())
    repairDeviceCache(opened.db)
    return opened
  } catch (error) {
    if (opened.report.check === 'full' || !isCorruption(error)) throw error
    opened.db.close()
    writeDamageMarker(init.dbFile, { foundAt: new Date().toISOString(), problems: [(error as Error).message] })
    const again = openDatabase(init.dbFile, { uncleanExit: false })
    createSyncRunsRepo(again.db).markInterrupted(new Date().toISOString())
    repairDeviceCache(again.db)
    return again
  }
}

function start(): WorkerContext | null {
  try {
    const { db, report } = openAndRepair()
    send({ type: 'ready', report, methods: methodManifest() })
    return {
      db,
      allowTestHooks: init.allowTestHooks === true,
      log: { log: (level, msg, fields = {}) => send({ type: 'log', level, msg, fields }) },
      emit: (name, payload) => send({ type: 'event', name, payload }),
    }
  } catch (error) {
    const code = error instanceof NewerSchemaError ? 'invalid' : 'db-unavailable'
    send({ type: 'fatal', code, message: (error as Error).message })
    return null
  }
}

/** The caller's Graph settings win; the method's own fill in what the caller left out. */
const withGraphDefaults = (args: GraphArgs, defaults: { timeoutMs?: number; maxRetries?: number }): GraphArgs => ({
  ...args,
  timeoutMs: args.timeoutMs ?? defaults.timeoutMs,
  maxRetries: args.maxRetries ?? defaults.maxRetries,
})

let damageNoted = false

/**
 * A request met a damaged page (damage-found.ts): the same finding as the cache check's, handled the
 * same way. The marker makes the next start run the full check and the recovery, which keeps the
 * user-made rows (the outbox among them); nothing is repaired now, under the technician's feet. Once
 * per worker: a damaged page is usually met again by the next request. A marker already there (the
 * check's) is kept, with its fuller findings.
 */
function noteDamage(error: Error) {
  if (damageNoted) return
  damageNoted = true
  const problem = `a request met a damaged page: ${error.message} (${String((error as { code?: unknown }).code)})`
  try {
    if (!readDamageMarker(init.dbFile)) writeDamageMarker(init.dbFile, { foundAt: new Date().toISOString(), problems: [problem] })
  } catch (markError) {
    send({ type: 'log', level: 'error', msg: 'could not write the damage marker', fields: { message: (markError as Error).message } })
  }
  send({ type: 'damaged', problem })
}

/** A clean close; on a damaged file optimize can fail (SQLITE_CORRUPT): the connection is closed anyway. */
function closeOrDrop(db: WorkerContext['db']) {
  try {
    closeDatabase(db)
  } catch (error) {
    send({ type: 'log', level: 'warn', msg: 'database closed without optimize', fields: { message: (error as Error).message } })
    if (db.open) db.close()
  }
}

const ctx = start()
// After start: openAndRepair deals with damage it meets itself (it reopens with the full check).
if (ctx) onDamageFound(noteDamage)
// Node loads its fetch (undici) on first use, ~10 ms of this thread inside the first Graph request: the
// first page of a sync, the first online look-up after a scan. Touching one of its classes loads it now.
if (ctx) setImmediate(() => void globalThis.Headers)
// void: every method failure is answered inside as a result envelope; nothing awaits the listener.
port.on(
  'message',
  (message: MainToWorker) =>
    void (async () => {
      if (message.type === 'token') return answerToken(message)
      if (message.type === 'close') {
        if (ctx?.db.open) closeOrDrop(ctx.db)
        send({ type: 'closed' })
        // Ends this thread now, even with a sync's retry timer pending: the connection is already closed.
        process.exit(0)
      }
      if (!ctx) {
        send({ type: 'result', id: message.id, ok: false, error: { code: 'db-unavailable', message: 'The database is not open.' } })
        return
      }
      const method = methodNamed(message.method)
      try {
        if (!method) throw new Error(`unknown database method ${message.method}`)
        if (!method.readOnly) commitOpenBulkWrite(ctx.db)
        const value = await method.run(ctx, method.graph ? withGraphDefaults(message.args as GraphArgs, method.graph) : message.args)
        send({ type: 'result', id: message.id, ok: true, value })
      } catch (error) {
        send({ type: 'result', id: message.id, ok: false, error: toEnvelopeError(error) })
      }
    })(),
)
