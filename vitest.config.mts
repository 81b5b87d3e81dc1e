import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { viteAliases } from './vite-aliases'

const alias = viteAliases(import.meta.dirname)

/**
 * Projects: `node` (core, shell with a fake electron, mock API, integration over loopback),
 * `dom` (renderer components and stores in happy-dom), `build` (asserts on the bundles in out/,
 * so `npm test` builds first), `faults` (test/faults: the fault suite, docs/reliability.md).
 */
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/build/**', 'test/faults/**', 'test/e2e/**', 'test/e2e-electron/**'],
          setupFiles: ['test/support/setup-node.ts'],
          globalSetup: ['test/support/global-setup-worker.ts'],
          // better-sqlite3 is a native addon; forks isolate it better than threads (SIGSEGV reports).
          pool: 'forks',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // `npm run test:faults` (docs/reliability.md): hostile servers, fault injection and SIGKILLs; slow, so its own project.
        resolve: { alias },
        test: {
          name: 'faults',
          environment: 'node',
          include: ['test/faults/**/*.test.ts'],
          setupFiles: ['test/support/setup-node.ts'],
          globalSetup: ['test/support/global-setup-worker.ts'],
          pool: 'forks',
          testTimeout: 240_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        resolve: { alias },
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/support/setup-dom.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'build',
          environment: 'node',
          include: ['test/build/**/*.test.ts'],
          setupFiles: ['test/support/setup-node.ts'],
        },
      },
    ],
  },
})
