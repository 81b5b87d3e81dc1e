import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { createMobileAppsRepo } from '@core/repos/mobile-apps-repo'

const A = 'AAAAAAAA-0000-4000-8000-000000000001'
const B = 'bbbbbbbb-0000-4000-8000-000000000002'

describe('mobile apps repo', () => {
  it('replaces the catalogue whole and looks names up in any case', () => {
    const db = new Database(':memory:')
    migrate(db)
    const repo = createMobileAppsRepo(db)
    repo.replaceAll(
      [
        { id: A, display_name: 'Contoso VPN Client', app_type: 'win32LobApp' },
        { id: B, display_name: 'Company Portal', app_type: 'winGetApp' },
      ],
      '2026-01-01T00:00:00Z',
    )
    expect(repo.count()).toBe(2)
    expect(repo.namesFor([A.toLowerCase(), B.toUpperCase(), '6f3c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11'])).toEqual({
      [A.toLowerCase()]: 'Contoso VPN Client',
      [B]: 'Company Portal',
    })
    expect(repo.namesFor([])).toEqual({})
    repo.replaceAll([{ id: B, display_name: 'Company Portal (new)', app_type: 'winGetApp' }], '2026-01-02T00:00:00Z')
    expect(repo.count()).toBe(1)
    expect(repo.namesFor([A, B])).toEqual({ [B]: 'Company Portal (new)' })
    db.close()
  })
})
