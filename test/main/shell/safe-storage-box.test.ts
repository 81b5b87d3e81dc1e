import { describe, expect, it } from 'vitest'
import { safeStorageBox } from '@main/shell/safe-storage-box'

const fake = (available: boolean, backend?: string) => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain: string) => Buffer.from([...Buffer.from(plain)].map((byte) => byte ^ 0x5a)),
  decryptString: (data: Buffer) => Buffer.from([...data].map((byte) => byte ^ 0x5a)).toString(),
  ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
})

describe('safeStorage as the token cache box', () => {
  it('Windows: DPAPI, round-trips through safeStorage', () => {
    const box = safeStorageBox(fake(true), 'win32')!
    expect(box.description).toContain('DPAPI')
    expect(box.decrypt(box.encrypt('cache'))).toBe('cache')
    expect(box.encrypt('cache').toString()).not.toContain('cache')
  })

  it('no OS store (unavailable, or Linux basic_text with its fixed key): memory only', () => {
    expect(safeStorageBox(fake(false), 'win32')).toBeNull()
    expect(safeStorageBox(fake(true, 'basic_text'), 'linux')).toBeNull()
    expect(safeStorageBox(fake(true), 'linux')).toBeNull()
    expect(safeStorageBox(fake(true, 'gnome_libsecret'), 'linux')?.description).toContain('gnome_libsecret')
  })
})
