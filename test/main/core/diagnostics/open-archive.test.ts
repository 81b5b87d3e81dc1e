import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { openArchive } from '@core/diagnostics/open-archive'
import { ArchiveError, defaultUnzipLimits } from '@core/diagnostics/safe-unzip'
import { claims4GiB, lyingHeader, sharedStreamBomb } from '@support/zip-bombs'
import {
  EVTX_AUTOPILOT,
  EVTX_DEVICE_MANAGEMENT,
  TENANT_DOMAIN,
  TENANT_ID,
  ZTD_CORRELATION_ID,
  fakeCab,
  fakeEvtx,
  sampleRegUtf16,
  sampleZtdJson,
} from '@support/windows-diagnostics-samples'

/**
 * A sample MDMDiagnostics archive, MODELLED ON GET-AUTOPILOTDIAGNOSTICS (Microsoft does not document
 * the layout): the registry dump in the MDM dump's own quirks (UTF-16 with BOM), the downloaded
 * profile JSON, two event logs, a hardware-hash CSV — in a folder written with Windows backslashes.
 */
function sampleMdmArchive(): Uint8Array {
  return zipSync({
    'MDMDiag\\MdmDiagReport_RegistryDump.reg': sampleRegUtf16({ regedit: false }),
    'MDMDiag\\AutopilotDDSZTDFile.json': strToU8(sampleZtdJson()),
    [`MDMDiag\\${EVTX_AUTOPILOT}`]: fakeEvtx(8192),
    [`MDMDiag\\${EVTX_DEVICE_MANAGEMENT}`]: fakeEvtx(),
    'MDMDiag\\DeviceHash_PC1.csv': strToU8('Device Serial Number,Windows Product ID,Hardware Hash\r\nPC1,,AAAA\r\n'),
    '..\\..\\evil.txt': strToU8('zip-slip'),
  })
}

