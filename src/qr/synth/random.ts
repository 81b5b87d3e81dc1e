/**
 * Deterministic pseudo-random numbers for the synthetic frame sets (sfc32 seeded through splitmix32):
 * the same seed gives the same frames on every machine and Node version.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform in [min, max). */
  range(min: number, max: number): number
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  /** Standard normal (Box–Muller). */
  gauss(): number
  /** ±x with equal probability. */
  sign(): 1 | -1
  bool(probability?: number): boolean
  pick<T>(items: readonly T[]): T
  /** A child generator whose sequence does not depend on how much of this one is consumed later. */
  fork(salt: number): Rng
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  let spare: number | null = null
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) nextU32()
  const next = () => nextU32() / 4294967296
  const rng: Rng = {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    gauss() {
      if (spare !== null) {
        const value = spare
        spare = null
        return value
      }
      let u = next()
      while (u <= Number.EPSILON) u = next()
      const v = next()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
    sign: () => (next() < 0.5 ? -1 : 1),
    bool: (probability = 0.5) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() from an empty list')
      return items[Math.floor(next() * items.length)] as T
    },
    fork: (salt) => createRng((nextU32() ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0),
  }
  return rng
}

/** A 32-bit seed for item `index` of a set seeded with `seed`, independent of every other item. */
export function itemSeed(seed: number, index: number): number {
  const mix = splitmix32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 0x632be5ab, 0x85ebca77)) >>> 0)
  mix()
  return mix()
}
