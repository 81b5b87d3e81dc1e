import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Node 20 cannot start a worker thread from a .ts file, so the tests bundle the real database worker
 * once (same source as the app's out/main/db-worker.js) and hand its path to every test file. The
 * archive and cache-check workers are bundled beside it (archive-worker.cjs, cache-check-worker.cjs),
 * where the core looks for them by default, and the demo tenant's mock worker (mock-intune-worker.cjs), where
 * the web app looks for it.
 */
export default async function setup() {
  // Inside node_modules/.cache so the bundle's require('better-sqlite3') resolves from this project.
  mkdirSync('node_modules/.cache', { recursive: true })
  const dir = mkdtempSync(join('node_modules/.cache', 'ab-worker-'))
  const outdir = join(process.cwd(), dir)
  await build({
    entryPoints: {
      'db-worker': 'src/main/core/worker/db-worker.worker.ts',
      'archive-worker': 'src/main/core/diagnostics/archive-worker.worker.ts',
      'cache-check-worker': 'src/main/core/db/cache-check.worker.ts',
      'mock-intune-worker': 'src/mock-intune/mock-intune.worker.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    outdir,
    outExtension: { '.js': '.cjs' },
    logLevel: 'warning',
  })
  process.env.AB_TEST_DB_WORKER = join(outdir, 'db-worker.cjs')
  return () => rmSync(dir, { recursive: true, force: true })
}
