/**
 * Removes secrets from anything about to be logged. Key names catch structured fields; the registered
 * secrets and the Bearer pattern catch tokens that slipped into free text (URLs, error messages).
 */
const secretKey = /token|authorization|password|secret|cookie|api[-_]?key/i
const bearer = /\bBearer\s+[A-Za-z0-9\-._~+/=]+/gi
const tokenInFragmentOrQuery = /([#?&](?:access_)?token=)[^&\s"']+/gi

export function createScrubber() {
  const secrets = new Set<string>()

  function scrubString(value: string): string {
    let out = value.replace(bearer, 'Bearer [redacted]').replace(tokenInFragmentOrQuery, '$1[redacted]')
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]')
    return out
  }

  function scrub(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return scrubString(value)
    if (depth > 6 || value === null || typeof value !== 'object') return value
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1))
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) out[key] = secretKey.test(key) ? '[redacted]' : scrub(inner, depth + 1)
    return out
  }

  return {
    /** Registers a secret value (e.g. a tenant's token) so it is cut out of every log line. */
    addSecret(secret: string) {
      if (secret.length >= 8) secrets.add(secret)
    },
    scrub,
    scrubString,
  }
}

export type Scrubber = ReturnType<typeof createScrubber>
