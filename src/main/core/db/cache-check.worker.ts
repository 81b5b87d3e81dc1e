import { parentPort, workerData } from 'node:worker_threads'
import { runCacheCheck, type CacheCheckMessage } from './cache-check'

/**
 * The device-cache check after start (cache-check.ts): one short-lived thread with its own read-only
 * connection, so the database worker keeps answering while it reads the whole file. Bundled as
 * out/main/cache-check-worker.js and out/web/cache-check-worker.cjs, beside the database worker.
 */
const port = parentPort
if (!port) throw new Error('cache-check.worker must run in a worker thread')
const { dbFile } = workerData as { dbFile: string }
port.postMessage({ type: 'started' } satisfies CacheCheckMessage)
port.postMessage({ type: 'result', result: runCacheCheck(dbFile) } satisfies CacheCheckMessage)
