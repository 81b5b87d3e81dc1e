/**
 * What to do about a change that stopped being tried, said at the end of its stored reason (the outbox's
 * last_error). Kept here so the screens can leave it off once the technician has decided: a discarded
 * change still read "Retry later, or discard it…".
 */
export const RETRY_OR_DISCARD = 'Retry later, or discard it; a retry reads the device from Intune first, so the change is never made twice.'
export const CHECK_THEN_RETRY_OR_DISCARD = 'Check the device in Intune, then retry or discard.'

/** The reason without the advice to retry or discard (for a change already discarded or delivered). */
export const withoutRetryAdvice = (message: string): string =>
  [RETRY_OR_DISCARD, CHECK_THEN_RETRY_OR_DISCARD].reduce((text, advice) => text.replace(advice, ''), message).trim()
