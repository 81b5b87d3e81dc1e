import type { ArchiveReview } from '@shared/diagnostics-schemas'
import type { ErrorCode } from '@shared/error-codes'

/** What the core hands the archive worker (as workerData), and the one answer it gets back. */
export interface ArchiveJob {
  name: string
  bytesBase64: string
}

/** What the worker measured of itself (its own isolate; rss is the whole process's): tests and benchmarks read it. */
export interface ArchiveWorkerUsage {
  elapsedMs: number
  /** Highest of the samples taken after decoding and at the end. */
  peakHeapUsedBytes: number
  peakArrayBuffersBytes: number
  peakRssBytes: number
}

export type ArchiveOutcome = ({ ok: true; value: ArchiveReview } | { ok: false; error: { code: ErrorCode; message: string } }) & {
  usage?: ArchiveWorkerUsage
}

/**
 * The archive worker's V8 limits. Its old generation holds the base64 request (≤ 267 MB for 200 MB)
 * and the decoded texts; the archive (≤ 200 MB) and inflated entries (≤ the 256 MiB budget) are
 * ArrayBuffers outside it. Exceeding them ends the worker (ERR_WORKER_OUT_OF_MEMORY), never the app.
 */
export const archiveWorkerResourceLimits = { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 } as const
