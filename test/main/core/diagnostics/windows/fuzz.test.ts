/**
 * Property and fuzz tests: whatever the bytes, the readers return a result (never throw, never hang),
 * and well-formed data survives garbage around it. Runs are bounded to keep the suite fast.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  extractAutopilotFindings,
  findRegKey,
  findRegValue,
  inspectWindowsArchive,
  parseAutopilotDdsZtdFile,
  parseRegFile,
  type ArchiveEntryLike,
} from '@core/diagnostics/windows'
import { TENANT_ID, ZTD_CORRELATION_ID, crlf, fakeCab, sampleRegLines, sampleZtdJson, utf16leWithBom, utf8 } from '@support/windows-diagnostics-samples'

const DIAG = 'HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot'
const SMALL_LIMITS = { maxLines: 5_000, maxLineLength: 20_000, maxStringLines: 50 }

/** Text fragments that stress the line grammar. */
const regFragment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '[',
    ']',
    '[-',
    '"',
    '\\',
    '=',
    '@=',
    'dword:',
    'hex:',
    'hex(2):',
    'hex(7):',
    'hex(b):',
    ',',
    '\\\r\n',
    '\r',
    '\n',
    ';',
    '\0',
    '\uFEFF',
    '\uD800',
    'HKEY_LOCAL_MACHINE\\',
  ),
)
const regLikeText = fc.array(regFragment, { maxLength: 60 }).map((parts) => parts.join(''))
const encode = fc.constantFrom(
  (text: string) => utf8(text),
  (text: string) => utf8(text, true),
  (text: string) => utf16leWithBom(text),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf16le')),
)

function checkRegResult(bytes: Uint8Array) {
  const reg = parseRegFile(bytes, SMALL_LIMITS)
  expect(Array.isArray(reg.keys)).toBe(true)
  expect(reg.warningCount).toBeGreaterThanOrEqual(reg.warnings.length - 1)
  const findings = extractAutopilotFindings(reg)
  expect(Array.isArray(findings.missing)).toBe(true)
  // Everything stays JSON-serialisable for the CLI.
  JSON.stringify(findings)
}

describe('fuzz: parseRegFile + extractAutopilotFindings', () => {
  it('never throws on random bytes (including truncated UTF-16 and binary)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (bytes, withBom) => {
        checkRegResult(withBom ? new Uint8Array([0xff, 0xfe, ...bytes]) : bytes)
      }),
      { numRuns: 300 },
    )
  })

  it('never throws on reg-like text in any encoding', () => {
    fc.assert(
      fc.property(regLikeText, encode, (text, enc) => {
        checkRegResult(enc(`Windows Registry Editor Version 5.00\r\n${text}`))
      }),
      { numRuns: 400 },
    )
  })

  it('keeps the Autopilot values when garbage lines are inserted between sections', () => {
    const lines = sampleRegLines()
    const garbage = fc.string({ maxLength: 30 }).filter((s) => !/^\s*[[@"]/.test(s) && !/[\r\n]/.test(s))
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), garbage), { maxLength: 10 }), fc.boolean(), (inserts, utf16) => {
        const mutated = [...lines]
        // Insert only at blank lines (between sections) so no value's own line is split.
        const blanks = mutated.flatMap((line, i) => (line === '' ? [i] : []))
        for (const [at, junk] of inserts) mutated.splice(blanks[at % blanks.length] ?? 0, 0, junk)
        const text = crlf(mutated)
        const reg = parseRegFile(utf16 ? utf16leWithBom(text) : utf8(text))
        const key = findRegKey(reg, DIAG)
        expect(findRegValue(key, 'CloudAssignedTenantId')).toMatchObject({ data: TENANT_ID })
        expect(extractAutopilotFindings(reg).found.ztdCorrelationId?.value).toBe(ZTD_CORRELATION_ID)
      }),
      { numRuns: 150 },
    )
  })

  it('never throws when the sample is truncated at any byte', () => {
    const bytes = utf16leWithBom(crlf(sampleRegLines({ regedit: false })))
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length }), (cut) => {
        checkRegResult(bytes.subarray(0, cut))
      }),
      { numRuns: 200 },
    )
  })

  it('finishes a long line of every troublesome shape quickly', () => {
    const started = Date.now()
    for (const line of [
      '"a"="' + '\\'.repeat(300_000),
      '"a"=hex:' + '01,'.repeat(200_000),
      '['.repeat(500_000),
      '"'.repeat(500_000),
      '@=' + '"x'.repeat(250_000),
    ]) {
      checkRegResult(utf8(`[HKEY_LOCAL_MACHINE\\A]\n${line}\n"b"=dword:1`))
    }
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})

describe('fuzz: parseAutopilotDdsZtdFile', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        JSON.stringify(parseAutopilotDdsZtdFile(bytes))
      }),
      { numRuns: 300 },
    )
  })

  it('never throws on arbitrary JSON, and reads the fields of an object it is given', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }), encode, (json, enc) => {
        const result = parseAutopilotDdsZtdFile(enc(json))
        expect(result.error === null || result.error.code !== 'too-large').toBe(true)
      }),
      { numRuns: 300 },
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 }), (extra) => {
        const result = parseAutopilotDdsZtdFile(
          utf8(sampleZtdJson(Object.fromEntries(Object.entries(extra).filter(([k]) => !/^(ztdcorrelationid|__proto__)$/i.test(k))))),
        )
        expect(result.fields.ZtdCorrelationId).toBe(ZTD_CORRELATION_ID)
      }),
      { numRuns: 200 },
    )
  })

  it('never throws on truncated JSON', () => {
    const text = sampleZtdJson()
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
        parseAutopilotDdsZtdFile(utf8(text.slice(0, cut)))
      }),
      { numRuns: 200 },
    )
  })
})

describe('fuzz: inspectWindowsArchive', () => {
  const names = fc.oneof(
    fc.constantFrom(
      'MdmDiagReport_RegistryDump.reg',
      'AutopilotDDSZTDFile.json',
      'x.evtx',
      'a/b.cab',
      'MDMDiagnostics_x_cab/y',
      'dir/',
      'h.csv',
      '../../etc/passwd',
      'C:\\evil.reg',
    ),
    fc.string({ maxLength: 30 }),
  )
  const entryArb = fc.record({
    name: names,
    size: fc.oneof(fc.nat({ max: 10_000 }), fc.constantFrom(-1, Number.NaN, Number.MAX_SAFE_INTEGER)),
    bytes: fc.oneof(fc.uint8Array({ maxLength: 1024 }), fc.constant(fakeCab())),
    throws: fc.boolean(),
  })

  it('never throws, whatever the entries', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 12 }), (raw) => {
        const entries: ArchiveEntryLike[] = raw.map((e) => ({
          name: e.name,
          size: e.size,
          read: () => {
            if (e.throws) throw new Error('cap hit')
            return e.bytes
          },
        }))
        const report = inspectWindowsArchive(entries, { regLimits: SMALL_LIMITS })
        expect(['mdm-diagnostics', 'intune-diagnostics', 'unknown']).toContain(report.kind)
        JSON.stringify(report)
      }),
      { numRuns: 300 },
    )
  })
})
