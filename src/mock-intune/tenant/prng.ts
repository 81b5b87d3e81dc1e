/**
 * Tiny deterministic randomness, keyed by (seed, index, salt).
 *
 * Every generated value is a pure function of its key, never of call order, so device i is the same
 * whether it is the first or the millionth one computed and the tenant can stay lazy.
 */

/** Mixes 32-bit integers into one well-scattered 32-bit hash (murmur3 finaliser per part). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9
  for (const part of parts) {
    h ^= part >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

/** Splits a JavaScript safe integer seed into two 32-bit words so seeds above 2^32 still differ. */
export function seedWords(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / 0x1_0000_0000) >>> 0]
}

/** A mulberry32 stream: fast, good enough for fixtures, and fully determined by its start value. */
export type Random = () => number

export function randomStream(start: number): Random {
  let state = start >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000
  }
}

export const randomInt = (random: Random, below: number): number => Math.floor(random() * below)

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[randomInt(random, items.length)]
  if (item === undefined) throw new Error('pick() from an empty list')
  return item
}

/** Picks by integer weights; `[['a', 3], ['b', 1]]` yields 'a' three times as often as 'b'. */
export function pickWeighted<T>(random: Random, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0)
  let roll = random() * total
  for (const [value, weight] of table) {
    roll -= weight
    if (roll < 0) return value
  }
  const last = table[table.length - 1]
  if (last === undefined) throw new Error('pickWeighted() from an empty table')
  return last[0]
}
