import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findCycles, importGraph, repoRoot, sourceFiles } from '@support/import-graph'

/**
 * No import circles in src/. Type-only imports count too: a type circle is still two files that
 * cannot be understood (or moved) apart.
 */
describe('imports', () => {
  const src = join(repoRoot, 'src')
  const graph = new Map([...importGraph(sourceFiles(src))].map(([file, edges]) => [file, edges.map((e) => e.target)]))

  it('the walker sees the alias and relative imports it should, and finds a planted circle', () => {
    expect(graph.get(join(src, 'main/core/handlers.ts'))).toContain(join(src, 'main/core/worker/registry.worker.ts'))
    expect(graph.get(join(src, 'main/core/handlers.ts'))).toContain(join(src, 'main/core/sync/sync-handlers.ts'))
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c', 'a']])
  })

  it('has no import circles in src/', () => {
    const cycles = findCycles(graph).map((cycle) => cycle.map((file) => relative(repoRoot, file)).join('\n  → '))
    expect(cycles, `import circles:\n${cycles.join('\n\n')}`).toEqual([])
  })
})
