import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * No import circles in src/. Walks src/**\/*.ts(x), reads every `import … from`, `export … from`,
 * side-effect `import '…'` and dynamic `import('…')` specifier (type-only imports count too: a type
 * circle is still two files that cannot be understood apart), resolves relative paths and the
 * tsconfig aliases, and looks for a cycle with a depth-first search.
 */
const root = resolve(__dirname, '../../..')
const src = join(root, 'src')

const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }
const aliases = Object.entries(tsconfig.compilerOptions.paths)
  .filter(([name]) => !name.endsWith('/*'))
  .map(([name, targets]) => ({ name, dir: resolve(root, targets[0]!) }))

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
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

const specifierPattern = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
    const targets = new Set<string>()
    for (const match of text.matchAll(specifierPattern)) {
      const target = resolveSpecifier(file, (match[1] ?? match[2] ?? match[3])!)
      if (target && target !== file) targets.add(target)
    }
    graph.set(file, [...targets])
  }
  return graph
}

function findCycles(graph: Map<string, string[]>): string[][] {
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

describe('imports', () => {
  it('the walker sees the alias and relative imports it should', () => {
    const graph = importGraph(walk(src))
    const handlers = graph.get(join(src, 'main/core/handlers.ts'))!
    expect(handlers.length).toBeGreaterThan(0)
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']])
  })

  it('has no import circles in src/', () => {
    const cycles = findCycles(importGraph(walk(src))).map((cycle) => cycle.map((file) => relative(root, file)).join('\n  → '))
    expect(cycles, `import circles:\n${cycles.join('\n\n')}`).toEqual([])
  })
})
