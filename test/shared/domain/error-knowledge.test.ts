import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  ERROR_KNOWLEDGE,
  UNDOCUMENTED_CODES,
  RESET_CAVEATS,
  UNBLOCK_CAVEATS,
  recommendedActions,
  attemptActions,
  type KnowledgeEntry,
} from '@shared/domain/error-knowledge'
import { explainError, suggestCodes, knowledgeFor, UNKNOWN_CODE_ADVICE } from '@shared/domain/explain-error'
import { hresultAliases, hresultFromNumber, hresultSigned, hresultUnsigned, isCanonicalHresult, normaliseErrorInput } from '@shared/domain/error-input'
import { formatCitation } from '@shared/domain/citation'
import { isLearnPageId, LEARN_PAGES } from '@shared/domain/learn-pages'
import { bareBoldCodes, citedSections, hexCodes, readDomainDoc, section, sectionExists } from '@support/domain-doc'

const doc = readDomainDoc()
const hresults = ERROR_KNOWLEDGE.filter((entry) => entry.kind === 'hresult')

function known(input: string): KnowledgeEntry {
  const result = explainError(input)
  if (result.status !== 'known') throw new Error(`expected ${input} to be known, got ${result.status}`)
  return result.entry
}

describe('knowledge base covers the domain reference', () => {
  const codes63 = [...hexCodes(section(doc, '6.3')), ...bareBoldCodes(section(doc, '6.3'))]

  it('parses a plausible number of codes from §6.3 (guards the parser itself)', () => {
    expect(codes63.length).toBeGreaterThanOrEqual(14)
    expect(codes63).toContain('0x80180014')
    expect(codes63).toContain('0x801C0003') // printed bare, as **801c0003**
  })

  it.each(codes63)('§6.3 code %s is in the knowledge base', (code) => {
    const entry = knowledgeFor(code)
    expect(entry, code).toBeDefined()
    expect(known(code).code).toBe(code)
  })

  it('every 0x-code anywhere in the reference is an entry or explicitly undocumented (§10.1)', () => {
    const undocumented = new Set(UNDOCUMENTED_CODES.map((item) => item.code))
    for (const code of hexCodes(doc)) {
      expect(knowledgeFor(code) !== undefined || undocumented.has(code), code).toBe(true)
    }
  })

  it('codes the reference says have no documented meaning are not given one', () => {
    const gapsItem =
      section(doc, '10')
        .split('\n')
        .find((line) => line.startsWith('1. ')) ?? ''
    expect(gapsItem).toMatch(/not documented/)
    const gaps = hexCodes(gapsItem)
    expect(gaps).toEqual(expect.arrayContaining(['0x81036502', '0x80070774']))
    for (const code of gaps) {
      expect(knowledgeFor(code), code).toBeUndefined()
      const result = explainError(code)
      expect(result.status).toBe('undocumented')
    }
  })

  it('every import error of §5.4 is present, by name and by number', () => {
    const table = section(doc, '5.4')
    const names = [...table.matchAll(/^\| \*\*(\w+)\*\*/gm)].map((m) => m[1] ?? '')
    expect(names.length).toBeGreaterThanOrEqual(6)
    for (const name of names) expect(known(name).kind, name).toBe('import-error')
    for (const number of [...table.matchAll(/code \*\*(\d+)\*\*/g)].map((m) => m[1] ?? '')) expect(known(number).kind).toBe('import-error')
    // §10.5: both spellings of 808.
    expect(known('ZtdDeviceAssignedToAnotherTenant').code).toBe('808')
    expect(known('ZtdDeviceAssignedToOtherTenant').code).toBe('808')
  })

  it('every warning and error event of §6.1 is present', () => {
    const rows = [...section(doc, '6.1').matchAll(/^\| ([\d/]+) \| (Warn|Error) \|/gm)]
    expect(rows.length).toBeGreaterThanOrEqual(7)
    for (const row of rows) for (const id of (row[1] ?? '').split('/')) expect(known(id).kind, id).toBe('event')
  })

  it('every quoted message of the §6.3 table finds an entry', () => {
    const quoted = [...section(doc, '6.3').matchAll(/^\| "([^"]+)"/gm)].map((m) => (m[1] ?? '').replace(/…$/, ''))
    expect(quoted.length).toBeGreaterThanOrEqual(5)
    for (const message of quoted) expect(explainError(message).status, message).toBe('known')
  })
})

