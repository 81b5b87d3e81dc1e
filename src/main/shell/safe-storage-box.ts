import type { SafeStorage } from 'electron'
import type { SecretBox } from '@core/identity/token-cache'

/**
 * The token cache's encryption in the desktop app (docs/reference/identity.md §msal): Electron's
 * safeStorage, backed by DPAPI on Windows, the Keychain on macOS and the desktop secret service on
 * Linux. Where safeStorage has no OS store (Linux `basic_text` uses a fixed key), there is no box and
 * tokens stay in memory only — Settings says which.
 */
export function safeStorageBox(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string },
  platform: NodeJS.Platform = process.platform,
): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null
  const backend = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : null
  if (backend === 'basic_text' || backend === 'unknown') return null
  const where =
    platform === 'win32'
      ? 'Windows DPAPI, for your Windows account'
      : platform === 'darwin'
        ? 'a key in your macOS Keychain'
        : `a key in the desktop secret store (${backend})`
  return {
    description: `Encrypted on this computer with ${where} (Electron safeStorage); nothing is stored in plain text.`,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  }
}
