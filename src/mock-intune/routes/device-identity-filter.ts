import { FilterSyntaxError } from '../odata/filter-lexer'
import { parseFilter } from '../odata/filter-parser'

/**
 * The one $filter Autopilot identities accept: contains(serialNumber,'x') (docs/reference/graph-api.md §B2).
 *
 * Returns the lower-cased needle (matching is case-insensitive), or null for anything else —
 * `serialNumber eq 'x'` included — which the route turns into the Intune-style 400. Function and
 * property names are matched case-insensitively (mock choice). The 2023 report of contains() with a
 * hyphenated serial failing is not reproduced.
 */
export function serialContainsNeedle(filter: string): string | null {
  try {
    const node = parseFilter(filter)
    if (node.kind !== 'call' || node.name.toLowerCase() !== 'contains' || node.args.length !== 2) return null
    const [property, literal] = node.args
    if (property?.kind !== 'property' || property.path.toLowerCase() !== 'serialnumber') return null
    if (literal?.kind !== 'literal' || typeof literal.value !== 'string') return null
    return literal.value.toLowerCase()
  } catch (error) {
    if (error instanceof FilterSyntaxError) return null
    throw error
  }
}
