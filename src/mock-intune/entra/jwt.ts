import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'

/**
 * Compact RS256 JWTs with node:crypto (docs/reference/entra-protocol.md §E4): the mock identity
 * provider signs with one RSA key; the mock Graph verifies with its public half. No JOSE library: the
 * mock needs exactly one algorithm, and a hand-written verifier that refuses everything else is short.
 */

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  return { kid: b64url(createHash('sha256').update(spki).digest()).slice(0, 27), privateKey, publicKey }
}

/** The key as a JWKS entry (what `jwks_uri` serves). */
export function publicJwk(key: SigningKey): Record<string, string> {
  const jwk = key.publicKey.export({ format: 'jwk' }) as { n: string; e: string }
  return { kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e }
}

export function signJwt(claims: Record<string, unknown>, key: SigningKey): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: key.kid }))
  const body = b64url(JSON.stringify(claims))
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key.privateKey)
  return `${head}.${body}.${b64url(signature)}`
}

export type JwtCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; problem: 'malformed' | 'signature' }

function parseJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Checks the form and the RS256 signature against `keys` (by kid); the claims are the caller's to judge. */
export function verifyJwt(token: string, keys: readonly SigningKey[]): JwtCheck {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, problem: 'malformed' }
  const [head = '', body = '', signature = ''] = parts
  const header = parseJson(head)
  const claims = parseJson(body)
  if (!header || !claims) return { ok: false, problem: 'malformed' }
  const key = keys.find((k) => k.kid === header.kid)
  if (header.alg !== 'RS256' || !key) return { ok: false, problem: 'signature' }
  const good = verify('RSA-SHA256', Buffer.from(`${head}.${body}`), key.publicKey, Buffer.from(signature, 'base64url'))
  return good ? { ok: true, claims } : { ok: false, problem: 'signature' }
}
