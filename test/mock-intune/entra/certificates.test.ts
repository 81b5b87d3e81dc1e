import { X509Certificate } from 'node:crypto'
import { createSecureContext } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { makeTlsMaterial, serialNumberHex } from '@mock-intune/entra/certificates'

describe('mock Entra TLS material', () => {
  it('serials are 16 bytes whose first byte keeps the DER integer positive and minimal', () => {
    for (const fill of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
      const hex = serialNumberHex(new Uint8Array(16).fill(fill))
      expect(hex).toMatch(/^[0-9a-f]{32}$/)
      const first = parseInt(hex.slice(0, 2), 16)
      expect(first).toBeGreaterThanOrEqual(0x40)
      expect(first).toBeLessThanOrEqual(0x7f)
    }
    expect(() => serialNumberHex(new Uint8Array(15))).toThrow(RangeError)
  })

  // All-zero random bytes are the case that broke CI: the old serial encoded as 00 00 …, which OpenSSL
  // refuses with "illegal padding" when the server starts.
  it.each([
    ['zero', 0x00],
    ['high-bit', 0xff],
  ])('Node accepts the key, the chain and the serial when the random bytes are all %s', (_name, fill) => {
    const tls = makeTlsMaterial(undefined, Date.now(), (size) => new Uint8Array(size).fill(fill))
    try {
      expect(() => createSecureContext({ key: tls.key, cert: tls.cert })).not.toThrow()
      const ca = new X509Certificate(tls.caPem)
      const server = new X509Certificate(tls.cert)
      expect(server.verify(ca.publicKey)).toBe(true)
      expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1')
      expect(server.serialNumber.toLowerCase()).toMatch(/^[4-7][0-9a-f]{31}$/)
    } finally {
      tls.dispose()
    }
  })
})
