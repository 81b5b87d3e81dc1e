import { describe, expect, it } from 'vitest'
import { fuzzCabReader, fuzzLzx, fuzzMszip } from '@support/cab-fuzz'

/**
 * A bounded fuzz run of each CAB parser on every test run (a few thousand seeded inputs each);
 * `npm run fuzz:cab` runs the same generators with ≥ 100,000 inputs per parser. Every input is either
 * read or refused with the parser's own error; nothing else may escape.
 */
describe('CAB parsers under mutated and random input (bounded fuzz)', () => {
  it.each([
    ['the CAB reader (header, records, limits, every entry read)', () => fuzzCabReader(3_000, 1)],
    ['the MSZIP decoder', () => fuzzMszip(3_000, 2)],
    ['the LZX decoder', () => fuzzLzx(3_000, 3)],
  ])('%s never crashes and always answers', (_name, fuzz) => {
    const report = fuzz()
    expect(report.unexpected).toEqual([])
    expect(report.accepted + report.refused).toBe(report.inputs)
    // Both outcomes occur, so the run is neither all-garbage nor all-untouched.
    expect(report.refused).toBeGreaterThan(0)
    expect(report.accepted).toBeGreaterThan(0)
  })
})