describe('opening Windows diagnostics offline', () => {
  it('parses and explains a sample MDMDiagnostics archive: found, not found, could not be read', () => {
    const review = openArchive(sampleMdmArchive(), 'diag.zip')
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    expect(review.archiveKind).toBe('mdm-diagnostics')
    expect(review.tenant).toEqual({ id: TENANT_ID, domain: TENANT_DOMAIN, source: 'registry' })
    const found = Object.fromEntries(review.found.map((f) => [f.label, f]))
    expect(found.CloudAssignedTenantId?.value).toBe(TENANT_ID)
    expect(found.ZtdCorrelationId?.value).toBe(ZTD_CORRELATION_ID)
    // 1308 = 1024 + 256 + 16 + 8 + 4: decoded with the names the docs (or the tool) give.
    expect(found.CloudAssignedOobeConfig).toMatchObject({
      value: '1308',
      meaning: expect.stringMatching(/SkipExpressSettings.*SkipOemRegistration.*SkipEula.*Skip Windows upgrade UX.*Skip keyboard/),
    })
    expect(found.CloudAssignedOobeConfig?.source).toMatch(/Provisioning\\Diagnostics\\Autopilot/)
    expect(review.esp.some((e) => e.state === 'failed')).toBe(true)
    expect(review.ztd).toMatchObject({ name: 'MDMDiag/AutopilotDDSZTDFile.json', fields: { CloudAssignedTenantDomain: TENANT_DOMAIN } })
    expect(review.eventLogs.map((e) => [e.name, e.size, e.channel])).toEqual([
      [`MDMDiag/${EVTX_AUTOPILOT}`, 8192, 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot'],
      [`MDMDiag/${EVTX_DEVICE_MANAGEMENT}`, 4096, 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin'],
    ])
    const notParsed = Object.fromEntries(review.notParsed.map((n) => [n.name, n.reason]))
    expect(notParsed['../../evil.txt']).toBe('Refused: path traversal (..)')
    // Refused unread, it is listed with the size the ZIP's directory states ('zip-slip': 8 bytes), not a false 0.
    expect(review.notParsed.find((n) => n.name === '../../evil.txt')?.size).toBe(8)
    // The event logs are read now (an empty log: no events, nothing damaged).
    expect(notParsed[`MDMDiag/${EVTX_AUTOPILOT}`]).toBeUndefined()
    expect(review.eventLogs.map((e) => [e.parsed, e.records, e.damaged])).toEqual([
      [true, 0, 0],
      [true, 0, 0],
    ])
    expect(notParsed['MDMDiag/DeviceHash_PC1.csv']).toMatch(/hardware hash/)
  })

  it('says what is missing when the registry dump is not there', () => {
    const review = openArchive(zipSync({ [EVTX_DEVICE_MANAGEMENT]: fakeEvtx() }), 'logs.zip')
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    expect(review.found).toEqual([])
    expect(review.notFound).toEqual(['MdmDiagReport_RegistryDump.reg (no registry findings)'])
    expect(review.warnings.join(' ')).toMatch(/No MdmDiagReport_RegistryDump\.reg/)
  })

  it('refuses a damaged CAB with the way to make a new one, and anything that is neither a ZIP nor a CAB', () => {
    expect(() => openArchive(fakeCab(), 'diag.cab')).toThrow(/This CAB file is damaged.*MDMDiagnosticsTool\.exe -area "Autopilot;TPM" -cab/)
    expect(() => openArchive(strToU8('hello'), 'notes.txt')).toThrow(ArchiveError)
    expect(() => openArchive(strToU8('hello'), 'notes.txt')).toThrow(/not a ZIP archive/)
    // Named .evtx but not one: said as an event log that cannot be read, with what to do.
    expect(() => openArchive(strToU8('garbage, not an event log'), 'Autopilot.evtx')).toThrow(
      /Autopilot\.evtx is not a readable Windows event log.*Event Viewer/,
    )
  })
})

/** The limits of safe-unzip.ts hold through the review: a limit hit on an entry refuses the archive. */
describe('opening a hostile archive', () => {
  const MiB = 1024 * 1024

  it('refuses the shared-stream bomb, the 4 GiB claim and a lying registry dump by name', () => {
    expect(() => openArchive(sharedStreamBomb().zip, 'bomb.zip')).toThrow(/^This ZIP was refused: its entries share compressed data \(a zip bomb\)/)
    expect(() => openArchive(claims4GiB(), 'claim.zip')).toThrow(/claims 4096 MiB uncompressed/)
    // The Windows review lists an unreadable entry and goes on; a limit is not that: the whole archive is refused.
    expect(() => openArchive(lyingHeader(), 'lie.zip')).toThrow(/inflates beyond the 1000 bytes its header claims/)
  })

  it('says an entry whose data does not match its header is damaged, with what to do, not "a zip bomb?" (flipped bytes are far likelier)', () => {
    let message = ''
    try {
      openArchive(lyingHeader(), 'lie.zip')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^This ZIP is damaged: entry ".*" does not match its header: its data inflates beyond the 1000 bytes its header claims/)
    expect(message).toContain('Copy it again in full, or export it again')
    expect(message).not.toMatch(/bomb|refused/)
    // Real oversize keeps the bomb words.
    expect(() => openArchive(sharedStreamBomb().zip, 'bomb.zip')).toThrow(/zip bomb/)
  })

  it('shares one budget across every entry the review reads (CABs are sniffed, registry dump and ZTD read)', () => {
    const noise = (n: number, seed: number) => new Uint8Array(n).map((_, i) => ((i + seed) * 2654435761) >>> 24)
    const zip = zipSync({ 'a.cab': noise(MiB, 1), 'b.cab': noise(MiB, 2), 'c.cab': noise(MiB, 3), 'x.evtx': noise(4 * MiB, 4) })
    // The .evtx is read (here: refused as not EVTX), so its 4 MiB count too.
    expect(openArchive(zip, 'ok.zip', { ...defaultUnzipLimits, maxTotalBytes: 7 * MiB }).kind).toBe('windows')
    expect(() => openArchive(zip, 'over.zip', { ...defaultUnzipLimits, maxTotalBytes: 6.5 * MiB })).toThrow(/the total budget/)
  })
})
