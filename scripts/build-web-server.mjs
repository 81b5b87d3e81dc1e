// Bundles the browser transport's server and its workers (database, archive, cache check, the demo tenant's
// mock) into out/web/ — a separate entry point, so the Electron main bundle (out/main) never contains the HTTP server.
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

await build({
  entryPoints: {
    server: 'src/web/server.ts',
    'db-worker': 'src/main/core/worker/db-worker.worker.ts',
    'archive-worker': 'src/main/core/diagnostics/archive-worker.worker.ts',
    'cache-check-worker': 'src/main/core/db/cache-check.worker.ts',
    'mock-intune-worker': 'src/mock-intune/mock-intune.worker.ts',
  },
  outdir: 'out/web',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Native addon and logger load from node_modules at run time, as in the Electron build.
  external: ['better-sqlite3', 'pino', 'electron'],
  define: { __APP_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
})
console.log('built out/web/server.cjs and its workers: db-worker.cjs, archive-worker.cjs, cache-check-worker.cjs and mock-intune-worker.cjs')
