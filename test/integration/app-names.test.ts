import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { useCoreOnMock } from '@support/core-on-mock'
import { WIN32_FAILED, WIN32_INSTALLED, sampleRegUtf16 } from '@support/windows-diagnostics-samples'

const archive = () => Buffer.from(zipSync({ 'MdmDiagReport_RegistryDump.reg': sampleRegUtf16({ regedit: false }) })).toString('base64')
const guidOf = (item: string) => /[0-9a-f]{8}-[0-9a-f-]{27}/i.exec(item)![0].toLowerCase()

/** The tenant's app catalogue is synced, cached and used to name the ESP's app GUIDs in a review. */
describe('app names from the tenant catalogue', () => {
  const start = useCoreOnMock()

  it('syncs the catalogue and names the Win32 apps of a registry dump, keeping the GUIDs', async () => {
    const { core, handlers, ctx } = await start({ seed: 3, devices: 10, throttle: 'off', pageSize: 5 })
    expect((await core.sync.status()).lastError).toBeNull()
    const opened = await dispatch(handlers, 'diagnostics:open-archive', { name: 'MDMDiagReport.zip', bytesBase64: archive() }, ctx)
    const review = (opened.ok ? opened.value : null) as ArchiveReview | null
    if (review?.kind !== 'windows') throw new Error(`not a windows review: ${JSON.stringify(opened).slice(0, 300)}`)
    expect(review.names?.[guidOf(WIN32_INSTALLED)]).toBe('Contoso VPN Client')
    expect(review.names?.[guidOf(WIN32_FAILED)]).toBe('Line-of-business Printer Drivers')
    expect(review.namesNote).toBeUndefined()
    expect(review.esp.some((e) => e.id === WIN32_FAILED)).toBe(true)
  })

  it('a tenant without DeviceManagementApps.Read.All still syncs; the review says why names are missing', async () => {
    const { core, handlers, ctx } = await start({ seed: 3, devices: 10, throttle: 'off', faults: '403=always:path=mobileApps' })
    const status = await core.sync.status()
    expect(status.lastError).toBeNull()
    expect(status.deviceCount).toBe(10)
    const opened = await dispatch(handlers, 'diagnostics:open-archive', { name: 'MDMDiagReport.zip', bytesBase64: archive() }, ctx)
    if (!opened.ok) throw new Error(opened.error.message)
    const review = opened.value as ArchiveReview
    expect(review.names).toEqual({})
    expect(review.namesNote).toBe('App names unavailable: needs DeviceManagementApps.Read.All (Intune answered 403).')
  })
})