describe('entries are well formed', () => {
  it('ids are unique and codes canonical', () => {
    expect(new Set(ERROR_KNOWLEDGE.map((entry) => entry.id)).size).toBe(ERROR_KNOWLEDGE.length)
    for (const entry of hresults) expect(isCanonicalHresult(entry.code ?? ''), entry.id).toBe(true)
  })

  it('no two entries share a code or alias (lookups are unambiguous)', () => {
    const seen = new Map<string, string>()
    for (const entry of ERROR_KNOWLEDGE) {
      const keys = [entry.code, ...(entry.kind === 'hresult' ? entry.aliases : [])].filter((key): key is string => key !== null)
      for (const key of new Set(keys.map((k) => k.toLowerCase()))) {
        expect(seen.get(key.toLowerCase()), `${key} in ${entry.id}`).toBeUndefined()
        seen.set(key.toLowerCase(), entry.id)
      }
    }
  })

  it.each(ERROR_KNOWLEDGE.map((entry) => [entry.id, entry] as const))('%s has every field and a valid citation', (_id, entry) => {
    expect(recommendedActions).toContain(entry.action)
    for (const action of entry.attemptActions) expect(attemptActions).toContain(action)
    expect(entry.attemptActions.length).toBeGreaterThan(0)
    expect(entry.title.length).toBeGreaterThan(5)
    expect(entry.meaning.length).toBeGreaterThan(10)
    expect(entry.likelyCause.length).toBeGreaterThan(5)
    expect(entry.steps.length).toBeGreaterThan(0)
    for (const step of entry.steps) expect(step.trim().length).toBeGreaterThan(5)
    // Citation sections exist in the reference (§10.N = item N of §10); pages exist in the Learn table.
    const cited = citedSections(entry.citation.section)
    expect(cited.length).toBeGreaterThan(0)
    for (const number of cited) expect(sectionExists(doc, number), `§${number}`).toBe(true)
    expect(entry.citation.pages.length).toBeGreaterThan(0)
    for (const id of entry.citation.pages) {
      expect(isLearnPageId(id), id).toBe(true)
      expect(LEARN_PAGES[id].url).toMatch(/^https:\/\/learn\.microsoft\.com\//)
    }
    // What the technician reads names the Learn pages, never a file or a seed tag.
    expect(formatCitation(entry.citation)).toMatch(/^Microsoft Learn: /)
    expect(formatCitation(entry.citation)).not.toMatch(/\.md\b|\b00[0-4]\/|§/)
    // Nor a section of our own reference (§6.3 means nothing at the bench; it stays in citation.section).
    for (const text of [entry.title, entry.meaning, entry.likelyCause, ...entry.steps, ...entry.caveats]) expect(text, entry.id).not.toMatch(/§/)
  })
})

describe('the issue-7 mappings', () => {
  it.each([
    ['0x81039001', 'retry', 'retry'],
    ['0x80180014', 'delete-intune-record-or-unblock', 'delete-record'],
    ['0x80180005', 'fix-profile', 'fix-profile'],
    ['0x801C03F3', 're-register', 're-register'],
    ['0x800705B4', 'unsupported-vm', 'abandon'],
  ] as const)('%s → %s (first attempt action %s)', (code, action, first) => {
    const entry = known(code)
    expect(entry.action).toBe(action)
    expect(entry.attemptActions[0]).toBe(first)
  })

  it('0x81039001 carries its symbolic name and the "Securing your hardware" step', () => {
    const entry = known('0x81039001')
    expect(entry.symbols).toContain('E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED')
    expect(entry.meaning).toContain('Securing your hardware')
  })

  it('Reset caveats: export logs first (both Windows versions) and attestation may fail after an ESP failure', () => {
    const text = RESET_CAVEATS.join(' ')
    expect(text).toContain('Ctrl+Shift+D')
    expect(text).toContain('View diagnostics')
    expect(text).toMatch(/ESP|Enrollment Status Page/)
    expect(text).toContain('attestation')
    expect(known('0x80180005').caveats).toEqual(expect.arrayContaining([...RESET_CAVEATS]))
  })

  it('Unblock caveats: not for the five OEMs, not on Fix pending; 0x80180014 carries them and the §10.12 disagreement', () => {
    const text = UNBLOCK_CAVEATS.join(' ')
    for (const oem of ['Dell', 'Dynabook', 'HP', 'Lenovo', 'Surface']) expect(text).toContain(oem)
    expect(text).toContain('Fix pending')
    const entry = known('0x80180014')
    expect(entry.caveats).toEqual(expect.arrayContaining([...UNBLOCK_CAVEATS]))
    // §10.12: the disagreement between Microsoft's pages is stated, with both fixes.
    expect(entry.caveats.join(' ')).toMatch(/disagree on the fix: .*Unblock device.*delete the Intune device record/)
    expect(entry.citation.section).toContain('§10.12')
    expect(entry.steps.join(' ')).toContain('Unblock device')
    expect(entry.steps.join(' ')).toContain('All devices')
    expect(entry.messages[0]).toContain('SDM One Time Limit Check')
  })

  it('entries whose fix the docs do not give say so', () => {
    for (const code of ['0x801C03EA', '0xC1036501']) {
      const entry = known(code)
      expect(entry.action).toBe('other')
      expect(entry.caveats.join(' ')).toMatch(/docs give only the meaning/i)
    }
  })
})

describe('aliases and normalisation', () => {
  it('0x800705B4 is -2147023436 signed and 2147943860 unsigned', () => {
    const entry = known('0x800705B4')
    expect(entry.aliases).toEqual(expect.arrayContaining(['-2147023436', '2147943860', '0x800705b4', '800705b4', '800705B4']))
    expect(hresultSigned('0x800705B4')).toBe(-2147023436)
    expect(hresultUnsigned('0x800705B4')).toBe(2147943860)
    expect(hresultAliases('0x80180014')).toContain('-2145910764')
  })

  it.each([
    '0x80180014',
    '0X80180014',
    '80180014',
    '0x8018 0014',
    '  0x80180014  ',
    '8018 0014',
    '-2145910764',
    '−2145910764', // U+2212 minus sign
    '-2145 910 764',
    '2149056532',
    'Error code: 0x80180014',
    'error 80180014',
    'HRESULT=0x80180014',
    '"0x80180014".',
    '0x80180014\u200B',
  ])('%j → 0x80180014', (input) => {
    expect(known(input).code).toBe('0x80180014')
  })

  it('reads the code out of the device screen text', () => {
    expect(known('0x81039001 E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED').code).toBe('0x81039001')
    expect(known('e_autopilot_client_tpm_max_attestation_retry_exceeded').code).toBe('0x81039001')
    expect(known('801c03f3').code).toBe('0x801C03F3')
    expect(known('0xc1036501').code).toBe('0xC1036501')
    expect(known('ERROR_NOT_SUPPORTED (0x80070032)').code).toBe('0x80070032')
  })

  it('every alias of every HRESULT leads back to its entry', () => {
    for (const entry of hresults) {
      for (const alias of [entry.code ?? '', ...entry.aliases]) {
        const result = explainError(alias)
        expect(result.status === 'known' && result.entry.id, `${alias} → ${entry.id}`).toBe(entry.id)
      }
    }
  })

  it('numbers: event IDs and import codes; short hex is zero-padded', () => {
    expect(known('171').id).toBe('event:171')
    expect(known('event 815').id).toBe('event:815')
    expect(known('808').id).toBe('import:808')
    expect(known('0819').id).toBe('import:819')
    expect(normaliseErrorInput('0x5B4')).toEqual({ kind: 'hresult', code: '0x000005B4', from: 'hex' })
    expect(normaliseErrorInput('12')).toEqual({ kind: 'number', value: '12' })
  })

  it('messages and symbols; ambiguous text lists the alternatives', () => {
    const result = explainError('Something went wrong')
    expect(result.status).toBe('known')
    if (result.status !== 'known') return
    expect(result.matchedBy).toBe('message')
    expect([result.entry, ...result.alternatives].map((entry) => entry.id)).toEqual(
      expect.arrayContaining(['hresult:0x80180018', 'message:something-went-wrong-oobe']),
    )
    expect(known('Another installation is in progress, please try again later.').id).toBe('message:another-installation')
    expect(known('another installation is in progress').id).toBe('message:another-installation')
    expect(known('ZtdDeviceHasNoAssignedProfile').kind).toBe('event')
    expect(known('That username looks like it belongs to another organization. Try signing in again').id).toBe('message:another-organization')
  })

  it('unknown codes are reported honestly, with advice', () => {
    for (const input of ['0x12345678', '12345678', '-1', 'hello there', '999', '0x1234567890']) {
      const result = explainError(input)
      expect(result.status, input).toBe('unknown')
      if (result.status !== 'unknown') continue
      expect(result.message).toMatch(/not in the knowledge base/)
      expect(result.advice).toBe(UNKNOWN_CODE_ADVICE)
    }
    const unknownHex = explainError('0x12345678')
    expect(unknownHex.status === 'unknown' && unknownHex.normalised).toBe('0x12345678')
    expect(UNKNOWN_CODE_ADVICE.join(' ')).toMatch(/Ctrl\+Shift\+D/)
    expect(UNKNOWN_CODE_ADVICE.join(' ')).toMatch(/troubleshooting/i)
  })

  it('undocumented codes say so and give no meaning', () => {
    const result = explainError('80070774')
    expect(result.status).toBe('undocumented')
    if (result.status !== 'undocumented') return
    expect(result.message).toMatch(/no documented meaning/)
    expect(result.mentionedIn).toContain('§10.1')
  })

  it('empty input', () => {
    expect(explainError('').status).toBe('empty')
    expect(explainError('   ').status).toBe('empty')
    expect(explainError('Error code:').status).not.toBe('known')
  })

  it('property: any 32-bit value round-trips through signed decimal, unsigned decimal and bare hex', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (value) => {
        const code = hresultFromNumber(value)
        expect(isCanonicalHresult(code)).toBe(true)
        expect(hresultSigned(code)).toBe(value)
        const fromSigned = normaliseErrorInput(String(value))
        const fromHex = normaliseErrorInput(code.slice(2).toLowerCase())
        expect(fromHex).toEqual({ kind: 'hresult', code, from: 'bare-hex' })
        if (value < 0) expect(fromSigned).toEqual({ kind: 'hresult', code, from: 'signed-decimal' })
        expect(normaliseErrorInput(`0x${code.slice(2, 6)} ${code.slice(6)}`)).toEqual({ kind: 'hresult', code, from: 'hex' })
      }),
    )
  })

  it('property: explainError never throws and always answers one of the four statuses', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (input) => {
        expect(['known', 'undocumented', 'unknown', 'empty']).toContain(explainError(input).status)
      }),
    )
  })
})

