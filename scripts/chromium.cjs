// Finds the Chromium the e2e layer, bench:scan and the screenshot scripts drive, and — for `npm test` on a
// fresh machine — fetches one when none is there: Debian's package where apt-get can install it (this
// project's machines and CI cannot reach Playwright's download), else Playwright's own download. When
// neither works the error says what was tried and what to do. Plain Node and @playwright/test, so
// playwright.config.ts and the scripts share one lookup.
// CommonJS because Playwright compiles its config's imports to CommonJS, and test-all.mjs imports it as well.
const { spawnSync } = require('node:child_process')
const { existsSync } = require('node:fs')

/** Where distributions and installers put Chromium or Chrome, in the order they are tried. */
const systemPaths = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'],
  darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  win32: [
    `${process.env['ProgramFiles'] ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`,
  ],
}

/** Playwright's own download for this playwright-core version, if it was ever fetched; otherwise undefined. */
function playwrightChromium() {
  try {
    const { chromium } = require('@playwright/test')
    const path = chromium.executablePath()
    return path && existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
}

/**
 * The browser to use, without installing anything: `AB_CHROMIUM` when set (it must exist), else the
 * first system Chromium or Chrome, else Playwright's download. `{ path, source }` or undefined.
 */
function locateChromium(env = process.env) {
  const chosen = env.AB_CHROMIUM
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`AB_CHROMIUM is set to ${chosen}, which does not exist. Point it at a Chromium or Chrome executable, or unset it.`)
    return { path: chosen, source: 'AB_CHROMIUM' }
  }
  const system = (systemPaths[process.platform] ?? []).find((path) => existsSync(path))
  if (system) return { path: system, source: 'system' }
  const downloaded = playwrightChromium()
  return downloaded ? { path: downloaded, source: 'playwright download' } : undefined
}

/** Runs a command with its output shown; null when it succeeded, else what went wrong. */
const runCommand = (command, args, timeoutMs) => {
  const result = spawnSync(command, args, { stdio: 'inherit', timeout: timeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  if (result.error) return result.error.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 60_000} min` : result.error.message
  return result.status === 0 ? null : `exit code ${result.status ?? result.signal}`
}

const hasCommand = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0

/**
 * `locateChromium`, and when nothing is found, fetches one: Debian's `chromium` with apt-get (as root
 * only: the tests never ask for a password), then Playwright's download. Throws with every attempt's
 * outcome and the commands to run by hand when both fail. The options are seams for its test.
 */
function ensureChromium({
  log = console.log,
  run = runCommand,
  locate = () => locateChromium(),
  platform = process.platform,
  isRoot = typeof process.getuid === 'function' && process.getuid() === 0,
  hasAptGet = platform === 'linux' && hasCommand('apt-get'),
} = {}) {
  const found = locate()
  if (found) return found
  const tried = []
  if (hasAptGet) {
    if (!isRoot) tried.push("Debian's chromium was not installed: apt-get needs root (run: sudo apt-get install -y chromium)")
    else {
      log("No Chromium found: installing Debian's chromium package (apt-get)…")
      const failed = run('apt-get', ['update'], 10 * 60_000) ?? run('apt-get', ['install', '-y', 'chromium'], 15 * 60_000)
      const after = locate()
      if (after) return { ...after, source: "Debian's chromium, installed now" }
      tried.push(`apt-get install -y chromium: ${failed ?? 'installed, but no executable at the usual paths'}`)
    }
  }
  log("Fetching Playwright's own Chromium (npx playwright install chromium)…")
  const failed = run(process.execPath, [require.resolve('@playwright/test/cli'), 'install', 'chromium'], 15 * 60_000)
  const after = locate()
  if (after) return { ...after, source: "Playwright's download, fetched now" }
  tried.push(`npx playwright install chromium: ${failed ?? 'finished, but no executable where Playwright expects it'}`)
  throw new Error(
    [
      'The e2e tests need Chromium and none could be found or fetched.',
      `Looked for AB_CHROMIUM, ${(systemPaths[platform] ?? []).join(', ') || 'no system paths on this platform'} and Playwright's download.`,
      ...tried.map((line) => `${line}.`),
      'Install one (Debian/Ubuntu: apt-get install -y chromium; elsewhere: npx playwright install chromium) or set AB_CHROMIUM to a Chromium or Chrome executable, then run npm test again.',
    ].join('\n'),
  )
}

module.exports = { locateChromium, ensureChromium }
