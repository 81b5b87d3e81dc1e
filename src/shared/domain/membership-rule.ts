/**
 * A small reader for Entra dynamic device group rules — only the shapes Autopilot groups use in
 * docs/reference/autopilot.md §1.1:
 *
 *   (device.devicePhysicalIDs -any (_ -eq "[OrderID]:179887111881"))        group tag
 *   (device.devicePhysicalIDs -any (_ -eq "[PurchaseOrderId]:76222342342")) purchase order
 *   (device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))               every Autopilot device
 *
 * combined with `-and`, `-or`, `-not` and parentheses. Anything else (other properties, other
 * operators) is kept as an "unsupported" clause that evaluates to unknown — never guessed.
 *
 * Three-valued logic (true / false / unknown) so that, e.g., `[OrderID] rule -and <unsupported>`
 * is still certainly false when the group tag doesn't match.
 *
 * Case: the docs' own examples spell the property `devicePhysicalIDs` and `devicePhysicalIds`,
 * and the prefix `[ZTDid]`, `[ZTDId]` and `[ZTDID]` (§1.1), so property names, operators and the
 * bracketed prefixes compare case-insensitively. Whether the value after `:` (the group tag)
 * compares case-insensitively is not documented; we compare it case-insensitively too and say so
 * in the explanation (see profile-assignment.ts).
 */

export type Tri = true | false | null

export type RuleNode =
  | { kind: 'and' | 'or'; left: RuleNode; right: RuleNode }
  | { kind: 'not'; operand: RuleNode }
  | { kind: 'physical-id'; operator: 'eq' | 'startsWith'; value: string }
  | { kind: 'unsupported'; text: string }

export type ParsedRule = { ok: true; rule: RuleNode } | { ok: false; error: string }

type Token = { type: 'lparen' } | { type: 'rparen' } | { type: 'string'; value: string } | { type: 'word'; value: string }

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const char = text[i] ?? ''
    if (/\s/.test(char)) {
      i += 1
    } else if (char === '(') {
      tokens.push({ type: 'lparen' })
      i += 1
    } else if (char === ')') {
      tokens.push({ type: 'rparen' })
      i += 1
    } else if (char === '"' || char === "'" || char === '\u201C' || char === '\u201D') {
      const close = char === '\u201C' ? '\u201D' : char
      let j = i + 1
      let value = ''
      while (j < text.length && text[j] !== close && !(close === '\u201D' && text[j] === '"')) {
        value += text[j]
        j += 1
      }
      if (j >= text.length) return `unterminated string at ${i}`
      tokens.push({ type: 'string', value })
      i = j + 1
    } else if (char === '[') {
      // A list value, e.g. `-in ["Windows","iOS"]`: one token, quotes inside skipped over.
      let j = i + 1
      let quote: string | null = null
      while (j < text.length && (quote !== null || text[j] !== ']')) {
        const c = text[j] ?? ''
        if (quote === null && (c === '"' || c === "'")) quote = c
        else if (quote !== null && c === quote) quote = null
        j += 1
      }
      if (j >= text.length) return `unterminated list at ${i}`
      tokens.push({ type: 'word', value: text.slice(i, j + 1) })
      i = j + 1
    } else {
      let j = i
      while (j < text.length && !/[\s()"'\u201C\u201D]/.test(text[j] ?? '')) j += 1
      tokens.push({ type: 'word', value: text.slice(i, j) })
      i = j
    }
  }
  return tokens
}

const isWord = (token: Token | undefined, word: string): boolean => token?.type === 'word' && token.value.toLowerCase() === word.toLowerCase()

