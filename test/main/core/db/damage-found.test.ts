import Database from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppFailure, toEnvelopeError } from '@core/app-error'
import { isCorruption, onDamageFound } from '@core/db/damage-found'
import { useTempDirs } from '@support/temp-dir'
import { seedDamageable, smashRootOf } from '@support/damaged-db'

/** The error better-sqlite3 throws for `run` against `file`. */
function errorOf(file: string, run: (db: Database.Database) => unknown): unknown {
  try {
    const db = new Database(file)
    try {
      run(db)
    } finally {
      db.close()
    }
  } catch (error) {
    return error
  }
  throw new Error('no error')
}

describe('damage met by a request (core/db/damage-found.ts)', () => {
  const tempDir = useTempDirs()
  afterEach(() => onDamageFound(null))

  it('a damaged page and a file that is no database are damage; a constraint is not', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'users')
    const corrupt = errorOf(file, (db) => db.prepare('SELECT * FROM users NOT INDEXED').all())
    expect(corrupt).toMatchObject({ code: expect.stringMatching(/^SQLITE_CORRUPT/) })
    const garbage = join(tempDir(), 'garbage.db')
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a))
    const notADb = errorOf(garbage, (db) => db.pragma('user_version'))
    expect(notADb).toMatchObject({ code: 'SQLITE_NOTADB' })
    const constraint = errorOf(join(tempDir(), 'fresh.db'), (db) => {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)')
      db.exec('INSERT INTO t VALUES (1); INSERT INTO t VALUES (1)')
    })
    expect(constraint).toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) })

    expect([corrupt, notADb, constraint, new Error('x'), null].map(isCorruption)).toEqual([true, true, false, false, false])
    for (const code of ['SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE']) expect(isCorruption({ code })).toBe(true)
  })

  it('toEnvelopeError answers db-damaged in plain words and reports the damage; other errors are not reported', () => {
    const reported: unknown[] = []
    onDamageFound((error) => reported.push(error))
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })
    expect(toEnvelopeError(corrupt)).toEqual({
      code: 'db-damaged',
      message:
        'A damaged part of the database file was met while doing this (SQLITE_CORRUPT). It has been noted: the next start checks the whole database and repairs it.',
    })
    expect(toEnvelopeError(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }))).toMatchObject({ code: 'internal' })
    expect(toEnvelopeError(new AppFailure('offline', 'no network'))).toEqual({ code: 'offline', message: 'no network' })
    expect(reported).toEqual([corrupt])
  })

  it('a failing handler never stops the answer', () => {
    onDamageFound(() => {
      throw new Error('disk full')
    })
    expect(toEnvelopeError(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }))).toMatchObject({ code: 'db-damaged' })
  })
})
