import type { ArchiveReview } from '@shared/diagnostics-schemas'
import type { ErrorCode } from '@shared/error-codes'

/** What the core hands the archive worker (as workerData), and the one answer it gets back. */
export interface ArchiveJob {
  name: string
  bytesBase64: string
}

export type ArchiveOutcome = { ok: true; value: ArchiveReview } | { ok: false; error: { code: ErrorCode; message: string } }
