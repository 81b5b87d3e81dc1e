import { errorCodeSchema, type ErrorCode } from '@shared/error-codes'
import type { AppError, Result } from '@shared/result'

/** A failure envelope built on the renderer side (transport problems the server never saw). */
export const failure = (code: ErrorCode, message: string): { ok: false; error: AppError } => ({ ok: false, error: { code, message } })

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** The thrown value as detail text, for envelopes the renderer has to invent. */
export const errorMessageOf = describe

/**
 * Checks that something from the other side of a transport is a Result envelope. Values are passed
 * through untouched (both servers validate their responses against the contract); a failure with a
 * code outside the closed set is kept, but as 'internal', so the UI always has catalogued text.
 */
export function toResult<T>(raw: unknown): Result<T> | null {
  if (typeof raw !== 'object' || raw === null) return null
  const envelope = raw as { ok?: unknown; value?: unknown; error?: unknown }
  if (envelope.ok === true) return { ok: true, value: envelope.value as T }
  if (envelope.ok !== false || typeof envelope.error !== 'object' || envelope.error === null) return null
  const error = envelope.error as { code?: unknown; message?: unknown }
  const code = errorCodeSchema.safeParse(error.code)
  const message = typeof error.message === 'string' ? error.message : ''
  if (!code.success) return failure('internal', `Unknown error code ${JSON.stringify(error.code)}${message ? `: ${message}` : ''}`)
  return failure(code.data, message)
}
