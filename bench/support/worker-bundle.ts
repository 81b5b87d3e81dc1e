import { build } from 'esbuild'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Bundles the real database worker (as the app's build does) for benchmarks run from source, with
 * the cache-check worker beside it, where the database client looks for it, and the demo tenant's
 * mock worker (mock-intune-worker.cjs).
 */
export async function bundleDbWorker(): Promise<string> {
  const dir = join(process.cwd(), 'node_modules', '.cache', 'ab-bench')
  mkdirSync(dir, { recursive: true })
  await build({
    entryPoints: {
      'db-worker': 'src/main/core/worker/db-worker.worker.ts',
      'cache-check-worker': 'src/main/core/db/cache-check.worker.ts',
      'mock-intune-worker': 'src/mock-intune/mock-intune.worker.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    logLevel: 'warning',
  })
  return join(dir, 'db-worker.cjs')
}
