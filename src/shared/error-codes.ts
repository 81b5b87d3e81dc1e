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
  // A request met a damaged page of the database file (SQLITE_CORRUPT; core/db/damage-found.ts).
  'db-damaged',
  // The disk holding the app's data filled up (SQLITE_FULL, ENOSPC; core/app-error.ts).
  'disk-full',
  // Graph client hardening (docs/reference/graph-api.md B14–B17)
  'unsafe-link',
  'wait-too-long',
  'cancelled',
  'not-graph',
  'bad-response',
  'too-large',
  'stalled',
  'paging-loop',
  // Customer tenants (docs/reference/identity.md §errors): the message names the fix.
  'needs-sign-in',
  'not-permitted',
  // Browser mode: the app's own loopback server did not answer (\`npm run web\` stopped). Never Intune's fault.
  'app-server-gone',
] as const

export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

/** What the technician reads for each code: what happened and what to do. */
export const errorText: Record<ErrorCode, string> = {
  // Nearly always something the technician gave (a file, a serial to confirm, a template, a day), rarely a
  // malformed request: the detail names what was wrong in each case.
  invalid: 'This could not be done with what was given; the detail below says why. Correct it and try again.',
  forbidden: 'This request was refused because it did not come from the app window.',
  unauthorized: 'The session token is missing or wrong. Open the address printed by `npm run web` again.',
  'not-found': 'Not found. It may have been deleted in Intune since the last sync.',
  timeout: 'The operation took too long and was stopped. Check the network, then try again.',
  offline: 'Intune cannot be reached. Cached data is still shown; try again when online.',
  // Shown once an action has ended: the Graph client's own retries are over by then and nothing restarts it.
  // (Delivery, which does retry, says its own words with the time of its next try.)
  throttled: 'Intune is throttling requests (too many in a short time). Wait a moment, then try again; the detail may say how long.',
  conflict: 'Intune is already busy with this (for example a sync in progress). Try again shortly.',
  busy: 'This is already running. Wait for it to finish.',
  upstream: 'Intune returned an error. The details below include the request id for Microsoft support.',
  'db-unavailable': 'The local database restarted. Your data is safe; try the action again.',
  internal: 'Something went wrong inside the app. Your data is safe; export diagnostics if it repeats.',
  'db-damaged':
    'The database on this PC is damaged, so this could not be read or saved. Restart Autopilot Bench to repair it: the device list is rebuilt from Intune and every queued change and bench record that can still be read is kept.',
  'disk-full':
    "The disk is full, so this could not be saved. Free some space on the drive that holds Autopilot Bench's data, then try again. Everything saved before is kept, and queued changes still wait for Intune.",
  'unsafe-link':
    "Intune's answer pointed to another server or to an unencrypted address, so the app stopped rather than send your sign-in there. Cached data is unchanged. Export diagnostics and give them to your Intune admin.",
  'wait-too-long': 'Intune asked the app to wait longer than it waits on its own (the detail says how long). Cached data is still shown; try again later.',
  cancelled:
    'Cancelled. Nothing more was asked of Intune; everything saved before the cancel is kept and nothing was deleted; start it again when you are ready.',
  'not-graph':
    'A web page answered instead of Microsoft Graph. Is this network behind a sign-in portal? Open a browser, sign in to the network (or use another one), then try again.',
  'bad-response': "Intune's answer arrived cut off or damaged, even after retrying. Cached data is unchanged. Check the network connection, then try again.",
  'too-large':
    "Intune's answer was far larger than any page of Graph data, so the app did not read it. Cached data is unchanged. Check for a proxy on this network; export diagnostics if it repeats.",
  stalled: 'Intune started answering, then stopped sending, even after retrying. Cached data is unchanged. Check the network connection, then try again.',
  'paging-loop':
    'Intune kept sending the same page of results, so the sync stopped and deleted nothing. Try again later; if it repeats, export diagnostics for Microsoft support.',
  'needs-sign-in': 'Sign in again for this tenant (Settings › Tenants). Cached data stays readable meanwhile; the detail says why.',
  'not-permitted': 'Intune refused this for the app registration or your Intune role. The detail names the permission or role and who grants it.',
  'app-server-gone':
    "Autopilot Bench's local server stopped, so this was not done (Intune was not asked). Nothing you did before is lost. Start it again (npm run web) and open the new address it prints.",
}
