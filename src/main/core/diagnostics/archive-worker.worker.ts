import { parentPort, workerData } from 'node:worker_threads'
import { maxArchiveBytes } from '@shared/diagnostics-schemas'
import { AppFailure, toEnvelopeError } from '../app-error'
import { openArchive } from './open-archive'
import { ArchiveError } from './safe-unzip'
import type { ArchiveJob, ArchiveOutcome, ArchiveWorkerUsage } from './archive-protocol'

/**
 * The archive worker: a short-lived thread per opened archive (bundled as out/main/archive-worker.js,
 * out/web/archive-worker.cjs). Decoding and unzipping up to 200 MB is synchronous work; here it never
 * stalls the main thread or the database worker, and the core can terminate it. It answers once and ends.
 */
const port = parentPort
if (!port) throw new Error('archive-worker.worker must run in a worker thread')
const job = workerData as ArchiveJob
const started = Date.now()
const usage: ArchiveWorkerUsage = { elapsedMs: 0, peakHeapUsedBytes: 0, peakArrayBuffersBytes: 0, peakRssBytes: 0 }
function sample() {
  const m = process.memoryUsage()
  usage.peakHeapUsedBytes = Math.max(usage.peakHeapUsedBytes, m.heapUsed)
  usage.peakArrayBuffersBytes = Math.max(usage.peakArrayBuffersBytes, m.arrayBuffers)
  usage.peakRssBytes = Math.max(usage.peakRssBytes, m.rss)
}

function run(): ArchiveOutcome {
  try {
    const bytes = Buffer.from(job.bytesBase64, 'base64')
    sample()
    job.bytesBase64 = '' // the request string (up to 267 MB of heap) is no longer needed while unzipping
    if (bytes.length === 0) throw new AppFailure('invalid', `${job.name} is empty or not base64.`)
    if (bytes.length > maxArchiveBytes) throw new AppFailure('invalid', `${job.name} is larger than 200 MB; it was not opened.`)
    return { ok: true, value: openArchive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), job.name) }
  } catch (error) {
    if (error instanceof ArchiveError) return { ok: false, error: { code: 'invalid', message: error.message } }
    return { ok: false, error: toEnvelopeError(error) }
  }
}

const outcome = run()
sample()
usage.elapsedMs = Date.now() - started
port.postMessage({ ...outcome, usage })
