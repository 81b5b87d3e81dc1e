import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '@support/import-graph'

/**
 * The product stands alone: every document the code, tests, benchmarks and scripts cite is a file of
 * this repository (a path from its root, or a bare name in docs/reference/ or docs/). A citation of a
 * file that only exists on a developer's machine fails here, whatever its name.
 */
const folders = ['src', 'test', 'bench', 'scripts']
const textFile = /\.(tsx?|mts|mjs|cjs|json|css|html)$/

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) files(path, out)
    else if (textFile.test(name)) out.push(path)
  }
  return out
}

const inRepo = (name: string) => [name, join('docs/reference', name), join('docs', name)].some((candidate) => existsSync(join(repoRoot, candidate)))

describe('the repository stands alone', () => {
  it('cites only documents that are in the repository', () => {
    const missing: string[] = []
    for (const file of folders.flatMap((folder) => files(join(repoRoot, folder)))) {
      const lines = readFileSync(file, 'utf8').split('\n')
      lines.forEach((line, index) => {
        for (const match of line.matchAll(/(?<![\w/.-])((?:\.\.?\/)*[\w./-]*[\w-]\.md)\b/g)) {
          const cited = match[1]!
          if (cited.startsWith('../') || !inRepo(cited)) missing.push(`${relative(repoRoot, file)}:${index + 1}: ${cited}`)
        }
      })
    }
    expect(missing, 'cite docs/reference/… (or another file of this repository) instead').toEqual([])
  })
})
