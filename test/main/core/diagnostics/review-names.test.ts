import { describe, expect, it } from 'vitest'
import { guidsIn, withAppNames, type AppNameLookup } from '@core/diagnostics/review-names'
import type { ArchiveReview } from '@shared/diagnostics-schemas'

const VPN = 'aaaaaaaa-0000-4000-8000-000000000001'
const PORTAL = 'bbbbbbbb-0000-4000-8000-000000000002'

const windowsReview = (esp: Array<{ id: string }>): ArchiveReview => ({
  kind: 'windows',
  fileName: 'MDMDiagReport.zip',
  archiveKind: 'mdm-diagnostics',
  tenant: null,
  found: [],
  notFound: [],
  esp: esp.map((e) => ({ scope: 'device', category: 'win32Apps', id: e.id, state: 'failed', meaning: null })),
  ztd: null,
  eventLogs: [],
  notParsed: [],
  summaryQr: null,
  warnings: [],
})

describe('app names in a review', () => {
  it('finds every GUID in any string of the model, lower-cased, once, bounded', () => {
    expect(guidsIn({ a: [`Win32App_${VPN.toUpperCase()}_1`, { b: `{${PORTAL}} and ${VPN}` }], [PORTAL]: 1 }).sort()).toEqual([VPN, PORTAL])
    expect(guidsIn({ text: 'no ids here', n: 5, empty: null })).toEqual([])
    const many = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
    expect(guidsIn(many, 7)).toHaveLength(7)
  })

  it('adds names for the known GUIDs and asks once with all of them', async () => {
    const asked: string[][] = []
    const lookup = (ids: string[]): Promise<AppNameLookup> => {
      asked.push(ids)
      return Promise.resolve({ names: { [VPN]: 'Contoso VPN Client' }, status: { state: 'synced', message: null } })
    }
    const named = await withAppNames(windowsReview([{ id: `Win32App_${VPN}_1` }, { id: `Win32App_${PORTAL}_1` }]), lookup)
    expect(asked.map((ids) => [...ids].sort())).toEqual([[VPN, PORTAL]])
    expect(named.names).toEqual({ [VPN]: 'Contoso VPN Client' })
    expect(named.namesNote).toBeUndefined()
    // The model keeps the ids as they were.
    expect(named.kind === 'windows' && named.esp.map((e) => e.id)).toEqual([`Win32App_${VPN}_1`, `Win32App_${PORTAL}_1`])
  })

  it('says why names are missing: permission, never synced, lookup failed; no lookup without GUIDs', async () => {
    const review = windowsReview([{ id: `Win32App_${VPN}_1` }])
    const refused = await withAppNames(review, () =>
      Promise.resolve({ names: {}, status: { state: 'unavailable', message: 'App names unavailable: needs DeviceManagementApps.Read.All.' } }),
    )
    expect(refused.namesNote).toBe('App names unavailable: needs DeviceManagementApps.Read.All.')
    expect((await withAppNames(review, () => Promise.resolve({ names: {}, status: null }))).namesNote).toMatch(/sync with Intune/)
    expect((await withAppNames(review, () => Promise.reject(new Error('worker gone')))).namesNote).toMatch(/could not be read/)
    let called = false
    const plain = windowsReview([{ id: 'Contoso.BenchApp_8wekyb3d8bbwe' }])
    expect(
      await withAppNames(plain, () => {
        called = true
        return Promise.resolve({ names: {}, status: null })
      }),
    ).toBe(plain)
    expect(called).toBe(false)
  })
})
