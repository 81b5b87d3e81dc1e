import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/**
 * The import graph of src/, for the architecture tests: every `import … from`, `export … from`,
 * side-effect `import '…'` and dynamic `import('…')` specifier, with relative paths and the tsconfig
 * aliases resolved to files. Packages are left out.
 */
export const repoRoot = resolve(__dirname, '../..')

const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }
const aliases = Object.entries(tsconfig.compilerOptions.paths)
  .filter(([name]) => !name.endsWith('/*'))
  .map(([name, targets]) => ({ name, dir: resolve(repoRoot, targets[0]!) }))

export function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) sourceFiles(path, out)
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

function resolveFile(base: string): string | null {
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

function resolveSpecifier(from: string, specifier: string): string | null {
  if (specifier.startsWith('.')) return resolveFile(resolve(dirname(from), specifier))
  const alias = aliases.find((a) => specifier === a.name || specifier.startsWith(`${a.name}/`))
  if (!alias) return null // a package
  return resolveFile(join(alias.dir, specifier.slice(alias.name.length)))
}

export interface ImportEdge {
  target: string
  /** `import type …` / `export type … from`: erased at build time. */
  typeOnly: boolean
}

const specifierPattern =
  /(?:^|[\s;])((?:import|export)(\s+type)?\s[^'"`;]*?\sfrom\s*)['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

export function importGraph(files: string[]): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
    const edges = new Map<string, boolean>()
    for (const match of text.matchAll(specifierPattern)) {
      const target = resolveSpecifier(file, (match[3] ?? match[4] ?? match[5])!)
      if (!target || target === file) continue
      const typeOnly = match[2] !== undefined
      edges.set(target, (edges.get(target) ?? true) && typeOnly)
    }
    graph.set(
      file,
      [...edges].map(([target, typeOnly]) => ({ target, typeOnly })),
    )
  }
  return graph
}

/** Every back edge of a depth-first search, as the circle it closes (none ⇔ no circles). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return cycles
}
