import { FilterSyntaxError } from './filter-lexer'
import { parseFilter, type ComparisonOperator, type FilterNode } from './filter-parser'

/**
 * Evaluates an OData $filter against plain objects, for resources whose filters the mock supports
 * more generally than Autopilot identities (users, Entra devices, groups, managed devices, report
 * rows). Each resource declares which properties, functions and operators it accepts; anything else
 * is `UnsupportedFilterError`, which the route turns into that service's 400.
 *
 * String comparisons are case-insensitive (mock choice: the directory and Intune both compare
 * case-insensitively in practice). Date-times compare as instants.
 */
export type PropertyType = 'string' | 'datetime' | 'number' | 'boolean' | 'stringCollection'

export interface FilterSchema {
  properties: Readonly<Record<string, PropertyType>>
  functions: ReadonlySet<string>
  operators: ReadonlySet<ComparisonOperator | 'and' | 'or' | 'not'>
  /** Allow `collection/any(x: …)` on stringCollection properties. */
  lambdas?: boolean
  /** A type-cast prefix allowed before property names, e.g. `microsoft.graph.DeviceManagementAutopilotEvent/`. */
  castPrefix?: string
}

export class UnsupportedFilterError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsupportedFilterError'
  }
}

type Value = string | number | boolean | null | readonly string[] | undefined
export type Predicate = (item: Readonly<Record<string, unknown>>) => boolean

interface Scope {
  variable?: string
  value?: string
}

/** Also returns simple equality hints (`prop eq 'x'` at the top level, possibly and-ed) for fast lookups. */
export interface CompiledFilter {
  test: Predicate
  equals: ReadonlyMap<string, string>
}

export function compileFilter(text: string, schema: FilterSchema): CompiledFilter {
  let root: FilterNode
  try {
    root = parseFilter(text)
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new UnsupportedFilterError(`Invalid filter clause: ${error.message}`)
    throw error
  }
  const propertyName = (path: string): string => {
    let name = path
    if (schema.castPrefix && name.toLowerCase().startsWith(schema.castPrefix.toLowerCase())) name = name.slice(schema.castPrefix.length)
    const found = Object.keys(schema.properties).find((p) => p.toLowerCase() === name.toLowerCase())
    if (found === undefined) throw new UnsupportedFilterError(`Filtering on property '${path}' is not supported.`)
    return found
  }

  const compile = (node: FilterNode, scope: Scope): ((item: Readonly<Record<string, unknown>>, s: Scope) => Value) => {
    switch (node.kind) {
      case 'literal':
        return () => node.value
      case 'property': {
        if (scope.variable !== undefined && node.path === scope.variable) return (_, s) => s.value
        const name = propertyName(node.path)
        return (item) => item[name] as Value
      }
      case 'and':
      case 'or': {
        if (!schema.operators.has(node.kind)) throw new UnsupportedFilterError(`The '${node.kind}' operator is not supported here.`)
        const left = compile(node.left, scope)
        const right = compile(node.right, scope)
        return node.kind === 'and'
          ? (item, s) => left(item, s) === true && right(item, s) === true
          : (item, s) => left(item, s) === true || right(item, s) === true
      }
      case 'not': {
        if (!schema.operators.has('not')) throw new UnsupportedFilterError(`The 'not' operator is not supported here.`)
        const operand = compile(node.operand, scope)
        return (item, s) => operand(item, s) !== true
      }
      case 'compare': {
        if (!schema.operators.has(node.operator)) throw new UnsupportedFilterError(`The '${node.operator}' operator is not supported here.`)
        const left = compile(node.left, scope)
        const right = compile(node.right, scope)
        const datetime = isDatetimeProperty(node.left) || isDatetimeProperty(node.right)
        return (item, s) => compare(node.operator, left(item, s), right(item, s), datetime)
      }
      case 'call': {
        const name = node.name.toLowerCase()
        if (!schema.functions.has(name) || node.args.length !== 2) throw new UnsupportedFilterError(`The function '${node.name}' is not supported here.`)
        const [a, b] = node.args.map((arg) => compile(arg, scope))
        if (!a || !b) throw new UnsupportedFilterError(`The function '${node.name}' needs two arguments.`)
        return (item, s) => {
          const x = a(item, s)
          const y = b(item, s)
          if (typeof x !== 'string' || typeof y !== 'string') return false
          const hay = x.toLowerCase()
          const needle = y.toLowerCase()
          return name === 'startswith' ? hay.startsWith(needle) : name === 'endswith' ? hay.endsWith(needle) : hay.includes(needle)
        }
      }
      case 'lambda': {
        if (!schema.lambdas) throw new UnsupportedFilterError('Lambda operators (any/all) are not supported here.')
        const collection = propertyName(node.collection)
        if (schema.properties[collection] !== 'stringCollection') throw new UnsupportedFilterError(`'${node.collection}' is not a collection.`)
        const body = compile(node.body, { variable: node.variable })
        return (item) => {
          const values = (item[collection] as readonly string[] | undefined) ?? []
          return node.quantifier === 'any'
            ? values.some((v) => body(item, { variable: node.variable, value: v }) === true)
            : values.every((v) => body(item, { variable: node.variable, value: v }) === true)
        }
      }
    }
  }

  const isDatetimeProperty = (node: FilterNode): boolean => {
    if (node.kind === 'literal') return node.datetime === true
    if (node.kind !== 'property') return false
    try {
      return schema.properties[propertyName(node.path)] === 'datetime'
    } catch {
      return false
    }
  }

  const evaluate = compile(root, {})
  const equals = new Map<string, string>()
  const collect = (node: FilterNode) => {
    if (node.kind === 'and') {
      collect(node.left)
      collect(node.right)
    } else if (
      node.kind === 'compare' &&
      node.operator === 'eq' &&
      node.left.kind === 'property' &&
      node.right.kind === 'literal' &&
      typeof node.right.value === 'string'
    ) {
      equals.set(propertyName(node.left.path), node.right.value)
    }
  }
  collect(root)
  return { test: (item) => evaluate(item, {}) === true, equals }
}

function compare(operator: ComparisonOperator, a: Value, b: Value, datetime: boolean): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return false
  if (datetime && typeof a === 'string' && typeof b === 'string') return order(operator, Date.parse(a), Date.parse(b))
  if (typeof a === 'string' && typeof b === 'string') return order(operator, a.toLowerCase(), b.toLowerCase())
  if (operator === 'eq') return a === b
  if (operator === 'ne') return a !== b
  if (typeof a === 'number' && typeof b === 'number') return order(operator, a, b)
  return false
}

function order<T extends number | string>(operator: ComparisonOperator, a: T, b: T): boolean {
  switch (operator) {
    case 'eq':
      return a === b
    case 'ne':
      return a !== b
    case 'gt':
      return a > b
    case 'ge':
      return a >= b
    case 'lt':
      return a < b
    case 'le':
      return a <= b
  }
}
