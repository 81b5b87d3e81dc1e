import { FilterSyntaxError, tokenize, type FilterToken } from './filter-lexer'

/**
 * A small OData $filter parser (or/and/not, comparisons, function calls, literals, properties).
 *
 * It accepts more than any one endpoint supports on purpose: each route inspects the tree and
 * rejects what the real service rejects (e.g. Autopilot identities refuse `eq`), so "unsupported"
 * and "unparseable" stay distinguishable and future endpoints (users, devices) reuse the parser.
 */
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; operator: ComparisonOperator; left: FilterNode; right: FilterNode }
  | { kind: 'call'; name: string; args: FilterNode[] }
  /** `collection/any(v: body)` (or all). */
  | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: string; variable: string; body: FilterNode }
  | { kind: 'property'; path: string }
  | { kind: 'literal'; value: string | number | boolean | null; datetime?: true }

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])
/** Deeply nested input must fail as a syntax error, not blow the stack. */
const MAX_DEPTH = 32

class Parser {
  private position = 0
  private depth = 0

  constructor(private readonly tokens: FilterToken[]) {}

  parse(): FilterNode {
    const node = this.or()
    const extra = this.tokens[this.position]
    if (extra) throw new FilterSyntaxError(`Syntax error at position ${extra.at}.`)
    return node
  }

  private or(): FilterNode {
    let left = this.and()
    while (this.keyword('or')) left = { kind: 'or', left, right: this.and() }
    return left
  }

  private and(): FilterNode {
    let left = this.unary()
    while (this.keyword('and')) left = { kind: 'and', left, right: this.unary() }
    return left
  }

  private unary(): FilterNode {
    if (this.keyword('not')) return this.nested(() => ({ kind: 'not', operand: this.unary() }))
    const left = this.primary()
    const next = this.tokens[this.position]
    if (next?.kind === 'identifier' && COMPARISONS.has(next.value.toLowerCase())) {
      this.position++
      return { kind: 'compare', operator: next.value.toLowerCase() as ComparisonOperator, left, right: this.primary() }
    }
    return left
  }

  private nested(build: () => FilterNode): FilterNode {
    if (++this.depth > MAX_DEPTH) throw new FilterSyntaxError('The $filter expression is nested too deeply.')
    try {
      return build()
    } finally {
      this.depth--
    }
  }

  private primary(): FilterNode {
    return this.nested(() => {
      const token = this.tokens[this.position++]
      if (!token) throw new FilterSyntaxError('Unexpected end of $filter expression.')
      if (token.kind === 'string' || token.kind === 'number') return { kind: 'literal', value: token.value }
      if (token.kind === 'datetime') return { kind: 'literal', value: token.value, datetime: true }
      if (token.kind === 'open') {
        const inner = this.or()
        this.expect('close')
        return inner
      }
      if (token.kind !== 'identifier') throw new FilterSyntaxError(`Syntax error at position ${token.at}.`)
      const word = token.value.toLowerCase()
      if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' }
      if (word === 'null') return { kind: 'literal', value: null }
      if (this.tokens[this.position]?.kind !== 'open') return { kind: 'property', path: token.value }
      this.position++
      const lambda = /^(.+)\/(any|all)$/i.exec(token.value)
      if (lambda) {
        const variable = this.tokens[this.position]
        if (variable?.kind !== 'identifier' || this.tokens[this.position + 1]?.kind !== 'colon')
          throw new FilterSyntaxError(`Expected 'variable:' after ${token.value}( at position ${token.at}.`)
        this.position += 2
        const body = this.or()
        this.expect('close')
        return { kind: 'lambda', quantifier: (lambda[2] ?? 'any').toLowerCase() as 'any' | 'all', collection: lambda[1] ?? '', variable: variable.value, body }
      }
      const args: FilterNode[] = []
      if (this.tokens[this.position]?.kind !== 'close') {
        do args.push(this.or())
        while (this.accept('comma'))
      }
      this.expect('close')
      return { kind: 'call', name: token.value, args }
    })
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.position]
    if (token?.kind !== 'identifier' || token.value.toLowerCase() !== word) return false
    this.position++
    return true
  }

  private accept(kind: 'comma' | 'close'): boolean {
    if (this.tokens[this.position]?.kind !== kind) return false
    this.position++
    return true
  }

  private expect(kind: 'close'): void {
    if (!this.accept(kind)) throw new FilterSyntaxError(`Expected ')' in $filter expression.`)
  }
}

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text)
  if (tokens.length === 0) throw new FilterSyntaxError('The $filter expression is empty.')
  return new Parser(tokens).parse()
}
