import { describe, expect, it } from 'vitest'
import { FilterSyntaxError } from '@mock-intune/odata/filter-lexer'
import { parseFilter } from '@mock-intune/odata/filter-parser'
import { readSystemQuery, readTop } from '@mock-intune/odata/query-options'
import { serialContainsNeedle } from '@mock-intune/routes/device-identity-filter'

describe('parseFilter', () => {
  it('parses calls, comparisons, boolean operators with precedence, and escaped quotes', () => {
    expect(parseFilter("contains(serialNumber,'O''Brien')")).toEqual({
      kind: 'call',
      name: 'contains',
      args: [
        { kind: 'property', path: 'serialNumber' },
        { kind: 'literal', value: "O'Brien" },
      ],
    })
    expect(parseFilter("a eq 'x' or b eq 1 and not c")).toEqual({
      kind: 'or',
      left: { kind: 'compare', operator: 'eq', left: { kind: 'property', path: 'a' }, right: { kind: 'literal', value: 'x' } },
      right: {
        kind: 'and',
        left: { kind: 'compare', operator: 'eq', left: { kind: 'property', path: 'b' }, right: { kind: 'literal', value: 1 } },
        right: { kind: 'not', operand: { kind: 'property', path: 'c' } },
      },
    })
    expect(parseFilter('(x ge -1.5e3) and y ne null and z eq true').kind).toBe('and')
  })

  it.each(['', '   ', "'open", 'f(', 'a eq', 'a b', ')', 'f(,)', '$x', '('.repeat(40) + 'x' + ')'.repeat(40)])('throws FilterSyntaxError for %j', (text) => {
    expect(() => parseFilter(text)).toThrow(FilterSyntaxError)
  })
})

describe('serialContainsNeedle', () => {
  it('accepts only contains(serialNumber, string) and lower-cases the needle', () => {
    expect(serialContainsNeedle("contains(serialNumber,'PF3A')")).toBe('pf3a')
    expect(serialContainsNeedle("contains(serialNumber,'')")).toBe('')
    expect(serialContainsNeedle("serialNumber eq 'PF3A'")).toBeNull()
    expect(serialContainsNeedle("contains('PF3A',serialNumber)")).toBeNull()
    expect(serialContainsNeedle("contains(serialNumber,'a','b')")).toBeNull()
    expect(serialContainsNeedle('contains(serialNumber,null)')).toBeNull()
  })
})

describe('system query options', () => {
  const pair = (name: string, value: string) => ({ name, value, raw: `${name}=${value}` })

  it('is case-insensitive, $-optional on beta only, and strict about repeats and unknown $ options', () => {
    expect(readSystemQuery([pair('$TOP', '5'), pair('filter', 'x')], 'beta')).toEqual({ top: '5', filter: 'x' })
    expect(readSystemQuery([pair('filter', 'x')], 'v1.0')).toEqual({})
    expect(() => readSystemQuery([pair('$top', '1'), pair('top', '2')], 'beta')).toThrow(/more than once/)
    expect(() => readSystemQuery([pair('$nope', '1')], 'beta')).toThrow(/not supported/)
  })

  it('reads $top as a positive integer, clamped to the page size', () => {
    expect(readTop(undefined, 1000)).toBeUndefined()
    expect(readTop('5', 1000)).toBe(5)
    expect(readTop('99999999999999999999', 1000)).toBe(1000)
    expect(() => readTop('0', 1000)).toThrow()
  })
})
