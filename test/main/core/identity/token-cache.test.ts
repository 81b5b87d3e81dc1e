import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TokenCacheContext } from '@azure/msal-node'
import { describe, expect, it } from 'vitest'
import { createTokenCachePlugin, deleteTokenCacheFile, tokenStorageOf, type SecretBox } from '@core/identity/token-cache'
import { silentLog } from '@core/logging/log-sink'
import { useTempDirs } from '@support/temp-dir'

/** A stand-in for safeStorage: AES-GCM under a key only this test holds. */
function testBox(key = randomBytes(32)): SecretBox {
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

const SECRET_CACHE = JSON.stringify({ RefreshToken: { k: { secret: 'refresh-token-secret-value' } }, AccessToken: { a: { secret: 'eyJ-access-token' } } })

function context(serialized: string, hasChanged: boolean) {
  const state = { loaded: null as string | null }
  const ctx = {
    cacheHasChanged: hasChanged,
    tokenCache: { serialize: () => serialized, deserialize: (text: string) => void (state.loaded = text) },
  } as unknown as TokenCacheContext
  return { ctx, state }
}

describe('token cache encryption seam', () => {
  const makeTempDir = useTempDirs()
  it('without a secret store there is no plugin: memory only, and Settings says so', () => {
    const file = join(makeTempDir(), 'tokens.bin')
    expect(createTokenCachePlugin({ file, box: null, log: silentLog })).toBeUndefined()
    expect(tokenStorageOf(null).mode).toBe('memory-only')
    expect(tokenStorageOf(null).description).toMatch(/memory only/i)
    expect(tokenStorageOf(testBox()).mode).toBe('encrypted-file')
  })

  it('writes only ciphertext, private to the user, and reads it back', async () => {
    const file = join(makeTempDir(), 'tokens.bin')
    const box = testBox()
    const plugin = createTokenCachePlugin({ file, box, log: silentLog })!
    await plugin.afterCacheAccess(context(SECRET_CACHE, true).ctx)
    const bytes = readFileSync(file)
    expect(bytes.toString('latin1')).not.toContain('refresh-token-secret-value')
    expect(bytes.toString('latin1')).not.toContain('eyJ')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0)
    const read = context('', false)
    await plugin.beforeCacheAccess(read.ctx)
    expect(read.state.loaded).toBe(SECRET_CACHE)
  })

  it('does not write when MSAL says nothing changed', async () => {
    const file = join(makeTempDir(), 'tokens.bin')
    await createTokenCachePlugin({ file, box: testBox(), log: silentLog })!.afterCacheAccess(context(SECRET_CACHE, false).ctx)
    expect(existsSync(file)).toBe(false)
  })

  it('a cache sealed by another key, or a plaintext file, is removed, never loaded', async () => {
    const file = join(makeTempDir(), 'tokens.bin')
    await createTokenCachePlugin({ file, box: testBox(), log: silentLog })!.afterCacheAccess(context(SECRET_CACHE, true).ctx)
    const other = createTokenCachePlugin({ file, box: testBox(), log: silentLog })!
    const read = context('', false)
    await other.beforeCacheAccess(read.ctx)
    expect(read.state.loaded).toBeNull()
    expect(existsSync(file)).toBe(false)

    writeFileSync(file, SECRET_CACHE)
    await other.beforeCacheAccess(read.ctx)
    expect(read.state.loaded).toBeNull()
    expect(existsSync(file)).toBe(false)
  })

  it('sign-out deletes the file', async () => {
    const file = join(makeTempDir(), 'tokens.bin')
    await createTokenCachePlugin({ file, box: testBox(), log: silentLog })!.afterCacheAccess(context(SECRET_CACHE, true).ctx)
    deleteTokenCacheFile(file)
    expect(existsSync(file)).toBe(false)
  })
})
