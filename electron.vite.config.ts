import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { viteAliases } from './vite-aliases'

const alias = viteAliases(__dirname)

/**
 * Three bundles: main (thin shell + core; the database, archive and cache-check workers; the demo tenant's
 * mock worker), preload (one sandboxed CJS file whose only require is `electron`), renderer (React). The
 * browser transport's server is built separately (scripts/build-web-server.mjs) so it never ships inside
 * the Electron main bundle.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      // dependencies (better-sqlite3, pino, …) stay external: they load from node_modules at run time.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'db-worker': resolve(__dirname, 'src/main/core/worker/db-worker.worker.ts'),
          'archive-worker': resolve(__dirname, 'src/main/core/diagnostics/archive-worker.worker.ts'),
          'cache-check-worker': resolve(__dirname, 'src/main/core/db/cache-check.worker.ts'),
          // The embedded demo tenant's mock, on its own thread (src/mock-intune/in-worker.ts).
          'mock-intune-worker': resolve(__dirname, 'src/mock-intune/mock-intune.worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require() anything but a few Electron modules: bundle everything.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    resolve: { alias },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
})
