/**
 * Tries in a row that Intune answers with an error before the app stops trying by itself and says
 * Failed, for the technician to retry or discard: a queued change (the outbox) and a hardware-hash
 * upload alike. Eight is our choice (docs/reliability.md): Microsoft documents no retry budget.
 */
export const MAX_ERROR_TRIES = 8
