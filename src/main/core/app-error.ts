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
 * (damage-found.ts: marker and notice, in the database worker) and answered as `db-damaged`.
 */
export function toEnvelopeError(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof AppFailure) return { code: error.code, message: error.message }
  if (isCorruption(error)) {
    reportDamage(error)
    return { code: 'db-damaged', message: damagedRequestMessage(error) }
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) }
}
