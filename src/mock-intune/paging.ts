import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { ScanKey } from './store/device-store'
import type { RequestContext } from './http/context'
import { isSkipTokenPair } from './odata/query-options'

/**
 * Opaque keyset skiptokens and absolute @odata.nextLink URLs (docs/reference/graph-api.md §B2, §B11).
 *
 * The real service's token is readable (`LastSerialNumber='…'`), but clients are told never to parse
 * it, so the mock makes it opaque on purpose: base64url JSON of the last (serial, id) plus an HMAC.
 * A tampered or invented token fails the MAC and gets a 400 instead of silently paging from a
 * wrong place. The key depends only on the seed, so tokens survive a mock restart with that seed.
 */
export class SkipTokenCodec {
  private readonly key: Buffer

  constructor(seed: number) {
    this.key = createHash('sha256').update(`mock-intune skiptoken v1 ${seed}`).digest()
  }

  encode(position: ScanKey): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, s: position.serialNumber, i: position.id })).toString('base64url')
    return `${payload}.${this.mac(payload).toString('base64url')}`
  }

  /** The position inside a token from encode(), or undefined for anything else. */
  decode(token: string): ScanKey | undefined {
    const [payload, mac, extra] = token.split('.')
    if (!payload || !mac || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(payload + mac)) return undefined
    const expected = this.mac(payload)
    const given = Buffer.from(mac, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    try {
      const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
      if (typeof parsed !== 'object' || parsed === null) return undefined
      const { v, s, i } = parsed as Record<string, unknown>
      return v === 1 && typeof s === 'string' && typeof i === 'string' ? { serialNumber: s, id: i } : undefined
    } catch {
      return undefined
    }
  }

  /** An opaque token for any other collection's position, bound to `kind` (a token for users is no use on groups). */
  encodeValue(kind: string, value: unknown): string {
    const payload = Buffer.from(JSON.stringify({ v: 2, k: kind, p: value })).toString('base64url')
    return `${payload}.${this.mac(payload).toString('base64url')}`
  }

  decodeValue(kind: string, token: string): unknown {
    const [payload, mac, extra] = token.split('.')
    if (!payload || !mac || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(payload + mac)) return undefined
    const expected = this.mac(payload)
    const given = Buffer.from(mac, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { v?: unknown; k?: unknown; p?: unknown }
      return parsed.v === 2 && parsed.k === kind ? parsed.p : undefined
    } catch {
      return undefined
    }
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16)
  }
}

/** The absolute next-page URL: the same resource and query options (verbatim) with a fresh $skiptoken. */
export function buildNextLink(ctx: RequestContext, canonicalPath: string, token: string): string {
  const kept = ctx.query.filter((pair) => !isSkipTokenPair(pair, ctx.version)).map((pair) => pair.raw)
  return `${ctx.baseUrl}/${ctx.version}${canonicalPath}?${[...kept, `$skiptoken=${token}`].join('&')}`
}
