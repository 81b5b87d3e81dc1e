import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { openArchive } from '@core/diagnostics/open-archive'
import { defaultUnzipLimits } from '@core/diagnostics/safe-unzip'
import { NESTED_ARCHIVE_MESSAGE } from '@core/diagnostics/windows'
import { archiveReviewSchema } from '@shared/diagnostics-schemas'
import { AUTOPILOT_CHANNEL } from '@core/diagnostics/evtx'
import { writeCab, type CabWriterCompression } from '@support/cab-writer'
import { writeEvtx } from '@support/evtx-writer'
import {
  EVTX_AUTOPILOT,
  EVTX_DEVICE_MANAGEMENT,
  TENANT_DOMAIN,
  TENANT_ID,
  WIN32_FAILED,
  ZTD_CORRELATION_ID,
  fakeEvtx,
  sampleRegUtf16,
  sampleZtdJson,
} from '@support/windows-diagnostics-samples'

/**
 * What `MDMDiagnosticsTool.exe -area "Autopilot;TPM" -cab C:\temp\diag.cab` writes, MODELLED ON
 * GET-AUTOPILOTDIAGNOSTICS (Microsoft does not document the layout; docs/reference/autopilot.md §10
 * item 2): the registry dump of a device whose pre-provisioning failed on a Win32 app in the ESP, the
 * downloaded profile JSON, event logs and the hardware-hash CSV, in one folder as makecab writes it.
 */
/** The Autopilot channel as Windows writes it: TPM attestation failed (event 171 with its HRESULT). */
const autopilotLog = writeEvtx([
  {
    recordId: 1,
    eventId: 171,
    provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
    channel: AUTOPILOT_CHANNEL,
    level: 2,
    time: '2026-01-05T10:02:00.000Z',
    data: [['HRESULT', '0x81039001']],
  },
])

function sampleMdmCab(compression: CabWriterCompression, windowBits = 21): Uint8Array {
  return writeCab(
    [
      { name: 'MdmDiagReport_RegistryDump.reg', data: sampleRegUtf16({ regedit: false }) },
      { name: 'AutopilotDDSZTDFile.json', data: strToU8(sampleZtdJson()) },
      { name: EVTX_AUTOPILOT, data: autopilotLog },
      { name: EVTX_DEVICE_MANAGEMENT, data: fakeEvtx() },
      { name: 'DeviceHash_PC1.csv', data: strToU8('Device Serial Number,Windows Product ID,Hardware Hash\r\nPC1,,AAAA\r\n') },
    ],
    { compression, windowBits },
  )
}

