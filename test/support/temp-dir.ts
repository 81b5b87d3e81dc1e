import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** A fresh temporary folder per call, removed after the test. */
export function useTempDirs() {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return (prefix = 'ab-test-') => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }
}

export const workerPath = (): string => {
  const path = process.env.AB_TEST_DB_WORKER
  if (!path) throw new Error('AB_TEST_DB_WORKER is not set: run through vitest (global setup builds the worker).')
  return path
}
