// `npm test`: every layer in order — finding (or fetching) Chromium, lint, format check, type-check, build, vitest (node, dom and build projects), the fault suite,
// Playwright e2e in Chromium — printing how long each took. A failing layer fails the run.
import { spawnSync } from 'node:child_process'
import { ensureChromium } from './chromium.cjs'

// First, so a machine that cannot get a browser fails in seconds, not after ten minutes of other layers.
const browserLayer = 'Chromium for e2e'
const layers = [
  [browserLayer],
  ['lint', 'npx', ['--no-install', 'eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['--no-install', 'prettier', '--check', '--log-level', 'warn', '.']],
  ['type-check', 'npx', ['--no-install', 'tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['build', 'npx', ['--no-install', 'electron-vite', 'build', '--logLevel', 'warn']],
  ['build web server', process.execPath, ['scripts/build-web-server.mjs']],
  ['vitest (node, dom, build)', 'npx', ['--no-install', 'vitest', 'run', '--project', 'node', '--project', 'dom', '--project', 'build']],
  // ~2 min: hostile servers, fault injection and SIGKILLs (docs/reliability.md); `npm run test:faults` alone.
  ['fault suite', 'npx', ['--no-install', 'vitest', 'run', '--project', 'faults']],
  ['playwright e2e (Chromium)', 'npx', ['--no-install', 'playwright', 'test']],
]

/** Sets AB_CHROMIUM for the later layers (Playwright's config reads it); false, with the reason printed, when there is none. */
function findBrowser() {
  try {
    const { path, source } = ensureChromium()
    process.env.AB_CHROMIUM = path
    console.log(`Chromium: ${path} (${source})`)
    return true
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    return false
  }
}

const timings = []
let failed = null
for (const [name, command, args] of layers) {
  console.log(`\n=== ${name} ===`)
  const started = Date.now()
  const ok =
    name === browserLayer
      ? findBrowser()
      : spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } }).status === 0
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  timings.push(`${name.padEnd(28)} ${seconds.padStart(7)} s  ${ok ? 'ok' : 'FAILED'}`)
  if (!ok) {
    failed = name
    break
  }
}
console.log('\n=== time per layer ===')
for (const line of timings) console.log(line)
if (failed) {
  console.error(`\nnpm test failed at: ${failed}`)
  process.exit(1)
}
