import { describe, expect, it } from 'vitest'
import { ensureChromium, locateChromium, type LocatedChromium } from '../../scripts/chromium.cjs'

type Call = [string, string[]]

/** A machine with no browser until the given command succeeds. */
function machine(installs: 'apt' | 'playwright' | 'nothing', failure = 'exit code 100') {
  const calls: Call[] = []
  let installed: LocatedChromium | undefined
  const run = (command: string, args: string[]) => {
    calls.push([command, args])
    const isApt = command === 'apt-get'
    if (isApt && installs === 'apt' && args[0] === 'install') installed = { path: '/usr/bin/chromium', source: 'system' }
    if (!isApt && installs === 'playwright') installed = { path: '/cache/ms-playwright/chrome', source: 'playwright download' }
    return (isApt && installs === 'apt') || (!isApt && installs === 'playwright') ? null : failure
  }
  return { calls, run, locate: () => installed, log: () => {} }
}

describe('finding or fetching Chromium for the e2e layer', () => {
  it('AB_CHROMIUM wins when it exists, and a wrong one is an error that names it', () => {
    expect(locateChromium({ AB_CHROMIUM: process.execPath })).toEqual({ path: process.execPath, source: 'AB_CHROMIUM' })
    expect(() => locateChromium({ AB_CHROMIUM: '/no/such/chromium' })).toThrow(/AB_CHROMIUM is set to \/no\/such\/chromium, which does not exist/)
  })

  it('installs nothing when a browser is already there', () => {
    const m = machine('nothing')
    expect(ensureChromium({ ...m, locate: () => ({ path: '/usr/bin/chromium', source: 'system' }) })).toEqual({ path: '/usr/bin/chromium', source: 'system' })
    expect(m.calls).toEqual([])
  })

  it("as root on Debian: apt-get update, then install chromium, and Playwright's download is not tried", () => {
    const m = machine('apt')
    expect(ensureChromium({ ...m, platform: 'linux', isRoot: true, hasAptGet: true })).toEqual({
      path: '/usr/bin/chromium',
      source: "Debian's chromium, installed now",
    })
    expect(m.calls).toEqual([
      ['apt-get', ['update']],
      ['apt-get', ['install', '-y', 'chromium']],
    ])
  })

  it("without apt-get (or without root) it fetches Playwright's own download", () => {
    const m = machine('playwright')
    expect(ensureChromium({ ...m, platform: 'darwin', isRoot: false, hasAptGet: false }).source).toBe("Playwright's download, fetched now")
    expect(m.calls).toHaveLength(1)
    expect(m.calls[0]![1].slice(-2)).toEqual(['install', 'chromium'])
  })

  it('when neither works, the error says what was looked for, what each attempt did and what to run', () => {
    const m = machine('nothing', 'exit code 1')
    let message = ''
    try {
      ensureChromium({ ...m, platform: 'linux', isRoot: false, hasAptGet: true })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('The e2e tests need Chromium and none could be found or fetched.')
    expect(message).toContain('/usr/bin/chromium')
    expect(message).toContain("Debian's chromium was not installed: apt-get needs root (run: sudo apt-get install -y chromium).")
    expect(message).toContain('npx playwright install chromium: exit code 1.')
    expect(message).toContain('set AB_CHROMIUM')
    // Not root: apt-get is never run.
    expect(m.calls.map(([command]) => command)).not.toContain('apt-get')
  })
})
