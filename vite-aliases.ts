// The import aliases (`@shared/…`, `@core/…`, …) are declared once, in tsconfig.json's `paths`.
// TypeScript, esbuild and Playwright read them from there; Vite and Vitest get them from here.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

interface TsConfig {
  compilerOptions: { paths: Record<string, string[]> }
}

/** Vite `resolve.alias` entries: `@core/x` → `<repo>/src/main/core/x`, `@mock-intune` → its folder. */
export function viteAliases(root: string): { find: RegExp; replacement: string }[] {
  const { compilerOptions } = JSON.parse(readFileSync(resolve(root, 'tsconfig.json'), 'utf8')) as TsConfig
  return Object.entries(compilerOptions.paths)
    .filter(([name]) => !name.endsWith('/*'))
    .map(([name, targets]) => ({ find: new RegExp(`^${name.replace(/[-/]/g, '\\$&')}(?=/|$)`), replacement: resolve(root, targets[0] ?? '') }))
}
