import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TokenCacheContext } from '@azure/msal-node'
import { describe, expect, it } from 'vitest'
import { createTokenCachePlugin, deleteTokenCacheFile, tokenStorageOf } from '@core/identity/token-cache'
import { silentLog } from '@core/logging/log-sink'
import { testSecretBox } from '@support/identity-fixtures'
import { useTempDirs } from '@support/temp-dir'

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
    expect(tokenStorageOf(testSecretBox()).mode).toBe('encrypted-file')
  })

  it('writes only ciphertext, private to the user, and reads it back', async () => {
    const file = join(makeTempDir(), 'tokens.bin')
    const box = testSecretBox()
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
    await createTokenCachePlugin({ file, box: testSecretBox(), log: silentLog })!.afterCacheAccess(context(SECRET_CACHE, false).ctx)
    expect(existsSync(file)).toBe(false)
  })

  it('a cache sealed by another key, or a plaintext file, is removed, never loaded', async () => {
    const file = join(makeTempDir(), 'tokens.bin')
    await createTokenCachePlugin({ file, box: testSecretBox(), log: silentLog })!.afterCacheAccess(context(SECRET_CACHE, true).ctx)
    const other = createTokenCachePlugin({ file, box: testSecretBox(), log: silentLog })!
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
    await createTokenCachePlugin({ file, box: testSecretBox(), log: silentLog })!.afterCacheAccess(context(SECRET_CACHE, true).ctx)
    deleteTokenCacheFile(file)
    expect(existsSync(file)).toBe(false)
  })
})
