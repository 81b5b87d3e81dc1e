import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Node 20 cannot start a worker thread from a .ts file, so the tests bundle the real database worker
 * once (same source as the app's out/main/db-worker.js) and hand its path to every test file.
 */
export default async function setup() {
  // Inside node_modules/.cache so the bundle's require('better-sqlite3') resolves from this project.
  mkdirSync('node_modules/.cache', { recursive: true })
  const dir = mkdtempSync(join('node_modules/.cache', 'ab-worker-'))
  const outfile = join(process.cwd(), dir, 'db-worker.cjs')
  await build({
    entryPoints: ['src/main/core/worker/db-worker.worker.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    outfile,
    logLevel: 'warning',
  })
  process.env.AB_TEST_DB_WORKER = outfile
  return () => rmSync(dir, { recursive: true, force: true })
}
