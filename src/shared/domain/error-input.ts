/**
 * Normalising what a technician types at the bench for an error: `80180014`, `0x80180014`,
 * `0X8018 0014`, `-2145910764` (signed decimal, as some logs and reports carry an HRESULT),
 * `2149056532` (unsigned decimal), `Error code: 0x80180014`, an event or import error number
 * (`171`, `808`), or a symbolic name / message text.
 *
 * The conventions here (HRESULTs are 32-bit values shown as 8 hex digits; the same value as a
 * signed 32-bit integer is negative when the top bit is set) are Windows conventions, not Autopilot
 * facts; docs/reference/autopilot.md writes codes both as `0x801C03F3` and as bare `801c0003` / `80180018`
 * (§6.3), so both forms are accepted.
 */

/** `0x` + 8 upper-case hex digits: the canonical form of an HRESULT in the knowledge base. */
export const canonicalHresultPattern = /^0x[0-9A-F]{8}$/

export function isCanonicalHresult(code: string): boolean {
  return canonicalHresultPattern.test(code)
}

/** The canonical form of a 32-bit value (accepts negative signed values). */
export function hresultFromNumber(value: number): string {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new RangeError(`not a 32-bit value: ${value}`)
  }
  const unsigned = value < 0 ? value + 0x1_0000_0000 : value
  return `0x${unsigned.toString(16).toUpperCase().padStart(8, '0')}`
}

/** The unsigned value of a canonical HRESULT. */
export function hresultUnsigned(code: string): number {
  return Number.parseInt(code.slice(2), 16)
}

/** The same HRESULT as a signed 32-bit integer (negative for failure codes, whose top bit is set). */
export function hresultSigned(code: string): number {
  return hresultUnsigned(code) | 0
}

/**
 * Every spelling a technician might type for one HRESULT, besides the canonical `0x80180014`:
 * signed decimal, unsigned decimal, lower-case hex with and without `0x`, upper-case without `0x`.
 */
export function hresultAliases(code: string): string[] {
  if (!isCanonicalHresult(code)) throw new Error(`not a canonical HRESULT: ${code}`)
  const hex = code.slice(2)
  const aliases = [String(hresultSigned(code)), String(hresultUnsigned(code)), `0x${hex.toLowerCase()}`, hex.toLowerCase(), hex]
  return [...new Set(aliases)].filter((alias) => alias !== code)
}

export type NormalisedErrorInput =
  | { kind: 'empty' }
  /** A 32-bit code, in canonical form. */
  | { kind: 'hresult'; code: string; from: 'hex' | 'bare-hex' | 'signed-decimal' | 'unsigned-decimal' }
  /** A short decimal number: an Autopilot event ID or an import error code (§6.1, §5.4). */
  | { kind: 'number'; value: string }
  /** Anything else: a symbolic name or message text, trimmed and with whitespace collapsed. */
  | { kind: 'text'; text: string }

/** Labels people paste or type in front of the code; dropped before parsing. */
const leadingLabel = /^(?:error\s*code|error|code|hresult|hr|result|event\s*id|event|id|status)\s*[:=#]?\s*/i

/**
 * Turns bench input into something to look up. Pure; never throws.
 *
 * Order of interpretation (documented because some inputs are ambiguous):
 * 1. `0x` + up to 8 hex digits (spaces inside allowed), or such a token inside longer text → HRESULT;
 * 2. a negative decimal within the signed 32-bit range → HRESULT;
 * 3. exactly 8 hex digits (even if they are all decimal digits, like `80180014`) → HRESULT, because
 *    that is how Windows error screens and the docs print them (`801c0003`, `80180018`);
 * 4. 9–10 decimal digits within 32 bits → unsigned decimal HRESULT;
 * 5. 1–4 decimal digits → an event ID or import error code;
 * 6. otherwise text.
 */
export function normaliseErrorInput(input: string): NormalisedErrorInput {
  let text = input
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .trim()
  text = text.replace(/^["'`]+|["'`.,;]+$/g, '').trim()
  if (text === '') return { kind: 'empty' }
  for (let i = 0; i < 3; i += 1) {
    const stripped = text.replace(leadingLabel, '')
    if (stripped === text || stripped === '') break
    text = stripped
  }
  // Minus signs from word processors and en dashes typed by mistake.
  const compact = text.replace(/\s+/g, '').replace(/^[\u2212\u2013]/, '-')

  // `0x8018 0014` (digits split by spaces) first, then a `0x…` token inside longer text such as
  // `0x81039001 E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED`.
  const hexToken = /^0x([0-9a-f]{1,8})$/i.exec(compact) ?? /(?<![0-9a-z])0x([0-9a-f]{1,8})(?![0-9a-z])/i.exec(text)
  if (hexToken?.[1] !== undefined) {
    return { kind: 'hresult', code: `0x${hexToken[1].toUpperCase().padStart(8, '0')}`, from: 'hex' }
  }
  if (/^-\d{1,10}$/.test(compact)) {
    const value = Number(compact)
    if (value >= -0x80000000) return { kind: 'hresult', code: hresultFromNumber(value), from: 'signed-decimal' }
  }
  if (/^[0-9a-f]{8}$/i.test(compact)) {
    return { kind: 'hresult', code: `0x${compact.toUpperCase()}`, from: 'bare-hex' }
  }
  if (/^\d{9,10}$/.test(compact)) {
    const value = Number(compact)
    if (value <= 0xffffffff) return { kind: 'hresult', code: hresultFromNumber(value), from: 'unsigned-decimal' }
  }
  if (/^\d{1,4}$/.test(compact)) return { kind: 'number', value: String(Number(compact)) }
  return { kind: 'text', text: text.replace(/\s+/g, ' ') }
}