/** Parses a membership rule. Syntax errors (unbalanced parentheses, dangling operators) fail. */
export function parseMembershipRule(text: string): ParsedRule {
  const tokens = tokenize(text)
  if (typeof tokens === 'string') return { ok: false, error: tokens }
  if (tokens.length === 0) return { ok: false, error: 'empty rule' }
  let pos = 0
  const peek = (): Token | undefined => tokens[pos]

  const parseOr = (): RuleNode => {
    let left = parseAnd()
    while (isWord(peek(), '-or')) {
      pos += 1
      left = { kind: 'or', left, right: parseAnd() }
    }
    return left
  }
  const parseAnd = (): RuleNode => {
    let left = parseUnary()
    while (isWord(peek(), '-and')) {
      pos += 1
      left = { kind: 'and', left, right: parseUnary() }
    }
    return left
  }
  const parseUnary = (): RuleNode => {
    const token = peek()
    if (isWord(token, '-not')) {
      pos += 1
      return { kind: 'not', operand: parseUnary() }
    }
    if (token?.type === 'lparen') {
      pos += 1
      const inner = parseOr()
      if (peek()?.type !== 'rparen') throw new Error('missing ")"')
      pos += 1
      return inner
    }
    return parseClause()
  }
  /** `device.devicePhysicalIds -any (_ -eq "…")`, or any other `property -op value` clause. */
  const parseClause = (): RuleNode => {
    const start = pos
    const property = peek()
    if (property?.type !== 'word' || property.value.startsWith('-')) throw new Error(`unexpected ${describe(property)}`)
    pos += 1
    const operator = peek()
    if (operator?.type !== 'word' || !operator.value.startsWith('-')) throw new Error(`expected an operator after ${property.value}`)
    pos += 1
    if (property.value.toLowerCase() === 'device.devicephysicalids' && operator.value.toLowerCase() === '-any') {
      if (peek()?.type !== 'lparen') throw new Error('expected "(" after -any')
      pos += 1
      const underscore = peek()
      const innerOp = tokens[pos + 1]
      const value = tokens[pos + 2]
      const close = tokens[pos + 3]
      if (isWord(underscore, '_') && innerOp?.type === 'word' && value?.type === 'string' && close?.type === 'rparen') {
        pos += 4
        const op = innerOp.value.toLowerCase()
        if (op === '-eq') return { kind: 'physical-id', operator: 'eq', value: value.value }
        if (op === '-startswith') return { kind: 'physical-id', operator: 'startsWith', value: value.value }
        return { kind: 'unsupported', text: `device.devicePhysicalIds -any (_ ${innerOp.value} "${value.value}")` }
      }
      // Some other -any body: skip to its closing parenthesis.
      let depth = 1
      while (pos < tokens.length && depth > 0) {
        const token = tokens[pos]
        if (token?.type === 'lparen') depth += 1
        if (token?.type === 'rparen') depth -= 1
        pos += 1
      }
      if (depth > 0) throw new Error('missing ")"')
      return { kind: 'unsupported', text: render(tokens.slice(start, pos)) }
    }
    // property -op value (value: a string, a word, or a parenthesised list).
    const value = peek()
    if (value?.type === 'string' || (value?.type === 'word' && !value.value.startsWith('-'))) {
      pos += 1
    } else if (value?.type === 'lparen') {
      let depth = 0
      do {
        const token = tokens[pos]
        if (token?.type === 'lparen') depth += 1
        if (token?.type === 'rparen') depth -= 1
        pos += 1
      } while (pos < tokens.length && depth > 0)
      if (depth > 0) throw new Error('missing ")"')
    } else {
      throw new Error(`expected a value after ${operator.value}`)
    }
    return { kind: 'unsupported', text: render(tokens.slice(start, pos)) }
  }

  try {
    const rule = parseOr()
    if (pos < tokens.length) return { ok: false, error: `unexpected ${describe(tokens[pos])}` }
    return { ok: true, rule }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

function describe(token: Token | undefined): string {
  if (!token) return 'end of rule'
  if (token.type === 'lparen') return '"("'
  if (token.type === 'rparen') return '")"'
  return token.type === 'string' ? `"${token.value}"` : token.value
}

function render(tokens: Token[]): string {
  return tokens
    .map((token) => (token.type === 'lparen' ? '(' : token.type === 'rparen' ? ')' : token.type === 'string' ? `"${token.value}"` : token.value))
    .join(' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
}

/**
 * What we know of a device's `devicePhysicalIds` from its Autopilot record: `[OrderID]:<group tag>`
 * (§1.1: the group tag maps to OrderID), `[PurchaseOrderId]:<purchase order>`, and — for any
 * registered Autopilot device — some `[ZTDId]…` entry whose exact value the docs don't give.
 * Other physical IDs a real device carries are unknown to us.
 */
export interface KnownPhysicalIds {
  groupTag: string
  purchaseOrderId: string
  isAutopilotDevice: boolean
}

const KNOWN_PREFIXES = ['[orderid]', '[purchaseorderid]', '[ztdid]'] as const

function physicalIdMatch(node: { operator: 'eq' | 'startsWith'; value: string }, ids: KnownPhysicalIds): Tri {
  const value = node.value.trim().toLowerCase()
  const concrete: string[] = []
  if (ids.groupTag.trim() !== '') concrete.push(`[orderid]:${ids.groupTag.trim().toLowerCase()}`)
  if (ids.purchaseOrderId.trim() !== '') concrete.push(`[purchaseorderid]:${ids.purchaseOrderId.trim().toLowerCase()}`)
  const prefix = KNOWN_PREFIXES.find((known) => value.startsWith(known))

  if (node.operator === 'startsWith') {
    if (concrete.some((id) => id.startsWith(value))) return true
    if (ids.isAutopilotDevice && '[ztdid]'.startsWith(value)) return true
    if (prefix === '[ztdid]') return ids.isAutopilotDevice ? (value === '[ztdid]' ? true : null) : false
    // A prefix shorter than any bracket tag (e.g. "[") or of a tag we don't model: can't tell.
    if (!prefix) return null
    return false
  }
  // -eq
  if (prefix === '[ztdid]') return ids.isAutopilotDevice ? null : false
  if (!prefix) return null
  return concrete.includes(value)
}

export function evaluateRule(rule: RuleNode, ids: KnownPhysicalIds): Tri {
  switch (rule.kind) {
    case 'physical-id':
      return physicalIdMatch(rule, ids)
    case 'unsupported':
      return null
    case 'not': {
      const value = evaluateRule(rule.operand, ids)
      return value === null ? null : !value
    }
    case 'and': {
      const left = evaluateRule(rule.left, ids)
      const right = evaluateRule(rule.right, ids)
      if (left === false || right === false) return false
      return left === true && right === true ? true : null
    }
    case 'or': {
      const left = evaluateRule(rule.left, ids)
      const right = evaluateRule(rule.right, ids)
      if (left === true || right === true) return true
      return left === false && right === false ? false : null
    }
  }
}

/** The physical-ID values a rule mentions, e.g. `[OrderID]:BENCH-LDN` (for "which tag gets this group"). */
export function ruleValues(rule: RuleNode): string[] {
  switch (rule.kind) {
    case 'physical-id':
      return [rule.value]
    case 'unsupported':
      return []
    case 'not':
      return ruleValues(rule.operand)
    case 'and':
    case 'or':
      return [...ruleValues(rule.left), ...ruleValues(rule.right)]
  }
}
