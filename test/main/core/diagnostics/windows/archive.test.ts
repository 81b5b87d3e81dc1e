import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it, vi } from 'vitest'
import {
  MDM_DIAGNOSTICS_CAB_COMMAND,
  MDM_DIAGNOSTICS_ZIP_COMMAND,
  NESTED_ARCHIVE_MESSAGE,
  identifyEventLog,
  inspectWindowsArchive,
  sniffContainer,
  type ArchiveEntryLike,
} from '@core/diagnostics/windows'
import {
  EVTX_AUTOPILOT,
  EVTX_DEVICE_MANAGEMENT,
  EVTX_USER_DEVICE_REGISTRATION,
  TENANT_DOMAIN,
  TENANT_ID,
  ZTD_CORRELATION_ID,
  fakeCab,
  fakeEvtx,
  sampleRegUtf16,
  sampleZtdJson,
  utf8,
} from '@support/windows-diagnostics-samples'

/** Builds a ZIP in memory with fflate (tests only) and hands its entries over like the safe-unzip module would. */
function zipEntries(files: Record<string, Uint8Array>): ArchiveEntryLike[] {
  const unzipped = unzipSync(zipSync(files))
  return Object.entries(unzipped).map(([name, bytes]) => ({ name, size: bytes.length, read: () => bytes }))
}

const entry = (name: string, bytes: Uint8Array): ArchiveEntryLike => ({ name, size: bytes.length, read: () => bytes })

/** The `-zip` output of MDMDiagnosticsTool, modelled on Get-AutopilotDiagnostics (docs/reference/community-tools.md §A3). */
function mdmDiagnosticsZip(): ArchiveEntryLike[] {
  return zipEntries({
    'MdmDiagReport_RegistryDump.reg': sampleRegUtf16({ regedit: false }),
    'AutopilotDDSZTDFile.json': utf8(sampleZtdJson()),
    [EVTX_DEVICE_MANAGEMENT]: fakeEvtx(8192),
    [EVTX_USER_DEVICE_REGISTRATION]: fakeEvtx(4096),
    [EVTX_AUTOPILOT]: fakeEvtx(2048),
    'microsoft-windows-aad-operational.evtx': fakeEvtx(1024),
    'DeviceHash_BENCH01.csv': utf8('Device Serial Number,Windows Product ID,Hardware Hash\nPF3ABCDE,,T0FBQQ==\n'),
    'MDMDiagReport.html': utf8('<html></html>'),
  })
}

describe('inspectWindowsArchive: MDMDiagnosticsTool -zip output (modelled on Get-AutopilotDiagnostics)', () => {
  const report = inspectWindowsArchive(mdmDiagnosticsZip())

  it('recognises the archive and reads the tenant, registry findings and ZTD JSON', () => {
    expect(report.kind).toBe('mdm-diagnostics')
    expect(report.tenant).toEqual({ id: TENANT_ID, domain: TENANT_DOMAIN, source: 'registry' })
    expect(report.registry).toMatchObject({
      name: 'MdmDiagReport_RegistryDump.reg',
      encoding: 'utf-16le-bom',
      header: null,
      stringEscaping: 'verbatim',
      complete: true,
      error: null,
    })
    expect(report.findings?.missing).toEqual([])
    expect(report.findings?.found.ztdCorrelationId?.value).toBe(ZTD_CORRELATION_ID)
    expect(report.ztd).toMatchObject({ name: 'AutopilotDDSZTDFile.json', parsed: true, fields: { ZtdCorrelationId: ZTD_CORRELATION_ID } })
    // Two of its event logs are cut short: said at the top, not left to the "could not be read" list at the bottom.
    expect(report.warnings).toEqual([
      `2 event logs could not be read — ${EVTX_AUTOPILOT}, microsoft-windows-aad-operational.evtx: their events are missing from the event timeline (why is said beside each log).`,
    ])
  })

  it('reads every .evtx: size, channel (from the name when the log has no events), events read', () => {
    expect(report.eventLogs).toEqual([
      {
        name: EVTX_DEVICE_MANAGEMENT,
        size: 8192,
        channel: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin',
        parsed: true,
        summary: expect.objectContaining({ records: 0, damaged: 0, error: null }),
        hint: expect.stringMatching(/1905/),
        error: null,
      },
      {
        name: EVTX_USER_DEVICE_REGISTRATION,
        size: 4096,
        channel: 'Microsoft-Windows-User Device Registration/Admin',
        parsed: true,
        summary: expect.objectContaining({ records: 0, damaged: 0, error: null }),
        hint: expect.stringMatching(/0x801C03F3/),
        error: null,
      },
      {
        name: EVTX_AUTOPILOT,
        size: 2048,
        channel: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot',
        parsed: false,
        summary: expect.objectContaining({ records: 0, damaged: 0, error: expect.stringMatching(/shorter than the 4,096-byte EVTX header/) }),
        hint: expect.stringMatching(/807 ZtdDevicesNotRegistered/),
        error: expect.stringMatching(/shorter than the 4,096-byte EVTX header/),
      },
      {
        name: 'microsoft-windows-aad-operational.evtx',
        size: 1024,
        channel: null,
        parsed: false,
        summary: expect.objectContaining({ records: 0, damaged: 0, error: expect.stringMatching(/shorter than the 4,096-byte EVTX header/) }),
        hint: null,
        error: expect.stringMatching(/shorter than the 4,096-byte EVTX header/),
      },
    ])
  })

  it('lists every file with its role, and what was not parsed with the reason', () => {
    expect(report.files.map((f) => [f.name, f.role, f.parsed])).toEqual([
      ['MdmDiagReport_RegistryDump.reg', 'registry-dump', true],
      ['AutopilotDDSZTDFile.json', 'ztd-json', true],
      [EVTX_DEVICE_MANAGEMENT, 'event-log', true],
      [EVTX_USER_DEVICE_REGISTRATION, 'event-log', true],
      [EVTX_AUTOPILOT, 'event-log', false],
      ['microsoft-windows-aad-operational.evtx', 'event-log', false],
      ['DeviceHash_BENCH01.csv', 'csv', false],
      ['MDMDiagReport.html', 'other', false],
    ])
    expect(report.notParsed.map((n) => n.name)).toEqual(report.files.filter((f) => !f.parsed).map((f) => f.name))
    // 2,048 and 1,024 bytes: shorter than the EVTX file header.
    expect(report.notParsed[0]?.reason).toMatch(/Event log not readable: .*shorter than the 4,096-byte EVTX header/)
  })

  it('is plain JSON (for the CLI)', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
  })
})

