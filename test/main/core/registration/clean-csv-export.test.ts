import { describe, expect, it } from 'vitest'
import { exportCleanCsv } from '@core/registration/clean-csv-export'
import { decodeAnsi } from '@core/registration/hash-csv-values'
import { HEADER, checkFiles, hashFor } from '@support/hash-csv-fixture'

describe('clean CSV export (docs/reference/autopilot.md §5.2)', () => {
  it('writes the exact header, no quotes, ANSI bytes, CRLF; repaired values; re-checking it finds nothing to repair', () => {
    const checked = checkFiles({ 'in.csv': `"device serial number";"Windows Product ID";"Hardware Hash"\n"S1 ";;Q29udG9zbwAAA\n` })
    const { files, skipped } = exportCleanCsv(checked.accepted)
    expect(skipped).toEqual([])
    expect(files).toHaveLength(1)
    expect(decodeAnsi(files[0]!.bytes)).toBe(`${HEADER}\r\nS1,,Q29udG9zbwAAAA==\r\n`)
    const again = checkFiles({ [files[0]!.name]: files[0]!.bytes })
    expect(again.report()).toMatchObject({ rows: 1, valid: 1, errors: [], repaired: [], warnings: [] })
  })

  it('adds Group Tag (and Assigned User after it) only when used; é is one ANSI byte', () => {
    const checked = checkFiles({ 'in.csv': `${HEADER},Assigned User\nS1,,${hashFor('S1')},anna@contoso.com\nS2,,${hashFor('S2')},\n` })
    const text = decodeAnsi(exportCleanCsv(checked.accepted).files[0]!.bytes)
    expect(text.split('\r\n')[0]).toBe(`${HEADER},Group Tag,Assigned User`)
    expect(text.split('\r\n')[1]).toBe(`S1,,${hashFor('S1')},,anna@contoso.com`)
    const tag = checkFiles({ 'in.csv': `${HEADER},Group Tag\nS1,,${hashFor('S1')},Genève\n` })
    const bytes = exportCleanCsv(tag.accepted).files[0]!.bytes
    expect([...bytes].filter((b) => b >= 0x80)).toEqual([0xe8])
  })

  it('splits into files of at most 500 rows', () => {
    const rows = Array.from({ length: 1201 }, (_, i) => ({
      file: 'a.csv',
      line: i + 2,
      serialNumber: `S${i}`,
      productKey: '',
      hardwareHash: hashFor(String(i)),
      groupTag: '',
      assignedUser: '',
    }))
    const { files } = exportCleanCsv(rows)
    expect(files.map((f) => [f.name, f.rows])).toEqual([
      ['autopilot-devices-1-of-3.csv', 500],
      ['autopilot-devices-2-of-3.csv', 500],
      ['autopilot-devices-3-of-3.csv', 201],
    ])
    expect(decodeAnsi(files[2]!.bytes).trimEnd().split('\r\n')).toHaveLength(202)
  })

  it('leaves out a row that ANSI cannot carry, and says why', () => {
    const row = { file: 'a.csv', line: 2, serialNumber: 'S1', productKey: '', hardwareHash: hashFor('S1'), groupTag: '東京', assignedUser: '' }
    const { files, skipped } = exportCleanCsv([row])
    expect(files[0]!.rows).toBe(0)
    expect(skipped).toEqual([{ file: 'a.csv', line: 2, serialNumber: 'S1', reason: expect.stringContaining('ANSI') }])
  })
})
