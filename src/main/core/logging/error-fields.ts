import { AppFailure } from '../app-error'

/**
 * An expected refusal: an AppFailure with a known code other than `internal` — offline, not-found,
 * conflict, invalid, throttled, unauthorized (a Graph 4xx becomes one of these, graph/graph-error.ts),
 * db-unavailable, … Its message says all there is; a stack would only add noise (and paths).
 */
export const isExpectedRefusal = (error: unknown): error is AppFailure => error instanceof AppFailure && error.code !== 'internal'

/**
 * What a log line keeps of an error: for an expected refusal its name, code and message (one line,
 * no stack); for anything unexpected also the stack, which the file logger then cuts down to paths
 * relative to the app folder (logging/scrub.ts).
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (isExpectedRefusal(error)) return { name: error.name, code: error.code, message: error.message }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack }
  return { value: String(error) }
}
