import type { ErrorCode } from '@shared/error-codes'
import { damagedRequestMessage, isCorruption, reportDamage } from './db/damage-found'

/** An error that knows which envelope code it maps to. Anything else thrown becomes `internal`. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'AppFailure'
  }
}

/**
 * The envelope for an error. A damaged database page (SQLITE_CORRUPT…) is reported as found damage
 * (damage-found.ts: marker and notice, in the database worker) and answered as `db-damaged`; a full
 * disk as `disk-full`, whose text says what to free.
 */
export function toEnvelopeError(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof AppFailure) return { code: error.code, message: error.message }
  if (isCorruption(error)) {
    reportDamage(error)
    return { code: 'db-damaged', message: damagedRequestMessage(error) }
  }
  const message = error instanceof Error ? error.message : String(error)
  // SQLite's full database or disk, and Node's own writes to the data folder (sign-in cache, tenant list): the technician can fix that.
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { code: 'disk-full', message }
  return { code: 'internal', message }
}
