import { createHash, timingSafeEqual } from 'node:crypto'
import { GraphError } from './graph-errors'

/**
 * Bearer-token check for every Graph route.
 *
 * The mock knows one token, random per start unless given (no Entra, no JWT validation). The 401 bodies reuse the messages
 * real Graph sends for the same mistakes, so the app's error display can be exercised.
 */

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"'

const unauthorised = (message: string): GraphError => new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': WWW_AUTHENTICATE })

/** Throws a 401 GraphError unless `header` is `Bearer <expected>` (scheme case-insensitive). */
export function assertAuthorised(header: string | undefined, expected: string): void {
  const match = /^\s*bearer\s+(.*?)\s*$/i.exec(header ?? '')
  const token = match?.[1] ?? ''
  // A header without the Bearer scheme (WAC sent the raw token) counts as no token at all.
  if (token === '') throw unauthorised('Access token is empty.')
  if (sameToken(token, expected)) return
  const looksLikeJwt = token.split('.').length === 3
  throw unauthorised(looksLikeJwt ? 'Access token validation failure. Invalid audience.' : 'CompactToken parsing failed with error code: 80049217')
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Constant-time comparison (hashing first gives both sides the same length). */
const sameToken = (presented: string, expected: string): boolean => timingSafeEqual(digest(presented), digest(expected))
