import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppAsset } from '@core/security/resolve-app-asset'

const root = resolve('/srv/renderer')

describe('resolveAppAsset', () => {
  it.each([
    ['app://bench/', 'index.html'],
    ['app://bench', 'index.html'],
    ['app://bench/index.html', 'index.html'],
    ['app://bench/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://bench/assets/zxing_reader.wasm?v=2#x', 'assets/zxing_reader.wasm'],
    ['app://bench/assets/my%20file.css', 'assets/my file.css'],
    ['app://bench/a/../assets/x.js', 'assets/x.js'], // folded by the URL parser, stays inside
    ['APP://bench/index.html', 'index.html'],
  ])('maps %s', (url, relative) => {
    expect(resolveAppAsset(root, url)).toBe(join(root, relative))
  })

  it('normalises a root with a trailing separator', () => {
    expect(resolveAppAsset(`${root}/`, 'app://bench/x.js')).toBe(join(root, 'x.js'))
  })

  it.each([
    ['dot-dot past the root (folded to /etc)', 'app://bench/../../etc/passwd', '/etc/passwd'],
    ['encoded slash traversal', 'app://bench/..%2f..%2fetc%2fpasswd'],
    ['encoded slash traversal, upper case', 'app://bench/..%2F..%2Fetc%2Fpasswd'],
    ['double-encoded dots', 'app://bench/%252e%252e/etc'],
    ['encoded dot-dot segment', 'app://bench/assets/%2e%2e%2f%2e%2e%2fsecret'],
    ['dot segment after decoding', 'app://bench/assets/.%2fx.js'],
    ['encoded backslash', 'app://bench/..%5c..%5cwindows%5cwin.ini'],
    ['raw backslash', 'app://bench/..\\..\\windows\\win.ini'],
    ['encoded NUL', 'app://bench/index.html%00.png'],
    ['drive letter', 'app://bench/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://bench/C%3a/Windows/win.ini'],
    ['encoded absolute path', 'app://bench/%2fetc%2fpasswd'],
    ['empty first segment (absolute after the leading slash)', 'app://bench//etc/passwd'],
    ['UNC via encoding', 'app://bench/%5c%5cserver%5cshare'],
    ['malformed encoding', 'app://bench/%E0%A4%A'],
    ['control char', 'app://bench/a%0ab'],
    ['other host', 'app://evil/index.html'],
    ['look-alike host', 'app://bench.evil/index.html'],
    ['userinfo', 'app://bench@evil/index.html'],
    ['other scheme', 'file:///etc/passwd'],
    ['https', 'https://bench/index.html'],
    ['not a string', 42],
    ['empty', ''],
  ])('refuses %s', (_label, url, folded?: string) => {
    const result = resolveAppAsset(root, url)
    if (folded) {
      // The URL parser folds `..` before we see it: the result must still be inside the root.
      expect(result).toBe(join(root, folded))
    } else {
      expect(result).toBeNull()
    }
  })

  it('never returns a path outside the root for a batch of hostile paths', () => {
    const hostile = ['..', '%2e%2e', '.%2e', '%2e.', '..%2f', '%2e%2e%2f', '..%5c', '%c0%ae%c0%ae', '....//', '..;/', '%2e%2e%5c']
    for (const a of hostile) {
      for (const b of hostile) {
        const result = resolveAppAsset(root, `app://bench/${a}/${b}/etc/passwd`)
        if (result !== null) expect(result.startsWith(root + '/') || result.startsWith(root + '\\')).toBe(true)
      }
    }
  })
})