describe('inspectWindowsArchive: Intune diagnostics ZIP (modelled on Get-AutopilotDiagnostics)', () => {
  // The tool looks for a folder matching *MDMDiagnostics*_cab and expands the CAB inside it. The other
  // two entries are filler with made-up folder names: Microsoft documents no layout for this ZIP.
  const entries = zipEntries({
    'MDMDiagnostics_Autopilot_cab/mdmlogs-2024-05-02.cab': fakeCab(),
    'Events/microsoft-windows-user device registration-admin.evtx': fakeEvtx(300),
    'RegistryKey/export.reg': utf8('Windows Registry Editor Version 5.00\r\n'),
  })
  const report = inspectWindowsArchive(entries)

  it('recognises the layout, lists the CAB inside without opening it and says how to open it', () => {
    expect(report.kind).toBe('intune-diagnostics')
    expect(report.findings).toBeNull()
    expect(report.tenant).toBeNull()
    const cab = report.notParsed.find((n) => n.name.endsWith('.cab'))
    expect(cab?.reason).toBe(NESTED_ARCHIVE_MESSAGE)
    expect(cab?.reason).toMatch(/nested archives are listed, not opened\. Extract it .*expand\.exe/)
    expect(report.warnings).toEqual([
      // The 300-byte filler log is shorter than an EVTX header.
      expect.stringMatching(/^1 event log could not be read — Events\/microsoft-windows-user device registration-admin\.evtx: /),
      expect.stringMatching(/a CAB inside the archive was not opened/),
      'No MdmDiagReport_RegistryDump.reg outside the MDMDiagnostics CAB: Autopilot registry findings are not available.',
    ])
    expect(report.eventLogs).toEqual([expect.objectContaining({ channel: 'Microsoft-Windows-User Device Registration/Admin', size: 300 })])
    expect(report.notParsed.find((n) => n.name.endsWith('export.reg'))?.reason).toBe('Not a file this viewer reads.')
  })
})

