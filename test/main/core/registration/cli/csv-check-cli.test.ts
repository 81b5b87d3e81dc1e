import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvCheckReportSchema } from '@shared/registration-schemas'
import { useTempDirs } from '@support/temp-dir'
import { HEADER, hashFor } from '@support/hash-csv-fixture'

/** The CLI exactly as `npm run --silent csv:check -- FILE…` runs it (run-ts → esbuild → node). */
const csvCheck = (...files: string[]) =>
  spawnSync(process.execPath, ['scripts/run-ts.mjs', 'src/main/core/registration/cli/csv-check-cli.ts', ...files], { encoding: 'utf8', timeout: 60_000 })

describe('csv:check', () => {
  const tempDir = useTempDirs()

  it('prints one JSON document of the contract; exit 0 / 1 / 2', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'good.csv'), `${HEADER}\r\nS1,,Q29udG9zbwAAA\r\n`)
    writeFileSync(join(dir, 'bad.csv'), `${HEADER}\r\nS2,,${hashFor('S2')}\r\n1.23457E+11,,${hashFor('x')}\r\n`)
    writeFileSync(join(dir, 'sheet.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))
    mkdirSync(join(dir, 'folder.csv'))

    const good = csvCheck(join(dir, 'good.csv'))
    expect(good.status, good.stderr).toBe(0)
    expect(JSON.parse(good.stdout)).toEqual({
      rows: 1,
      valid: 1,
      errors: [],
      repaired: [{ file: join(dir, 'good.csv'), line: 2, code: 'hash-padded' }],
      warnings: [],
    })

    const bad = csvCheck(join(dir, 'good.csv'), join(dir, 'bad.csv'))
    expect(bad.status).toBe(1)
    const report = csvCheckReportSchema.strict().parse(JSON.parse(bad.stdout))
    expect(report).toMatchObject({ rows: 3, valid: 2 })
    expect(report.errors).toEqual([{ file: join(dir, 'bad.csv'), line: 3, code: 'serial-excel-number', message: expect.any(String), fix: expect.any(String) }])

    for (const unreadable of [join(dir, 'sheet.csv'), join(dir, 'missing.csv'), join(dir, 'folder.csv')]) {
      const result = csvCheck(join(dir, 'good.csv'), unreadable)
      expect(result.status, unreadable).toBe(2)
      expect(JSON.parse(result.stdout).errors[0].file).toBe(unreadable)
    }
    expect(csvCheck().status).toBe(2)
  })
})