describe('suggestCodes', () => {
  const values = (prefix: string, limit?: number): string[] => suggestCodes(prefix, limit).map((s) => s.value)

  it('hex prefixes, with or without 0x, any case, spaces ignored', () => {
    expect(values('8018')).toEqual(expect.arrayContaining(['0x80180014', '0x80180005', '0x80180018']))
    expect(values('0x801c')).toEqual(['0x801C03EA', '0x801C03F3', '0x801C0003'])
    expect(values('0X801C 03F')).toEqual(['0x801C03F3'])
    expect(values('8103')).toEqual(['0x81039001', '0x81039023', '0x81039024'])
    expect(values('0xdead')).toEqual([])
  })

  it('signed decimal prefixes and event/import numbers', () => {
    expect(values('-2147023436')).toEqual(['0x800705B4'])
    expect(values('80', 50)).toEqual(expect.arrayContaining(['807', '808', '809']))
    expect(values('17')).toEqual(expect.arrayContaining(['171', '172']))
  })

  it('names and titles by substring', () => {
    expect(values('ztddevice', 20)).toEqual(expect.arrayContaining(['808', 'ZtdDeviceAlreadyAssigned', '819', 'ZtdDeviceNotFound', '807', '809', '815']))
    expect(values('attestation', 20)).toEqual(expect.arrayContaining(['0x81039001', '0x801C03EA']))
  })

  it('empty prefix lists the HRESULTs, the pre-provisioning ones first; limit applies', () => {
    const list = values('')
    expect(list[0]).toBe('0x80180014')
    expect(list).toHaveLength(8)
    expect(values('', 100)).toHaveLength(hresults.length)
    expect(values('8', 2)).toHaveLength(2)
    expect(suggestCodes('0x80180014')[0]?.label).toMatch(/^0x80180014 — /)
    expect(suggestCodes('171')[0]?.label).toMatch(/^Event 171 — /)
  })
})
