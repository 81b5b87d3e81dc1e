/**
 * The hardware hash must be padded Base64 (Graph's `hardwareIdentifier` is Edm.Binary). Devices and
 * some tools write it unpadded, and Intune's import then "does nothing" (a 400 behind the scenes).
 * The documented repair (docs/reference/autopilot.md §5.3): while the value does not decode, replace
 * a trailing "==" by one "A", otherwise append "=". Example: `Q29udG9zbwAAA` → `Q29udG9zbwAAAA==`.
 */

/** The Base64 alphabet with up to two "=" at the end only (what .NET's Convert.FromBase64String accepts, whitespace removed). */
const BASE64_SHAPE = /^[A-Za-z0-9+/]*={0,2}$/

/** Decodes as .NET's Convert.FromBase64String would (whitespace already removed): alphabet, padding only at the end, length a multiple of 4. */
export const isPaddedBase64 = (value: string): boolean => value.length > 0 && value.length % 4 === 0 && BASE64_SHAPE.test(value)

export type PaddingResult = { ok: true; value: string; padded: boolean } | { ok: false; reason: 'empty' | 'alphabet' | 'padding' }

/**
 * Applies the documented loop. The loop reaches a decodable value within four steps for any string
 * of the alphabet; the bound only guards against a value it cannot fix (e.g. nothing but "=").
 */
export function padHardwareHash(value: string): PaddingResult {
  if (!/[^=]/.test(value)) return { ok: false, reason: 'empty' }
  if (!BASE64_SHAPE.test(value)) return { ok: false, reason: 'alphabet' }
  let candidate = value
  for (let step = 0; step < 8; step++) {
    if (isPaddedBase64(candidate)) return { ok: true, value: candidate, padded: candidate !== value }
    candidate = candidate.endsWith('==') ? `${candidate.slice(0, -2)}A` : `${candidate}=`
  }
  return { ok: false, reason: 'padding' }
}
