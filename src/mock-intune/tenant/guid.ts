import { hash32, type Random } from './prng'

/**
 * Deterministic GUIDs, including ones that can be turned back into the device index.
 *
 * GET /{id} must find device i among a million without an id → index map, so the device id carries
 * its index through a keyed 32-bit Feistel permutation in bytes 10..13. The ids still look random,
 * and a guessed or foreign GUID fails the round trip (the full id is recomputed and compared).
 */

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000'
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Two hex digits per byte value; GUIDs are formatted millions of times in a big tenant, so no per-call work. */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Formats 16 bytes as a version-4, RFC 4122 variant GUID (lowercase, as Graph returns them). */
export function formatGuid(bytes: Uint8Array): string {
  const x = HEX as string[]
  return (
    x[bytes[0]!]! +
    x[bytes[1]!]! +
    x[bytes[2]!]! +
    x[bytes[3]!]! +
    '-' +
    x[bytes[4]!]! +
    x[bytes[5]!]! +
    '-' +
    x[(bytes[6]! & 0x0f) | 0x40]! +
    x[bytes[7]!]! +
    '-' +
    x[(bytes[8]! & 0x3f) | 0x80]! +
    x[bytes[9]!]! +
    '-' +
    x[bytes[10]!]! +
    x[bytes[11]!]! +
    x[bytes[12]!]! +
    x[bytes[13]!]! +
    x[bytes[14]!]! +
    x[bytes[15]!]!
  )
}

const scratch = new Uint8Array(16)

/** Fills `bytes` with 16 random bytes, four per draw (a draw has 32 random bits). */
function fill(bytes: Uint8Array, random: Random): void {
  for (let i = 0; i < 16; i += 4) {
    const word = Math.floor(random() * 0x1_0000_0000)
    bytes[i] = word >>> 24
    bytes[i + 1] = (word >>> 16) & 0xff
    bytes[i + 2] = (word >>> 8) & 0xff
    bytes[i + 3] = word & 0xff
  }
}

export function randomGuid(random: Random): string {
  fill(scratch, random)
  return formatGuid(scratch)
}

const ROUNDS = 4
const roundFn = (half: number, key: number, round: number): number => hash32(half, key, round) & 0xffff

/** A keyed bijection on 32-bit integers (4-round Feistel over 16-bit halves). */
export function permute32(value: number, key: number): number {
  let left = (value >>> 16) & 0xffff
  let right = value & 0xffff
  for (let round = 0; round < ROUNDS; round++) {
    const next = left ^ roundFn(right, key, round)
    left = right
    right = next
  }
  return ((left << 16) | right) >>> 0
}

export function unpermute32(value: number, key: number): number {
  let left = (value >>> 16) & 0xffff
  let right = value & 0xffff
  for (let round = ROUNDS - 1; round >= 0; round--) {
    const previous = right ^ roundFn(left, key, round)
    right = left
    left = previous
  }
  return ((left << 16) | right) >>> 0
}

/** A GUID whose bytes 10..13 hold permute32(index); the other bytes come from `random`. */
export function indexedGuid(index: number, key: number, random: Random): string {
  const bytes = scratch
  fill(bytes, random)
  const token = permute32(index, key)
  bytes[10] = token >>> 24
  bytes[11] = (token >>> 16) & 0xff
  bytes[12] = (token >>> 8) & 0xff
  bytes[13] = token & 0xff
  return formatGuid(bytes)
}

/** The index candidate hidden in an indexedGuid, or undefined for a non-GUID. The caller must verify it. */
export function indexFromGuid(id: string, key: number): number | undefined {
  if (!GUID_PATTERN.test(id)) return undefined
  const token = Number.parseInt(id.slice(24, 32), 16)
  return unpermute32(token, key)
}
