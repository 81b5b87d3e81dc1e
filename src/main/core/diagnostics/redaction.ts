import { createHmac, randomBytes } from 'node:crypto'

/**
 * Pseudonyms for a redacted bundle: HMAC-SHA256 under a random key made for this bundle and then
 * thrown away. Plain hashes of serial numbers could be brute-forced from the serial formats; without
 * the key, nobody (us included) can map a pseudonym back. The same value gets the same pseudonym
 * everywhere in the bundle, so the story still reads.
 */
export function createRedactor() {
  let key: Buffer | null = randomBytes(32)
  const pseudonyms = new Map<string, string>()

  function pseudonym(kind: 'serial' | 'user' | 'name', value: string): string {
    if (!key) throw new Error('the redaction key was already discarded')
    const existing = pseudonyms.get(value)
    if (existing) return existing
    const made = `${kind}-${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}`
    pseudonyms.set(value, made)
    return made
  }

  return {
    pseudonym,
    /**
     * Replaces every registered value anywhere in a text (longest first, case-insensitive), as a
     * whole word: a user called "Ben" must not turn "BENCH-LDN" into nonsense, while a serial inside
     * a device name ("LDN-PF0TF9KB") is still caught.
     */
    apply(text: string): string {
      const values = [...pseudonyms.keys()].filter((v) => v.length >= 2).sort((a, b) => b.length - a.length)
      let out = text
      for (const value of values) {
        const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        const pattern = `${/^\w/.test(value) ? '(?<![\\w])' : ''}${escaped}${/\w$/.test(value) ? '(?![\\w])' : ''}`
        out = out.replace(new RegExp(pattern, 'gi'), pseudonyms.get(value)!)
      }
      return out
    },
    /** Forget the key: from now on no new pseudonym can be made, and none can be recomputed. */
    discardKey() {
      key = null
    },
  }
}

export type Redactor = ReturnType<typeof createRedactor>
