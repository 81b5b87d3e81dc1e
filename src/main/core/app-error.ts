import type { ErrorCode } from '@shared/error-codes'

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

export const toEnvelopeError = (error: unknown): { code: ErrorCode; message: string } =>
  error instanceof AppFailure
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) }
