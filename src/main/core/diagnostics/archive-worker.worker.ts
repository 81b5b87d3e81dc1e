import { parentPort, workerData } from 'node:worker_threads'
import { maxArchiveBytes } from '@shared/diagnostics-schemas'
import { AppFailure, toEnvelopeError } from '../app-error'
import { openArchive } from './open-archive'
import { ArchiveError } from './safe-unzip'
import type { ArchiveJob, ArchiveOutcome } from './archive-protocol'

/**
 * The archive worker: a short-lived thread per opened archive (bundled as out/main/archive-worker.js,
 * out/web/archive-worker.cjs). Decoding and unzipping up to 200 MB is synchronous work; here it never
 * stalls the main thread or the database worker, and the core can terminate it. It answers once and ends.
 */
const port = parentPort
if (!port) throw new Error('archive-worker.worker must run in a worker thread')
const job = workerData as ArchiveJob

function run(): ArchiveOutcome {
  try {
    const bytes = Buffer.from(job.bytesBase64, 'base64')
    if (bytes.length === 0) throw new AppFailure('invalid', `${job.name} is empty or not base64.`)
    if (bytes.length > maxArchiveBytes) throw new AppFailure('invalid', `${job.name} is larger than 200 MB; it was not opened.`)
    return { ok: true, value: openArchive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), job.name) }
  } catch (error) {
    if (error instanceof ArchiveError) return { ok: false, error: { code: 'invalid', message: error.message } }
    return { ok: false, error: toEnvelopeError(error) }
  }
}

port.postMessage(run())
