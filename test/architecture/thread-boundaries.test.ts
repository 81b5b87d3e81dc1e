import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importGraph, repoRoot, sourceFiles } from '@support/import-graph'

/**
 * File names say where code runs (docs/architecture.md): `*.worker.ts` only inside a worker thread.
 * So a file without the suffix — main-thread or pure code — may import a `.worker.ts` file only with
 * `import type`, and main-thread code never loads the database layer (core/repos, and core/db except
 * the data-folder lock, which the main thread takes before the worker starts; and sync/bulk-writer.ts).
 */
describe('thread boundaries', () => {
  const src = join(repoRoot, 'src')
  const core = join(src, 'main/core') + sep
  const graph = importGraph(sourceFiles(src))
  const isWorker = (file: string) => file.endsWith('.worker.ts')
  // sync/bulk-writer.ts is database code outside db/ and repos/ without the suffix (repos/outbox-repo.ts imports it).
  // db/data-dir-lock.ts and db/damage-marker.ts are files beside the database, no SQLite: the main thread uses them.
  // db/damage-found.ts holds no SQLite either: it names SQLite's corruption codes for toEnvelopeError (app-error.ts).
  const isDatabaseLayer = (file: string) =>
    file.startsWith(`${core}repos${sep}`) ||
    (file.startsWith(`${core}db${sep}`) && !['data-dir-lock.ts', 'damage-marker.ts', 'damage-found.ts'].some((name) => file.endsWith(name))) ||
    file === `${core}sync${sep}bulk-writer.ts`

  it('no plain file loads a .worker.ts file at run time', () => {
    const crossings = [...graph]
      .filter(([file]) => !isWorker(file) && !isDatabaseLayer(file))
      .flatMap(([file, edges]) =>
        edges.filter((e) => isWorker(e.target) && !e.typeOnly).map((e) => `${relative(repoRoot, file)} → ${relative(repoRoot, e.target)}`),
      )
    expect(crossings).toEqual([])
  })

  it('main-thread files never load the database layer at run time', () => {
    const mainThread = [...graph].filter(([file]) => !isWorker(file) && !isDatabaseLayer(file))
    const crossings = mainThread.flatMap(([file, edges]) =>
      edges.filter((e) => isDatabaseLayer(e.target) && !e.typeOnly).map((e) => `${relative(repoRoot, file)} → ${relative(repoRoot, e.target)}`),
    )
    expect(crossings).toEqual([])
  })
})
