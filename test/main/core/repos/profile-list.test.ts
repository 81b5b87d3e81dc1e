import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { readCardFacts } from '@core/card/card-queries.worker'
import { createProfilesRepo } from '@core/repos/profiles-repo'

describe('the profile list (one query, for the card and the profile picker)', () => {
  it('orders by name ignoring letter case, then id', () => {
    const db = new Database(':memory:')
    migrate(db)
    db.prepare("INSERT INTO devices (id, serial_number, synced_at) VALUES ('d1', 'S1', '2026-11-23T00:00:00Z')").run()
    const insert = db.prepare("INSERT INTO profiles (id, display_name, synced_at) VALUES (?, ?, '2026-11-23T00:00:00Z')")
    for (const [id, name] of [
      ['p3', 'beta'],
      ['p2', 'Alpha'],
      ['p1', 'alpha'],
      ['p4', 'Gamma'],
    ])
      insert.run(id, name)

    const ids = createProfilesRepo(db)
      .list()
      .map((p) => p.id)
    expect(ids).toEqual(['p1', 'p2', 'p3', 'p4'])
    expect(readCardFacts(db, 'd1', null)!.profiles.map((p) => p.id)).toEqual(ids)
  })
})
