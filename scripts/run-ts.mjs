// Runs a TypeScript entry (CLIs such as the standalone mock Intune API) by bundling it with esbuild
// into a temporary CommonJS file first — Node 20 cannot run .ts files itself.
import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { spawn } from 'node:child_process'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]')
  process.exit(2)
}
// Inside node_modules/.cache so the bundle's external require()s resolve from this project.
mkdirSync('node_modules/.cache', { recursive: true })
const dir = mkdtempSync(join('node_modules/.cache', 'ab-run-'))
const outfile = join(dir, 'entry.cjs')
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  // Dependencies load from node_modules at run time (the bundle sits inside node_modules/.cache).
  packages: 'external',
  logLevel: 'warning',
})
const child = spawn(process.execPath, [outfile, ...args], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => {
  rmSync(dir, { recursive: true, force: true })
  process.exit(code ?? (signal ? 1 : 0))
})
