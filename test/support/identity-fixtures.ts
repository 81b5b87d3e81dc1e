import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretBox } from '@core/identity/token-cache'
import type { EntraMock } from '@mock-intune/entra/start-entra-mock'
import type { Cloud } from '@shared/domain/clouds'

/** The mock's Entra provider as a cloud the app can sign in to (its authority host and Graph root). */
export const mockCloudOf = (mock: EntraMock): Cloud => ({
  id: 'test',
  displayName: 'Mock Entra',
  authorityHost: new URL(mock.idpOrigin).host,
  graphRoot: mock.graphUrl,
  graphResource: 'https://graph.microsoft.com',
  preProvisioningAvailable: true,
})

/** A stand-in for Electron's safeStorage: AES-GCM under a key only the test holds. */
export function testSecretBox(key = randomBytes(32)): SecretBox {
  return {
    description: 'test box',
    encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decrypt(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12))
      decipher.setAuthTag(data.subarray(12, 28))
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}
