import { build } from 'esbuild'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Bundles a TypeScript entry into one CommonJS file a child process can run with plain Node (Node 20
 * runs no .ts). The bundle sits in node_modules/.cache/<folder>, so its external `require`s (the
 * native better-sqlite3 addon, or every package with `packages: 'external'`) resolve from this project;
 * esbuild resolves the tsconfig path aliases (@shared/…) itself.
 */
export async function bundleForNode(entry: string, folder: string, external: 'native' | 'packages' = 'native'): Promise<string> {
  const dir = join(process.cwd(), 'node_modules', '.cache', folder)
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, entry.replace(/^.*\//, '').replace(/\.ts$/, '.cjs'))
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...(external === 'packages' ? { packages: 'external' as const } : { external: ['better-sqlite3'] }),
    outfile,
    logLevel: 'warning',
  })
  return outfile
}
