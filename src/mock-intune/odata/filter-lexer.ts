/**
 * Tokens of an OData $filter expression. Only the lexical level: keywords such as `and` or `eq`
 * come out as identifiers and the parser gives them meaning.
 */
export type FilterToken =
  | { kind: 'open' | 'close' | 'comma' | 'colon'; at: number }
  | { kind: 'datetime'; value: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'identifier'; value: string; at: number }

export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FilterSyntaxError'
  }
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_./]*/y
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y
/** Unquoted DateTimeOffset literals, e.g. 2025-03-04T09:00:00Z (OData ABNF). */
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/y

/** Reads a quoted literal starting at `start` (a quote); '' inside is an escaped quote, as OData says. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text.charAt(i)
    if (ch === "'") {
      if (text.charAt(i + 1) !== "'") return { value, end: i + 1 }
      value += "'"
      i += 2
    } else {
      value += ch
      i++
    }
  }
  throw new FilterSyntaxError(`Unterminated string literal at position ${start}.`)
}

function stickyMatch(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at
  return pattern.exec(text)?.[0]
}

export function tokenize(text: string): FilterToken[] {
  const tokens: FilterToken[] = []
  let i = 0
  while (i < text.length) {
    const ch = text.charAt(i)
    if (/\s/.test(ch)) {
      i++
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === ':') {
      tokens.push({ kind: ch === '(' ? 'open' : ch === ')' ? 'close' : ch === ',' ? 'comma' : 'colon', at: i })
      i++
    } else if (ch === "'") {
      const { value, end } = readString(text, i)
      tokens.push({ kind: 'string', value, at: i })
      i = end
    } else if (/\d/.test(ch) && stickyMatch(DATETIME, text, i) !== undefined) {
      const value = stickyMatch(DATETIME, text, i) ?? ''
      tokens.push({ kind: 'datetime', value, at: i })
      i += value.length
    } else {
      NUMBER.lastIndex = i
      IDENTIFIER.lastIndex = i
      const number = /[-\d]/.test(ch) ? NUMBER.exec(text) : null
      const identifier = number ? null : IDENTIFIER.exec(text)
      if (number) tokens.push({ kind: 'number', value: Number(number[0]), at: i })
      else if (identifier) tokens.push({ kind: 'identifier', value: identifier[0], at: i })
      else throw new FilterSyntaxError(`Syntax error: character '${ch}' is not valid at position ${i}.`)
      i += (number ?? identifier)?.[0].length ?? 1
    }
  }
  return tokens
}
