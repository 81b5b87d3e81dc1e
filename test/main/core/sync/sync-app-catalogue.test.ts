import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { GraphError } from '@core/graph/graph-error'
import { AppFailure } from '@core/app-error'
import { APPS_PATH, appNamesFor, fetchAppCatalogue, readAppCatalogueStatus, writeAppCatalogue } from '@core/sync/sync-app-catalogue.worker'

const VPN = 'aaaaaaaa-0000-4000-8000-000000000001'
const page = [
  { '@odata.type': '#microsoft.graph.win32LobApp', id: VPN.toUpperCase(), displayName: ' Contoso VPN Client ' },
  { '@odata.type': '#microsoft.graph.winGetApp', id: 'bbbbbbbb-0000-4000-8000-000000000002', displayName: 'Company Portal' },
  { id: 'not-a-guid', displayName: 'Ignored' },
  { id: 'cccccccc-0000-4000-8000-000000000003', displayName: '' },
]

function freshDb() {
  const db = new Database(':memory:')
  migrate(db)
  return db
}

describe('app catalogue sync step', () => {
  it('reads the catalogue with $select and caches names by lower-case id', async () => {
    const paths: string[] = []
    const outcome = await fetchAppCatalogue((path) => {
      paths.push(path)
      return Promise.resolve(page)
    })
    expect(paths).toEqual([APPS_PATH])
    expect(APPS_PATH).toContain('$select=id,displayName')
    expect(outcome).toEqual({
      ok: true,
      apps: [
        { id: VPN, display_name: 'Contoso VPN Client', app_type: 'win32LobApp' },
        { id: 'bbbbbbbb-0000-4000-8000-000000000002', display_name: 'Company Portal', app_type: 'winGetApp' },
      ],
    })
    const db = freshDb()
    expect(writeAppCatalogue(db, outcome, 't1')).toEqual({ state: 'synced', count: 2, message: null, at: 't1' })
    expect(appNamesFor(db, [VPN.toUpperCase()])).toEqual({
      names: { [VPN]: 'Contoso VPN Client' },
      status: { state: 'synced', count: 2, message: null, at: 't1' },
    })
  })

  it('a 403 records "needs DeviceManagementApps.Read.All" and keeps the names cached before', async () => {
    const db = freshDb()
    writeAppCatalogue(db, await fetchAppCatalogue(() => Promise.resolve(page)), 't1')
    const refused = await fetchAppCatalogue(() =>
      Promise.reject(new GraphError(403, 'Forbidden', 'r1', null, 'Application must have one of the following scopes')),
    )
    expect(refused).toEqual({ ok: false, message: 'App names unavailable: needs DeviceManagementApps.Read.All (Intune answered 403).' })
    const status = writeAppCatalogue(db, refused, 't2')
    expect(status).toMatchObject({ state: 'unavailable', count: 2, at: 't2' })
    expect(readAppCatalogueStatus(db)?.message).toContain('DeviceManagementApps.Read.All')
    expect(appNamesFor(db, [VPN]).names[VPN]).toBe('Contoso VPN Client')
  })

  it('another refusal says what went wrong; offline and timeout still end the sync', async () => {
    const broken = await fetchAppCatalogue(() => Promise.reject(new AppFailure('upstream', 'Intune sent a page without a "value" list')))
    expect(broken).toEqual({ ok: false, message: 'App names unavailable: Intune sent a page without a "value" list.' })
    await expect(fetchAppCatalogue(() => Promise.reject(new AppFailure('offline', 'no network')))).rejects.toThrow('no network')
    await expect(fetchAppCatalogue(() => Promise.reject(new AppFailure('timeout', 'slow')))).rejects.toThrow('slow')
  })

  it('has no status before the first sync', () => {
    expect(readAppCatalogueStatus(freshDb())).toBeNull()
  })
})
