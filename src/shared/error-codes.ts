import { z } from 'zod'

/**
 * The closed set of error codes a handler may return. The renderer never shows a raw message on its
 * own: it shows the catalogued text for the code, with the message as detail.
 */
export const errorCodes = [
  'invalid',
  'forbidden',
  'unauthorized',
  'not-found',
  'timeout',
  'offline',
  'throttled',
  'conflict',
  'busy',
  'upstream',
  'db-unavailable',
  'internal',
  'cancelled',
] as const

export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

/** What the technician reads for each code: what happened and what to do. */
export const errorText: Record<ErrorCode, string> = {
  invalid: 'The app sent a request it could not understand. Try again; if it repeats, export diagnostics.',
  forbidden: 'This request was refused because it did not come from the app window.',
  unauthorized: 'The session token is missing or wrong. Open the address printed by `npm run web` again.',
  'not-found': 'Not found. It may have been deleted in Intune since the last sync.',
  timeout: 'The operation took too long and was stopped. Check the network, then try again.',
  offline: 'Intune cannot be reached. Cached data is still shown; try again when online.',
  throttled: 'Intune is throttling requests. The app retries on its own; wait a moment.',
  conflict: 'Intune is already busy with this (for example a sync in progress). Try again shortly.',
  busy: 'This is already running. Wait for it to finish.',
  upstream: 'Intune returned an error. The details below include the request id for Microsoft support.',
  'db-unavailable': 'The local database restarted. Your data is safe; try the action again.',
  internal: 'Something went wrong inside the app. Your data is safe; export diagnostics if it repeats.',
  cancelled: 'Cancelled. Everything saved before the cancel is kept and nothing was deleted; start it again when ready.',
}