describe('inspectWindowsArchive: damaged and hostile input', () => {
  it('records entries whose read() throws, and never throws itself', () => {
    const failing: ArchiveEntryLike = {
      name: 'MdmDiagReport_RegistryDump.reg',
      size: 100,
      read: () => {
        throw new Error('entry exceeds the compression ratio cap')
      },
    }
    const report = inspectWindowsArchive([failing, { ...failing, name: 'AutopilotDDSZTDFile.json' }])
    expect(report.kind).toBe('mdm-diagnostics')
    expect(report.notParsed.map((n) => n.reason)).toEqual([
      'Could not be read: entry exceeds the compression ratio cap',
      'Could not be read: entry exceeds the compression ratio cap',
    ])
    expect(report.findings).toBeNull()
  })

  it('does not read an entry over the size limit', () => {
    const read = vi.fn(() => new Uint8Array(0))
    const report = inspectWindowsArchive([{ name: 'sub/MdmDiagReport_RegistryDump.reg', size: 2_000, read }], { regLimits: { maxBytes: 1_000 } })
    expect(read).not.toHaveBeenCalled()
    expect(report.notParsed[0]?.reason).toBe('The registry dump is 2 KB, over the 1000 bytes this review reads; the rest of the archive is read.')
    const big = inspectWindowsArchive([{ name: 'MdmDiagReport_RegistryDump.reg', size: 200 * 1024 * 1024, read }], {
      regLimits: { maxBytes: 64 * 1024 * 1024 },
    })
    expect(big.notParsed[0]?.reason).toMatch(/^The registry dump is 200 MB, over the 64 MB this review reads/)
  })

  it('reports a garbage registry dump and a broken JSON without losing the rest', () => {
    const report = inspectWindowsArchive([
      entry(
        'MdmDiagReport_RegistryDump.reg',
        new Uint8Array(4000).map((_, i) => (i * 31) % 256),
      ),
      entry('AutopilotDDSZTDFile.json', utf8('{"CloudAssignedTenantId": "' + TENANT_ID + '", "Cloud')),
      entry('MdmDiagReport_RegistryDump.reg', sampleRegUtf16()),
    ])
    expect(report.registry?.error).toMatch(/binary/)
    expect(report.findings).toBeNull()
    expect(report.notParsed.map((n) => n.reason)).toEqual([expect.stringMatching(/binary/), 'A second registry dump; only the first one is read.'])
    expect(report.ztd).toMatchObject({ parsed: false, salvaged: true })
    expect(report.tenant).toEqual({ id: TENANT_ID, domain: null, source: 'ztd-json' })
  })

  it('warns when the registry and the JSON disagree on the tenant or correlation id', () => {
    const other = '00000000-1111-2222-3333-444444444444'
    const report = inspectWindowsArchive([
      entry('MdmDiagReport_RegistryDump.reg', sampleRegUtf16()),
      entry('AutopilotDDSZTDFile.json', utf8(sampleZtdJson({ CloudAssignedTenantId: other, ZtdCorrelationId: other }))),
    ])
    expect(report.warnings).toEqual([expect.stringMatching(/name different tenants/), expect.stringMatching(/different correlation ids/)])
  })

  it('says so when nothing looks like a Windows diagnostics archive; skips directory entries; caps the listing', () => {
    const entries = [entry('folder/', new Uint8Array(0)), ...Array.from({ length: 5 }, (_, i) => entry(`photo${i}.jpg`, new Uint8Array(3)))]
    const report = inspectWindowsArchive(entries, { maxListed: 3 })
    expect(report.kind).toBe('unknown')
    expect(report.files).toHaveLength(3)
    expect(report.warnings).toEqual(['2 more entries were not listed (limit 3).', expect.stringMatching(/does not look like a Windows diagnostics archive/)])
  })
})

describe('CAB and ZIP detection', () => {
  it('tells a CAB (MSCF) from a ZIP (PK) from anything else', () => {
    expect(sniffContainer(fakeCab())).toBe('cab')
    expect(sniffContainer(zipSync({ a: utf8('x') }))).toBe('zip')
    expect(sniffContainer(zipSync({}))).toBe('zip')
    expect(sniffContainer(utf8('MSC'))).toBe('unknown')
    expect(sniffContainer(new Uint8Array(0))).toBe('unknown')
  })

  it('shows the documented command with the area list quoted (PowerShell would split it at the ;)', () => {
    expect(MDM_DIAGNOSTICS_CAB_COMMAND).toBe('MDMDiagnosticsTool.exe -area "Autopilot;TPM" -cab C:\\temp\\diag.cab')
    expect(MDM_DIAGNOSTICS_ZIP_COMMAND).toBe('MDMDiagnosticsTool.exe -area "Autopilot;TPM" -zip C:\\temp\\diag.zip')
  })

  it('flags a .cab entry without the signature differently', () => {
    const report = inspectWindowsArchive([entry('logs/extra.cab', utf8('not a cab'))])
    expect(report.notParsed[0]?.reason).toBe('Named .cab but has no CAB signature (MSCF); not read.')
  })
})

describe('identifyEventLog', () => {
  it('identifies the channels by file name in the spellings Windows uses', () => {
    expect(identifyEventLog('Microsoft-Windows-User Device Registration%4Admin.evtx').channel).toBe('Microsoft-Windows-User Device Registration/Admin')
    expect(identifyEventLog('logs\\Microsoft-Windows-ModernDeployment-Diagnostics-Provider%4Autopilot.evtx').channel).toBe(
      'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot',
    )
    expect(identifyEventLog('microsoft_windows_user_device_registration_admin.evtx').channel).toBe('Microsoft-Windows-User Device Registration/Admin')
    expect(identifyEventLog('microsoft-windows-devicemanagement-enterprise-diagnostics-provider-operational.evtx').channel).toBeNull()
    expect(identifyEventLog('Application.evtx')).toEqual({ channel: null, hint: null })
  })
})
