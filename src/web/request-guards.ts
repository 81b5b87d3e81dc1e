import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The loopback transport's gatekeeping, in the order the issue fixes: a foreign Host (DNS rebinding)
 * → 403, a foreign Origin (another site's page posting to us) → 403, a missing or wrong token → 401.
 */
export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; code: 'unauthorized' | 'forbidden'; message: string }

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function checkHost(request: IncomingMessage, port: number): GuardVerdict {
  const host = (request.headers.host ?? '').toLowerCase()
  return allowedHosts(port).has(host) ? { ok: true } : { ok: false, status: 403, code: 'forbidden', message: 'Unexpected Host header.' }
}

export function checkOrigin(request: IncomingMessage, port: number): GuardVerdict {
  const origin = request.headers.origin
  const site = request.headers['sec-fetch-site']
  if (site && site !== 'same-origin' && site !== 'none') return { ok: false, status: 403, code: 'forbidden', message: 'Cross-site request refused.' }
  if (origin === undefined) return { ok: true }
  const allowed = [...allowedHosts(port)].map((host) => `http://${host}`)
  return allowed.includes(origin.toLowerCase()) ? { ok: true } : { ok: false, status: 403, code: 'forbidden', message: 'Foreign Origin refused.' }
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Constant-time: hashing first makes both sides the same length, so nothing leaks through timing. */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected))
}

export function checkToken(request: IncomingMessage, expected: string): GuardVerdict {
  const header = request.headers.authorization ?? ''
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header)
  if (match && tokenMatches(match[1]!, expected)) return { ok: true }
  return { ok: false, status: 401, code: 'unauthorized', message: 'Missing or wrong session token.' }
}
