import type { HardwareFamilyKey } from './hardware-catalog'

/**
 * Serial number formats, laid out so that device index order IS serial order.
 *
 * Graph pages Autopilot devices by serial (keyset). To page a million lazy devices without sorting
 * them, the tenant is cut into contiguous blocks, one per serial format, listed in ascending serial
 * order. Inside a block, serial = prefix + fixed-width head + tail, where the head strictly increases
 * with the index (random gaps keep it realistic) and the tail is free noise. Fixed width + sorted
 * alphabet makes the head's numeric order its string order; `format` may only insert the same
 * characters at the same positions, which keeps that order too.
 */
export interface SerialBlock {
  family: HardwareFamilyKey
  /** Share of the tenant in 1/10,000ths; the shares add up to 10,000. */
  share: number
  prefix: string
  headAlphabet: string
  headWidth: number
  /** Head values used are in [headMin, headMax). */
  headMin: number
  headMax: number
  tailAlphabet: string
  tailWidth: number
  format?: (raw: string) => string
}

const DIGITS = '0123456789'
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
/** Dell service tags skip vowels. */
const DELL = '0123456789BCDFGHJKLMNPQRSTVWXYZ'

/** Hyper-V VM serials look like 1234-5678-9012-3456-7890-1234-56 (26 digits). */
const hyperV = (raw: string): string => {
  let out = raw.slice(0, 4)
  for (let i = 4; i < raw.length; i += 4) out += `-${raw.slice(i, i + 4)}`
  return out
}

/** Ascending by serial: VM "00…" < Surface "0[1-9]…" < Dell "1…"–"4…" < "5CG" < "9" < "CND" < "DSCB" < "NXH" < "PF" < "R9". */
export const SERIAL_BLOCKS: readonly SerialBlock[] = [
  {
    family: 'virtualMachine',
    share: 100,
    prefix: '00',
    headAlphabet: DIGITS,
    headWidth: 6,
    headMin: 0,
    headMax: 1e6,
    tailAlphabet: DIGITS,
    tailWidth: 18,
    format: hyperV,
  },
  { family: 'surface', share: 1200, prefix: '0', headAlphabet: DIGITS, headWidth: 7, headMin: 1e6, headMax: 1e7, tailAlphabet: DIGITS, tailWidth: 4 },
  { family: 'dell', share: 3000, prefix: '', headAlphabet: DELL, headWidth: 5, headMin: 31 ** 4, headMax: 5 * 31 ** 4, tailAlphabet: DELL, tailWidth: 2 },
  { family: 'hpNotebook', share: 1600, prefix: '5CG', headAlphabet: DIGITS, headWidth: 6, headMin: 1e5, headMax: 1e6, tailAlphabet: BASE36, tailWidth: 1 },
  { family: 'dynabook', share: 300, prefix: '9', headAlphabet: DIGITS, headWidth: 7, headMin: 0, headMax: 1e7, tailAlphabet: 'CHKRU', tailWidth: 1 },
  { family: 'hpDesktop', share: 800, prefix: 'CND', headAlphabet: DIGITS, headWidth: 6, headMin: 0, headMax: 1e6, tailAlphabet: BASE36, tailWidth: 1 },
  { family: 'fujitsu', share: 300, prefix: 'DSCB', headAlphabet: DIGITS, headWidth: 6, headMin: 0, headMax: 1e6, tailAlphabet: DIGITS, tailWidth: 0 },
  { family: 'acer', share: 400, prefix: 'NXH', headAlphabet: BASE36, headWidth: 6, headMin: 0, headMax: 36 ** 6, tailAlphabet: BASE36, tailWidth: 13 },
  { family: 'lenovoNotebook', share: 1900, prefix: 'PF', headAlphabet: BASE36, headWidth: 4, headMin: 0, headMax: 36 ** 4, tailAlphabet: BASE36, tailWidth: 2 },
  { family: 'lenovoDesktop', share: 400, prefix: 'R9', headAlphabet: BASE36, headWidth: 4, headMin: 0, headMax: 36 ** 4, tailAlphabet: BASE36, tailWidth: 2 },
]

export const MAX_DEVICES = 5_000_000

/** Writes `value` in `alphabet` with exactly `width` digits (the alphabet is sorted, so order is kept). */
export function encodeFixed(value: number, alphabet: string, width: number): string {
  const base = alphabet.length
  const out: string[] = new Array<string>(width)
  let rest = value
  for (let i = width - 1; i >= 0; i--) {
    out[i] = alphabet.charAt(rest % base)
    rest = Math.floor(rest / base)
  }
  return out.join('')
}
