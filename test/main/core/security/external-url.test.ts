import { describe, expect, it } from 'vitest'
import { isSafeExternalUrl, toSafeExternalUrl } from '@core/security/external-url'

describe('isSafeExternalUrl', () => {
  it.each([
    'https://learn.microsoft.com/en-us/autopilot/pre-provision',
    'https://intune.microsoft.com/#view/Microsoft_Intune_DeviceSettings',
    'http://example.com/',
    'HTTPS://EXAMPLE.COM/path?q=1',
    'https://[2001:db8::1]/',
    'https://127.0.0.1:8443/x',
    'https://example.com/%00', // an encoded byte in the path is the site's business, not a control char
  ])('accepts %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true)
  })

  it.each([
    ['javascript', 'javascript:alert(1)'],
    ['javascript with scheme case', 'JaVaScRiPt:alert(1)'],
    ['file', 'file:///C:/Windows/System32/calc.exe'],
    ['UNC via file', 'file://server/share/x.exe'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['ms-settings', 'ms-settings:windowsupdate'],
    ['search-ms', 'search-ms:query=x&crumb=location:\\\\evil\\share'],
    ['smb', 'smb://evil/share'],
    ['our own scheme', 'app://bench/'],
    ['ftp', 'ftp://example.com/'],
    ['mailto', 'mailto:a@example.com'],
    ['credentials', 'https://user:pw@example.com/'],
    ['username only (phishing shape)', 'https://intune.microsoft.com@evil.example/'],
    ['no slashes (parser would repair it)', 'https:evil.example'],
    ['single slash', 'https:/evil.example'],
    ['backslashes', 'https:\\\\evil.example\\'],
    ['backslash in path', 'https://example.com\\@evil.example/'],
    ['leading space', ' https://example.com/'],
    ['trailing space', 'https://example.com/ '],
    ['tab', 'https://exa\tmple.com/'],
    ['newline', 'https://example.com/\nx'],
    ['CR LF', 'https://example.com/\r\nSet-Cookie: x'],
    ['NUL', 'https://example.com/\u0000'],
    ['DEL', 'https://example.com/\u007f'],
    ['C1 control', 'https://example.com/\u0085'],
    ['empty host', 'https:///path'],
    ['bad port', 'https://example.com:99999/'],
    ['relative', '/docs'],
    ['protocol-relative', '//evil.example/'],
    ['empty', ''],
    ['too long', `https://example.com/${'a'.repeat(2100)}`],
  ])('rejects %s', (_label, url) => {
    expect(isSafeExternalUrl(url)).toBe(false)
  })

  it.each([undefined, null, 1, {}, ['https://example.com/']])('rejects non-string %#', (value) => {
    expect(isSafeExternalUrl(value)).toBe(false)
  })

  it('returns the canonical form for opening', () => {
    expect(toSafeExternalUrl('HTTPS://Example.COM/a/../b')).toBe('https://example.com/b')
    expect(toSafeExternalUrl('https://例え.jp/')).toBe('https://xn--r8jz45g.jp/')
  })
})
