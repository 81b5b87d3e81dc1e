/**
 * Entra dynamic device-group rules on devicePhysicalIds, the only kind Autopilot targeting uses
 * (docs/reference/autopilot.md §1.1):
 *
 *   (device.devicePhysicalIDs -any (_ -eq "[OrderID]:179887111881"))
 *   (device.devicePhysicalIDs -any (_ -eq "[PurchaseOrderId]:76222342342"))
 *   (device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))
 *
 * Clauses may be joined with -or / -and and parenthesised. Comparisons are case-insensitive, as
 * Entra's are. Anything else is refused when the group is created (mock choice: the mock does not
 * evaluate rules on other device properties).
 */
export interface RuleClause {
  operator: 'eq' | 'startswith' | 'contains'
  /** Lower-cased. */
  value: string
}

export type CompiledRule = { kind: 'clause'; clause: RuleClause } | { kind: 'and' | 'or'; left: CompiledRule; right: CompiledRule }

export class MembershipRuleError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MembershipRuleError'
  }
}

const TOKEN = /\s*(\(|\)|-or\b|-and\b|device\.devicephysicalids\s+-any\s*\(\s*_\s+-(eq|startswith|contains)\s+"([^"]*)"\s*\))/iy

export function compileMembershipRule(text: string): CompiledRule {
  if (text.length > 3072) throw new MembershipRuleError('The membership rule is longer than 3072 characters.')
  const tokens: Array<{ kind: '(' | ')' | 'or' | 'and' } | { kind: 'clause'; clause: RuleClause }> = []
  let at = 0
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break
    TOKEN.lastIndex = at
    const match = TOKEN.exec(text)
    if (!match)
      throw new MembershipRuleError(
        `Unsupported membership rule syntax at position ${at}: only device.devicePhysicalIds -any (_ -eq|-startsWith|-contains "…") clauses are evaluated.`,
      )
    const word = (match[1] ?? '').toLowerCase()
    if (word === '(' || word === ')') tokens.push({ kind: word })
    else if (word === '-or' || word === '-and') tokens.push({ kind: word.slice(1) as 'or' | 'and' })
    else
      tokens.push({ kind: 'clause', clause: { operator: (match[2] ?? 'eq').toLowerCase() as RuleClause['operator'], value: (match[3] ?? '').toLowerCase() } })
    at = TOKEN.lastIndex
  }
  let position = 0
  const primary = (): CompiledRule => {
    const token = tokens[position++]
    if (token?.kind === 'clause') return { kind: 'clause', clause: token.clause }
    if (token?.kind === '(') {
      const inner = expression()
      if (tokens[position++]?.kind !== ')') throw new MembershipRuleError('Unbalanced parentheses in the membership rule.')
      return inner
    }
    throw new MembershipRuleError('The membership rule is incomplete.')
  }
  const expression = (): CompiledRule => {
    let left = primary()
    for (let next = tokens[position]; next?.kind === 'or' || next?.kind === 'and'; next = tokens[position]) {
      position++
      left = { kind: next.kind, left, right: primary() }
    }
    return left
  }
  const rule = expression()
  if (position !== tokens.length) throw new MembershipRuleError('Unexpected text after the end of the membership rule.')
  return rule
}

function clauseMatches(clause: RuleClause, lowerIds: readonly string[]): boolean {
  const value = clause.value
  for (const id of lowerIds) {
    if (clause.operator === 'eq' ? id === value : clause.operator === 'startswith' ? id.startsWith(value) : id.includes(value)) return true
  }
  return false
}

/** `physicalIds` must be lower-cased (values in a compiled rule are). */
export function ruleMatches(rule: CompiledRule, physicalIds: readonly string[]): boolean {
  if (rule.kind === 'clause') return clauseMatches(rule.clause, physicalIds)
  return rule.kind === 'and'
    ? ruleMatches(rule.left, physicalIds) && ruleMatches(rule.right, physicalIds)
    : ruleMatches(rule.left, physicalIds) || ruleMatches(rule.right, physicalIds)
}

/** Physical ids Entra holds for an Autopilot device (the values the documented rules test). */
export function physicalIdsFor(facts: { ztdId: string; groupTag: string; purchaseOrder: string }): string[] {
  const ids = [`[ZTDId]:${facts.ztdId}`]
  if (facts.groupTag !== '') ids.push(`[OrderID]:${facts.groupTag}`)
  if (facts.purchaseOrder !== '') ids.push(`[PurchaseOrderId]:${facts.purchaseOrder}`)
  return ids
}
