import { existsSync, readFileSync, rmSync } from 'node:fs'
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node'
import { writePrivateFileAtomically } from '../private-files'
import type { LogSink } from '../logging/log-sink'

/**
 * The encryption seam for MSAL's token cache (docs/reference/identity.md §msal). The Electron shell
 * injects a box backed by safeStorage (DPAPI on Windows, Keychain on macOS, the secret service on
 * Linux); plain Node (browser mode, the headless sync) has none and keeps tokens in memory only.
 * There is no third way: the cache never reaches a file unencrypted.
 */
export interface SecretBox {
  /** Shown in Settings, e.g. "Encrypted with Windows DPAPI (Electron safeStorage)". */
  description: string
  encrypt(plain: string): Buffer
  decrypt(data: Buffer): string
}

export type TokenStorage = { mode: 'encrypted-file'; description: string } | { mode: 'memory-only'; description: string }

export const MEMORY_ONLY_DESCRIPTION =
  'Memory only: no operating-system secret store is available to this process, so sign-ins last until the app closes and nothing is written to disk.'

export function tokenStorageOf(box: SecretBox | null): TokenStorage {
  return box ? { mode: 'encrypted-file', description: box.description } : { mode: 'memory-only', description: MEMORY_ONLY_DESCRIPTION }
}

/** Marks our files so a plaintext or foreign file is never mistaken for a cache. */
const MAGIC = Buffer.from('ABTC1')

/**
 * A cache plugin writing one encrypted file per tenant, or undefined (memory only) without a box.
 * A file that cannot be decrypted (another user, a new OS key) is removed and the user signs in again;
 * the cache is only a convenience.
 */
export function createTokenCachePlugin(options: { file: string; box: SecretBox | null; log: LogSink }): ICachePlugin | undefined {
  const { file, box, log } = options
  if (!box) return undefined
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      if (!existsSync(file)) return
      const data = readFileSync(file)
      try {
        if (!data.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a token cache file')
        context.tokenCache.deserialize(box.decrypt(data.subarray(MAGIC.length)))
      } catch (error) {
        log.log('warn', 'token cache unreadable; removed, sign in again', { reason: error instanceof Error ? error.name : 'unknown' })
        rmSync(file, { force: true })
      }
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return
      const sealed = Buffer.concat([MAGIC, box.encrypt(context.tokenCache.serialize())])
      // Write-then-rename: a crash leaves the old cache or the new one, never half a file.
      writePrivateFileAtomically(file, sealed)
    },
  }
}

/** Removes a tenant's cache file (sign-out, tenant removed). */
export function deleteTokenCacheFile(file: string): void {
  rmSync(file, { force: true })
  rmSync(`${file}.tmp`, { force: true })
}
