import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AppFailure, toEnvelopeError } from '@core/app-error'

describe('toEnvelopeError', () => {
  it('answers a full disk as disk-full, whether SQLite or Node met it', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (x TEXT)')
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    let sqliteFull: unknown
    try {
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000))
    } catch (error) {
      sqliteFull = error
    }
    db.close()
    expect(toEnvelopeError(sqliteFull)).toEqual({ code: 'disk-full', message: 'database or disk is full' })
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write '/data/export.zip'"), { code: 'ENOSPC' })
    expect(toEnvelopeError(enospc)).toEqual({ code: 'disk-full', message: enospc.message })
  })

  it('keeps a coded failure’s own code, and calls anything else internal', () => {
    expect(toEnvelopeError(new AppFailure('busy', 'already running'))).toEqual({ code: 'busy', message: 'already running' })
    expect(toEnvelopeError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toEqual({ code: 'internal', message: 'no such file' })
    expect(toEnvelopeError('plain text')).toEqual({ code: 'internal', message: 'plain text' })
    expect(toEnvelopeError(null)).toEqual({ code: 'internal', message: 'null' })
  })
})
