import { parseStrictUrl } from './raw-url'

export const APP_SCHEME = 'app'
export const APP_HOST = 'bench'
/** The renderer's origin. `app` is registered as a standard, secure scheme, so this is a tuple origin. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/**
 * True only for URLs on our renderer origin, `app://bench/...`.
 *
 * Decided by URL parsing, never by string prefix, so look-alikes fail: `app://bench.evil` (other
 * host), `app://bench@evil` (host is `evil`), `app://bench:80` (port), `app:bench` (no authority).
 * The scheme is case-insensitive by RFC 3986 and the parser lowercases it, so `APP://bench/` is
 * accepted: Chromium treats it as the same origin. The host is compared exactly: Node keeps a
 * non-special scheme's host as written, and Chromium always reports ours canonically as `bench`.
 */
export function isAppUrl(url: unknown): boolean {
  const parsed = parseStrictUrl(url)
  if (!parsed) return false
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === ''
}