describe('the review of a CAB made the documented way (MDMDiagnosticsTool -cab)', () => {
  it.each<[CabWriterCompression, number]>([
    ['mszip', 16],
    ['lzx', 21],
    ['lzx', 15],
    ['lzx-literals', 21],
    ['lzx-uncompressed', 15],
    ['stored', 16],
  ])('explains the pre-provisioning failure from a %s CAB (window 2^%i for LZX)', (compression, windowBits) => {
    const review = openArchive(sampleMdmCab(compression, windowBits), 'diag.cab')
    expect(archiveReviewSchema.safeParse(review).success).toBe(true)
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    expect(review.fileName).toBe('diag.cab')
    expect(review.archiveKind).toBe('mdm-diagnostics')
    expect(review.tenant).toEqual({ id: TENANT_ID, domain: TENANT_DOMAIN, source: 'registry' })
    const found = Object.fromEntries(review.found.map((f) => [f.label, f.value]))
    expect(found.ZtdCorrelationId).toBe(ZTD_CORRELATION_ID)
    // The failure: the ESP tracked a Win32 app that failed during device setup.
    expect(review.esp).toContainEqual(expect.objectContaining({ id: WIN32_FAILED, state: 'failed', meaning: 'Error / Failed' }))
    expect(review.ztd).toMatchObject({ name: 'AutopilotDDSZTDFile.json', fields: { CloudAssignedTenantDomain: TENANT_DOMAIN } })
    expect(review.eventLogs.map((e) => [e.name, e.channel, e.parsed])).toEqual([
      [EVTX_AUTOPILOT, 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot', true],
      [EVTX_DEVICE_MANAGEMENT, 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin', true],
    ])
    // The event log inside the CAB explains the failure too: TPM attestation failed, with its HRESULT.
    const tpm = review.eventLogs[0]?.events.find((e) => e.eventId === 171)
    expect(tpm?.meaning).toBeTruthy()
    expect(tpm?.codes.map((c) => c.code.toLowerCase())).toContain('0x81039001')
    expect(review.notParsed.map((n) => n.name)).toEqual(['DeviceHash_PC1.csv'])
  })

  it('lists a Quantum file as refused by name and still reads the rest', () => {
    const quantum = writeCab([{ name: 'MdmDiagReport_RegistryDump.reg', data: sampleRegUtf16({ regedit: false }) }], { compression: 'quantum' })
    const review = openArchive(quantum, 'old.cab')
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    expect(review.notParsed).toContainEqual(
      expect.objectContaining({ name: 'MdmDiagReport_RegistryDump.reg', reason: expect.stringMatching(/^Refused: .*Quantum/) }),
    )
  })

  it('lists a damaged registry dump as unreadable with the reason, and keeps the other findings', () => {
    const cab = writeCab(
      [
        { name: 'AutopilotDDSZTDFile.json', data: strToU8(sampleZtdJson()), folder: 0 },
        { name: 'MdmDiagReport_RegistryDump.reg', data: sampleRegUtf16({ regedit: false }), folder: 1 },
      ],
      { compression: 'mszip' },
    )
    // Flip a byte inside folder 1's first data block (its checksum catches it).
    const folder1Data = Buffer.from(cab).readUInt32LE(36 + 8)
    cab[folder1Data + 8 + 40]! ^= 0x10
    const review = openArchive(cab, 'damaged.cab')
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    expect(review.ztd?.fields.ZtdCorrelationId).toBe(ZTD_CORRELATION_ID)
    expect(review.notParsed).toContainEqual(
      expect.objectContaining({ name: 'MdmDiagReport_RegistryDump.reg', reason: expect.stringMatching(/^Could not be read: .*fails its checksum/) }),
    )
  })

  it('a CAB of files the review does not read, cut short or with one byte changed: damaged, said at the top and by file', () => {
    const unknown = (compression: CabWriterCompression) =>
      writeCab(
        [
          { name: 'first.txt', data: strToU8('a'.repeat(20_000)) },
          { name: 'notes/second.txt', data: strToU8(Array.from({ length: 9000 }, (_, i) => `line ${i * 7919}`).join('\n')) },
        ],
        { compression },
      )
    for (const compression of ['mszip', 'lzx', 'stored'] as const) {
      const whole = unknown(compression)
      const intact = openArchive(whole, 'real.cab')
      if (intact.kind !== 'windows') throw new Error('expected a Windows archive')
      expect(intact).toMatchObject({ archiveKind: 'unknown', container: 'cab' })
      expect(intact.warnings.filter((w) => /damaged|shorter/.test(w))).toEqual([])
      expect(intact.notParsed.filter((n) => /Damaged/.test(n.reason))).toEqual([])

      const cut = openArchive(whole.subarray(0, Math.floor((whole.length * 2) / 3)), 'real.cab')
      if (cut.kind !== 'windows') throw new Error('expected a Windows archive')
      expect(cut.warnings[0], compression).toMatch(
        /^This CAB file is damaged: 1 file could not be read \(notes\/second\.txt\) — the CAB is truncated: folder 0 ends after/,
      )
      expect(cut.warnings[0]).toMatch(/its header says [\d,]+\. Copy the file again, or create it again on the device/)
      expect(cut.notParsed).toContainEqual({
        name: 'notes/second.txt',
        size: expect.any(Number),
        reason: expect.stringMatching(/^Damaged: the CAB is truncated/),
      })

      // One byte changed in the last data block (its CFDATA checksum no longer matches).
      const flipped = whole.slice()
      flipped[whole.length - 10]! ^= 0x01
      const changed = openArchive(flipped, 'real.cab')
      if (changed.kind !== 'windows') throw new Error('expected a Windows archive')
      expect(changed.warnings[0], compression).toMatch(
        /^This CAB file is damaged: 1 file could not be read \(notes\/second\.txt\) — data block \d+ of folder 0 fails its checksum/,
      )
      expect(changed.notParsed).toContainEqual(expect.objectContaining({ name: 'notes/second.txt', reason: expect.stringMatching(/^Damaged: data block/) }))
    }
  })

  it('refuses the whole CAB when a limit is hit, naming the limit', () => {
    expect(() => openArchive(sampleMdmCab('mszip'), 'diag.cab', { ...defaultUnzipLimits, maxTotalBytes: 10_000 })).toThrow(
      /^This CAB was refused: .*the total budget/,
    )
  })
})

/** The rule for archives inside archives: listed, not opened (one archive, one set of limits, no recursion). */
describe('nested archives', () => {
  it('lists a CAB inside a ZIP (the Intune download) without opening it, and says how to open it', () => {
    const zip = zipSync({
      'MDMDiagnostics_Autopilot_cab/mdmlogs.cab': sampleMdmCab('mszip'),
      'AutopilotDDSZTDFile.json': strToU8(sampleZtdJson()),
    })
    const review = openArchive(zip, 'intune.zip')
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    expect(review.archiveKind).toBe('intune-diagnostics')
    expect(review.notParsed).toContainEqual(expect.objectContaining({ name: 'MDMDiagnostics_Autopilot_cab/mdmlogs.cab', reason: NESTED_ARCHIVE_MESSAGE }))
    expect(review.warnings.join(' ')).toMatch(/mdmlogs\.cab: a CAB inside the archive was not opened .* Extract it and open it here on its own/)
    expect(review.esp).toEqual([])
  })

  it('lists a ZIP or CAB inside a CAB without opening it', () => {
    const inner = zipSync({ 'MdmDiagReport_RegistryDump.reg': sampleRegUtf16({ regedit: false }) })
    const cab = writeCab([
      { name: 'more.zip', data: inner },
      { name: 'more.cab', data: sampleMdmCab('stored') },
      { name: 'AutopilotDDSZTDFile.json', data: strToU8(sampleZtdJson()) },
    ])
    const review = openArchive(cab, 'outer.cab')
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    const reasons = Object.fromEntries(review.notParsed.map((n) => [n.name, n.reason]))
    expect(reasons['more.zip']).toBe(NESTED_ARCHIVE_MESSAGE)
    expect(reasons['more.cab']).toBe(NESTED_ARCHIVE_MESSAGE)
    expect(review.found).toEqual([])
  })
})
