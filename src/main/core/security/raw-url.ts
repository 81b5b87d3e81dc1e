/**
 * Parses a URL string only if it is already in the canonical shape Chromium hands us.
 *
 * The WHATWG parser silently strips leading/trailing spaces and removes tabs and newlines anywhere
 * (`app://ben\tch` parses as `app://bench`). A URL that needed such repair did not come from
 * Chromium, so every predicate refuses it instead of deciding about the repaired version.
 */
export function parseStrictUrl(value: unknown, maxLength = 4096): URL | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return null
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029\\]/.test(value)) return null
  try {
    return new URL(value)
  } catch {
    return null
  }
}
