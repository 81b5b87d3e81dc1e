import type { ErrorCode } from './error-codes'

/** Every handler answers with this envelope, over IPC and HTTP alike, so both renderers see identical errors. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export interface AppError {
  code: ErrorCode
  message: string
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } })
