// `npm test`: every layer in order — lint, format check, type-check, build, vitest (node, dom and build projects), the fault suite,
// Playwright e2e in Chromium — printing how long each took. A failing layer fails the run.
import { spawnSync } from 'node:child_process'

const layers = [
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

const timings = []
let failed = null
for (const [name, command, args] of layers) {
  console.log(`\n=== ${name} ===`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  timings.push(`${name.padEnd(28)} ${seconds.padStart(7)} s  ${result.status === 0 ? 'ok' : 'FAILED'}`)
  if (result.status !== 0) {
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
