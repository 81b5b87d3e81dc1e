import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseErrorCodes, parsePayload, normaliseGuid, maxPayloadLength, type DevicePayload } from '@qr/payload/parse-payload'
import { buildLegacyQrPayload, buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { keyboardLayouts, typeThroughLayout, untypeThroughLayout } from '@qr/payload/keyboard-layouts'
import { addBlock, emptyBlockState, blockTimeoutMs, type BlockState } from '@qr/payload/block-assembler'

const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const id = '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11'
const windows = buildWindowsQrPayload({ id, ztdId, serialNumber: 'PF3ABCDE' })

const device = (text: string): DevicePayload => {
  const result = parsePayload(text)
  if (!result.ok) throw new Error(`expected a device, got ${result.error.code}: ${result.error.message}`)
  if (result.value.kind !== 'device') throw new Error(`expected a device, got ${result.value.kind}`)
  return result.value
}
const errorCode = (text: string) => {
  const result = parsePayload(text)
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`)
  expect(result.error.message.length).toBeGreaterThan(10)
  return result.error.code
}

/** Arbitrary lower-case GUIDs (not nil). */
const guid = fc.uuid().filter((value) => value !== '00000000-0000-0000-0000-000000000000')
/** Serial numbers in vendors' alphabet. */
const serial = fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{4,18}[A-Z0-9]$/)
const payloadKeys = ['Version', 'Id', 'ZtdId', 'PKID', 'SerialNumber', 'SequenceBlockNumber', 'TotalBlocks'] as const

describe('the Windows payload', () => {
  it('is exactly what Windows builds: the documented keys in order, compact JSON', () => {
    expect(windows).toBe(
      '{"Version":"1.0.0","Id":"3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11","ZtdId":"e13be37b-1913-4983-9bc4-0d6ccfe0153b","PKID":"","SerialNumber":"PF3ABCDE","SequenceBlockNumber":1,"TotalBlocks":1}',
    )
    expect(device(windows)).toEqual({ kind: 'device', ztdId, serialNumber: 'PF3ABCDE', format: 'windows', layout: null })
  })

  it('round-trips any device id and serial number', () => {
    fc.assert(
      fc.property(guid, guid, serial, (anId, aZtdId, aSerial) => {
        const parsed = device(buildWindowsQrPayload({ id: anId, ztdId: aZtdId, serialNumber: aSerial }))
        expect(parsed.ztdId).toBe(aZtdId)
        expect(parsed.serialNumber).toBe(aSerial)
      }),
    )
  })

  it('reads the keys in any order and any letter case, with any whitespace', () => {
    const casing = fc.array(fc.boolean(), { minLength: 20, maxLength: 20 })
    fc.assert(
      fc.property(fc.shuffledSubarray([...payloadKeys], { minLength: payloadKeys.length }), casing, fc.constantFrom('', ' ', '\n  '), (order, flips, space) => {
        const values: Record<string, unknown> = {
          Version: '1.0.0',
          Id: id,
          ZtdId: ztdId.toUpperCase(),
          PKID: '',
          SerialNumber: 'PF3ABCDE',
          SequenceBlockNumber: 1,
          TotalBlocks: 1,
        }
        const recase = (key: string) => [...key].map((char, index) => (flips[index % flips.length] ? char.toLowerCase() : char.toUpperCase())).join('')
        const body = order.map((key) => `${JSON.stringify(recase(key))}:${space}${JSON.stringify(values[key])}`).join(`,${space}`)
        expect(device(`{${space}${body}${space}}`)).toMatchObject({ ztdId, serialNumber: 'PF3ABCDE' })
      }),
    )
  })

  it('ignores anything before the first { and after the last } (symbology prefixes, CR/LF)', () => {
    const junk = fc.stringMatching(/^[ -z|~]{0,30}$/) // printable ASCII without { and }
    fc.assert(
      fc.property(junk, fc.constantFrom('', '\r\n', '\n', '\t'), (prefix, suffix) => {
        expect(device(`${prefix}${windows}${suffix}`).ztdId).toBe(ztdId)
      }),
    )
    expect(device(`]Q1${windows}\r\n`).ztdId).toBe(ztdId)
  })

  it('ignores Id, which Windows draws afresh for every render', () => {
    fc.assert(
      fc.property(guid, guid, (first, second) => {
        expect(device(buildWindowsQrPayload({ id: first, ztdId, serialNumber: 'X1' }))).toEqual(
          device(buildWindowsQrPayload({ id: second, ztdId, serialNumber: 'X1' })),
        )
      }),
    )
    // An Id that is not even a GUID does not matter either.
    expect(device(windows.replace(id, 'not-a-guid')).ztdId).toBe(ztdId)
  })

  it('accepts a blank or missing serial number (it is cross-checked against the record later)', () => {
    expect(device(windows.replace('"PF3ABCDE"', '""')).serialNumber).toBeNull()
    expect(device(`{"ZtdId":"${ztdId}"}`)).toMatchObject({ ztdId, serialNumber: null })
    expect(device(`{"ZtdId":"${ztdId}","SerialNumber":"  pf3abcde "}`).serialNumber).toBe('pf3abcde')
  })

  it('reads the legacy Data to encode{ "BlockSequence": … } form', () => {
    const legacy = buildLegacyQrPayload({ id, ztdId: ztdId.toUpperCase(), serialNumber: '' })
    expect(legacy.startsWith('Data to encode{ "BlockSequence": {')).toBe(true)
    expect(device(legacy)).toEqual({ kind: 'device', ztdId, serialNumber: null, format: 'legacy', layout: null })
    expect(device(buildLegacyQrPayload({ id, ztdId, serialNumber: 'ABC123' })).serialNumber).toBe('ABC123')
  })
})

describe('GUID validation', () => {
  it('normalises braces and case, and refuses the nil GUID and near-misses', () => {
    expect(normaliseGuid(`{${ztdId.toUpperCase()}}`)).toBe(ztdId)
    expect(normaliseGuid('00000000-0000-0000-0000-000000000000')).toBeNull()
    for (const bad of ['', 'e13be37b19134983', `${ztdId}0`, ztdId.replace('e', 'g'), ztdId.replaceAll('-', ''), ztdId.replace('-', '_')]) {
      expect(normaliseGuid(bad)).toBeNull()
    }
  })

  it('rejects payloads whose ZtdId is not a GUID', () => {
    expect(errorCode('{"ZtdId":"12345"}')).toBe('invalid-ztdid')
    expect(errorCode('{"ZtdId":42}')).toBe('invalid-ztdid')
    expect(errorCode('{"ZtdId":"00000000-0000-0000-0000-000000000000"}')).toBe('invalid-ztdid')
    expect(errorCode('{"ZtdId":{"nested":true}}')).toBe('invalid-ztdid')
    expect(errorCode('{"Version":"1.0.0","PKID":""}')).toBe('missing-ztdid')
    expect(errorCode(`{"ZtdId":"${ztdId}","ztdid":"${id}"}`)).toBe('ambiguous')
  })
})

describe('USB keyboard-wedge scanners and paste', () => {
  it('undoes every known keyboard layout on the Windows payload (braces, quotes, colons, hyphens, y/z, digits)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...keyboardLayouts), guid, guid, serial, (layout, anId, aZtdId, aSerial) => {
        const typed = typeThroughLayout(buildWindowsQrPayload({ id: anId, ztdId: aZtdId, serialNumber: aSerial }), layout)
        const parsed = device(typed)
        expect(parsed.ztdId).toBe(aZtdId)
        expect(parsed.serialNumber).toBe(aSerial)
      }),
      { numRuns: 300 },
    )
  })

  it('undoes the layouts on the legacy form too (dead keys before spaces and vowels)', () => {
    for (const layout of keyboardLayouts) {
      const typed = typeThroughLayout(buildLegacyQrPayload({ id, ztdId, serialNumber: 'SN-YZ-1' }), layout)
      expect(device(typed), layout.id).toMatchObject({ ztdId, serialNumber: 'SN-YZ-1' })
    }
  })

  it('shows what German and French layouts do, and reads them back', () => {
    const german = typeThroughLayout(
      windows,
      keyboardLayouts.find((l) => l.id === 'de')!,
    )
    expect(german.startsWith('ÜÄVersionÄÖÄ1.0.0Ä,ÄIdÄÖÄ3f0c6f5eß9d1a')).toBe(true)
    expect(german).toContain('ÄYtdIdÄ')
    expect(device(german)).toMatchObject({ ztdId, layout: 'de' })
    const french = typeThroughLayout(
      windows,
      keyboardLayouts.find((l) => l.id === 'fr')!,
    )
    expect(french.startsWith('¨%Version%M%&:à:à%;%Id%M%')).toBe(true) // { " : 1 . 0 , typed on AZERTY
    expect(french).toContain('%WtdId%') // Z and W swap places
    expect(device(french)).toMatchObject({ ztdId, serialNumber: 'PF3ABCDE', layout: 'fr' })
  })

  it('reads a bare ZtdId, typed or pasted, through any layout', () => {
    expect(device(ztdId)).toMatchObject({ ztdId, format: 'guid' })
    expect(device(` {${ztdId.toUpperCase()}}\r\n`)).toMatchObject({ ztdId, format: 'guid' })
    fc.assert(
      fc.property(fc.constantFrom(...keyboardLayouts), guid, (layout, aZtdId) => {
        expect(device(typeThroughLayout(aZtdId, layout)).ztdId).toBe(aZtdId)
      }),
    )
  })

  it('salvages the ZtdId from a payload typed through a layout it does not know', () => {
    const unknown = windows.replaceAll('-', '~').replaceAll('"', "'").replaceAll('{', '(').replaceAll('}', ')').replace('ZtdId', 'ZtdID')
    expect(device(unknown)).toMatchObject({ ztdId, layout: 'unknown' })
  })

  it('picks the ZtdId out of a cut-off payload and says it was partial, not a keyboard layout', () => {
    // Pasted without its opening brace: the hyphens are hyphens, so no layout mangled it.
    const fragment = `"ZtdId":"${ztdId}","PKID":"","SerialNumber":"010300119182","SequenceBlockNumber":1,"TotalBlocks":1}`
    expect(device(fragment)).toEqual({ kind: 'device', ztdId, serialNumber: '010300119182', format: 'windows', layout: null, partial: true })
  })

  it('treats anything else serial-shaped as a serial number, with layout-repaired alternatives', () => {
    const parsed = parsePayload('PF3ABCDE')
    expect(parsed).toEqual({ ok: true, value: { kind: 'serial', serialNumber: 'PF3ABCDE', alternatives: [] } })
    const german = parsePayload('5CG1234XYZ'.replace('Y', 'Z').replace('Z', 'Y'))
    expect(german.ok && german.value.kind === 'serial').toBe(true)
    const typedOnGerman = typeThroughLayout(
      '5CG1234XYZ',
      keyboardLayouts.find((l) => l.id === 'de')!,
    )
    const result = parsePayload(typedOnGerman)
    expect(result.ok && result.value.kind === 'serial' && result.value.alternatives).toContain('5CG1234XYZ')
    const typedOnFrench = typeThroughLayout(
      'PF3ABCDE',
      keyboardLayouts.find((l) => l.id === 'fr')!,
    )
    expect(typedOnFrench).toBe('PF"QBCDE')
    expect(parsePayload(typedOnFrench)).toEqual({ ok: true, value: { kind: 'serial', serialNumber: 'PF3ABCDE', alternatives: [] } })
    expect(parsePayload('0012-3456-7890-1234-5678-9012-34')).toMatchObject({ ok: true, value: { kind: 'serial' } })
  })

  it('typing through a layout and undoing it is the identity on the payload alphabet', () => {
    const alphabet = fc.stringMatching(/^[A-Za-z0-9{}":,.\- ]{0,60}$/)
    fc.assert(
      fc.property(fc.constantFrom(...keyboardLayouts), alphabet, (layout, text) => {
        const back = untypeThroughLayout(typeThroughLayout(text, layout), layout)
        // Dead keys swallow the space after them (`{ ` → `¨`); JSON does not care.
        expect(back.replaceAll(' ', '')).toBe(text.replaceAll(' ', ''))
      }),
      { numRuns: 500 },
    )
  })
})

describe('multi-block payloads', () => {
  const block = (sequence: number, total: number, fields: Record<string, unknown> = {}) =>
    JSON.stringify({ Version: '1.0.0', Id: id, PKID: '', SequenceBlockNumber: sequence, TotalBlocks: total, ...fields })

  it('buffers blocks by SequenceBlockNumber in any order until all are in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.nat(), (total, seed) => {
        const order = Array.from({ length: total }, (_, i) => i + 1).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13))
        let state: BlockState = emptyBlockState
        for (const [index, sequence] of order.entries()) {
          const parsed = parsePayload(block(sequence, total, sequence === total ? { ZtdId: ztdId, SerialNumber: 'SN1' } : {}))
          if (!parsed.ok || parsed.value.kind !== 'block') throw new Error('expected a block')
          const outcome = addBlock(state, parsed.value, 1000 + index)
          if (index < total - 1) {
            expect(outcome).toMatchObject({ status: 'waiting', received: index + 1, total })
            state = outcome.state
          } else {
            expect(outcome).toMatchObject({ status: 'complete', payload: { ztdId, serialNumber: 'SN1' } })
          }
        }
      }),
    )
  })

  it('starts over for another render, after a timeout, and refuses blocks naming different devices', () => {
    const first = parsePayload(block(1, 2, { ZtdId: ztdId }))
    const other = parsePayload(block(2, 2, { ZtdId: id, Id: 'other-render' }))
    if (!first.ok || first.value.kind !== 'block' || !other.ok || other.value.kind !== 'block') throw new Error('blocks expected')
    const waiting = addBlock(emptyBlockState, first.value, 0)
    expect(addBlock(waiting.state, other.value, 10)).toMatchObject({ status: 'waiting', received: 1 })
    expect(addBlock(waiting.state, { ...first.value, sequence: 2 }, blockTimeoutMs + 1)).toMatchObject({ status: 'waiting', received: 1 })
    const conflicting = { ...first.value, sequence: 2, ztdId: id }
    expect(addBlock(waiting.state, conflicting, 10)).toMatchObject({ status: 'error' })
    expect(errorCode(block(3, 2, { ZtdId: ztdId }))).toBe('invalid-blocks')
    expect(errorCode(block(1, 99, { ZtdId: ztdId }))).toBe('invalid-blocks')
    expect(errorCode(block(0, 1, { ZtdId: ztdId }))).toBe('invalid-blocks')
  })
})

describe('bad input: a clear message, no crash, no hang', () => {
  it('refuses other kinds of QR codes', () => {
    expect(errorCode('https://contoso.com/device?id=1')).toBe('url')
    expect(errorCode('HTTP://EXAMPLE.COM')).toBe('url')
    expect(errorCode('www.example.com')).toBe('url')
    expect(errorCode('WIFI:T:WPA;S:Bench;P:secret;;')).toBe('wifi')
    expect(errorCode('BEGIN:VCARD\nVERSION:3.0\nEND:VCARD')).toBe('other-code')
    expect(errorCode('mailto:it@contoso.com')).toBe('other-code')
    expect(errorCode('{"ssid":"Bench"}')).toBe('missing-ztdid')
    expect(errorCode('[1,2,3]')).toBe('unrecognised')
  })

  it('refuses huge, deeply nested, binary and control-character payloads quickly', () => {
    const started = performance.now()
    expect(errorCode('x'.repeat(maxPayloadLength + 1))).toBe('too-long')
    expect(errorCode('{'.repeat(10_000_000))).toBe('too-long')
    expect(errorCode(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`)).toBe('too-deep')
    expect(errorCode(`{"ZtdId":"${ztdId}","x":${'['.repeat(50)}${']'.repeat(50)}}`)).toBe('too-deep')
    expect(errorCode(`{"ZtdId":"${ztdId}","SerialNumber":"\uFFFD\uFFFD"}`)).toBe('not-text')
    expect(errorCode('PF3\uD800ABC')).toBe('not-text')
    expect(errorCode(`{"ZtdId":"${ztdId}"}\u0000`)).toBe('control-characters')
    expect(errorCode('PF3\u0007ABC')).toBe('control-characters')
    expect(errorCode('   \r\n')).toBe('empty')
    expect(errorCode('{"ZtdId": "e13be37b-1913-4983-9bc4-0d6c')).toBe('invalid-json')
    // Cut after a complete id: the id itself is whole, so it is used.
    expect(device('{"ZtdId": "e13be37b-1913-4983-9bc4-0d6ccfe0153b"').ztdId).toBe(ztdId)
    expect(errorCode('not a serial!')).toBe('unrecognised')
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('is total: any string gives a result or a known error code, in bounded time', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.json({ maxDepth: 12 }),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
        ),
        (text) => {
          const started = performance.now()
          const result = parsePayload(text)
          expect(performance.now() - started).toBeLessThan(250)
          if (!result.ok) {
            expect(parseErrorCodes).toContain(result.error.code)
            expect(result.error.message).not.toBe('')
          } else if (result.value.kind === 'device') {
            expect(normaliseGuid(result.value.ztdId)).toBe(result.value.ztdId)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('does not mistake mutated payloads for another device: a result is the original id or an error', () => {
    fc.assert(
      fc.property(fc.nat({ max: windows.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (position, char) => {
        const mutated = windows.slice(0, position) + char + windows.slice(position + 1)
        const result = parsePayload(mutated)
        if (result.ok && result.value.kind === 'device') {
          const inZtd = position >= windows.indexOf(ztdId) && position < windows.indexOf(ztdId) + ztdId.length
          if (!inZtd) expect(result.value.ztdId).toBe(ztdId)
        }
      }),
      { numRuns: 1000 },
    )
  })
})
