import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, isAppUrl } from '@core/security/app-url'

describe('isAppUrl', () => {
  it('has the renderer origin as a constant', () => {
    expect(APP_ORIGIN).toBe('app://bench')
  })

  it.each([
    'app://bench/',
    'app://bench',
    'app://bench/index.html',
    'app://bench/assets/index-abc.js?v=1#top',
    'app://bench/a/../b', // folds to app://bench/b: still our origin
    'APP://bench/', // scheme is case-insensitive (RFC 3986); the parser lowercases it
    'App://bench/x',
  ])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true)
  })

  it.each([
    ['look-alike host', 'app://bench.evil/'],
    ['look-alike host prefix', 'app://benchmark/'],
    ['subdomain', 'app://x.bench/'],
    ['userinfo trick', 'app://bench@evil/'],
    ['userinfo with password', 'app://bench:pw@bench/'],
    ['userinfo on our host', 'app://user@bench/'],
    ['explicit port', 'app://bench:80/'],
    ['upper-case host (Chromium never reports it)', 'app://BENCH/'],
    ['no authority', 'app:bench/index.html'],
    ['empty authority', 'app:///bench/index.html'],
    ['other scheme', 'https://bench/'],
    ['file scheme', 'file:///bench/index.html'],
    ['scheme look-alike', 'apps://bench/'],
    ['javascript', 'javascript:alert(1)//app://bench/'],
    ['data', 'data:text/html,app://bench/'],
    ['about:blank', 'about:blank'],
    ['leading space', ' app://bench/'],
    ['trailing newline', 'app://bench/\n'],
    ['tab inside host', 'app://ben\tch/'],
    ['newline inside host', 'app://ben\nch/'],
    ['NUL', 'app://bench/\u0000'],
    ['backslash', 'app://bench\\evil/'],
    ['line separator', 'app://bench/\u2028'],
    ['empty string', ''],
    ['not a URL', 'bench'],
    ['relative path', '/index.html'],
    ['too long', `app://bench/${'a'.repeat(5000)}`],
  ])('rejects %s', (_label, url) => {
    expect(isAppUrl(url)).toBe(false)
  })

  it.each([undefined, null, 42, {}, ['app://bench/'], new URL('app://bench/')])('rejects non-string %#', (value) => {
    expect(isAppUrl(value)).toBe(false)
  })
})
