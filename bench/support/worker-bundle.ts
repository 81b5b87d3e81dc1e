import { build } from 'esbuild'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

/** Bundles the real database worker (as the app's build does) for benchmarks run from source. */
export async function bundleDbWorker(): Promise<string> {
  const dir = join(process.cwd(), 'node_modules', '.cache', 'ab-bench')
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, 'db-worker.cjs')
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
  return outfile
}
