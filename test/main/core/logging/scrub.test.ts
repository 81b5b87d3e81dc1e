import { describe, expect, it } from 'vitest'
import { createPathScrubber, createScrubber, scrubTokens } from '@core/logging/scrub'
import { machineScrubber } from '@core/diagnostics/export-bundle.worker'

describe('path scrubbing', () => {
  const scrub = createPathScrubber([
    { path: '/opt/Autopilot Bench/resources/app.asar', replacement: '' },
    { path: '/home/ann', replacement: '~' },
    { path: 'C:\\Users\\ann\\AppData\\Local\\Programs\\autopilot-bench\\resources\\app.asar', replacement: '' },
    { path: 'C:\\Users\\ann', replacement: '~' },
  ])

  it('makes stack frames under the app folder relative, with either separator, spaces or %20', () => {
    expect(scrub('at f (/opt/Autopilot Bench/resources/app.asar/out/main/index.js:12:5)')).toBe('at f (out/main/index.js:12:5)')
    expect(scrub('at file:///opt/Autopilot%20Bench/resources/app.asar/out/main/index.js:1:2')).toBe('at out/main/index.js:1:2')
    expect(scrub('at g (C:\\Users\\ann\\AppData\\Local\\Programs\\autopilot-bench\\resources\\app.asar\\out\\main\\index.js:3:4)')).toBe(
      'at g (out\\main\\index.js:3:4)',
    )
    expect(scrub('file:///C:/Users/ann/AppData/Local/Programs/autopilot-bench/resources/app.asar/out/x.js')).toBe('out/x.js')
  })

  it('writes the home folder as ~, also inside JSON text, and only as a whole path segment', () => {
    expect(scrub('saved /home/ann/Downloads/a.zip')).toBe('saved ~/Downloads/a.zip')
    expect(scrub('{"dir":"C:\\\\Users\\\\ann\\\\Desktop"}')).toBe('{"dir":"~/Desktop"}')
    expect(scrub('home is /home/ann.')).toBe('home is ~.')
    expect(scrub('/home/anna/x and /srv/chroot/home/ann2')).toBe('/home/anna/x and /srv/chroot/home/ann2')
  })

  it('ignores folders that would cut everything (the filesystem root, empty)', () => {
    const none = createPathScrubber([
      { path: '/', replacement: '' },
      { path: '', replacement: '~' },
    ])
    expect(none('/usr/lib/x.js')).toBe('/usr/lib/x.js')
  })

  it('is part of the log scrubber, after the tokens', () => {
    const scrubber = createScrubber({ paths: [{ path: '/home/ann', replacement: '~' }] })
    expect(scrubber.scrub({ msg: 'read /home/ann/x with Bearer abc.def', token: 'x' })).toEqual({ msg: 'read ~/x with Bearer [redacted]', token: '[redacted]' })
  })
})

describe('token scrubbing', () => {
  it('cuts bearer tokens, JWT-looking strings and token parameters', () => {
    expect(scrubTokens('Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig')).toBe('Authorization: Bearer [redacted]')
    expect(scrubTokens('id_token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc done')).toBe('id_token [redacted-jwt] done')
    expect(scrubTokens('http://127.0.0.1:1/#token=abc&x=1')).toBe('http://127.0.0.1:1/#token=[redacted]&x=1')
  })
})

describe('the export scrubber', () => {
  it('cuts the data, temp, home and app folders of this machine and any home-shaped folder', () => {
    const scrub = machineScrubber({ logDir: '/home/ann/.config/Autopilot Bench/logs', appRoot: '/opt/ab', home: '/home/ann', tmp: '/var/tmp' })
    expect(
      scrub('db /home/ann/.config/Autopilot Bench/cache-demo.db; tmp /var/tmp/x; app /opt/ab/out/main/index.js; other /home/bob/x, C:\\Users\\eve\\y'),
    ).toBe('db [data]/cache-demo.db; tmp [tmp]/x; app out/main/index.js; other ~/x, ~\\y')
    expect(scrub('GET /users/abc and /v1.0/users?$search')).toBe('GET /users/abc and /v1.0/users?$search')
  })
})
