/**
 * Where a domain fact comes from. Every rule, error explanation and checklist item in
 * src/shared/domain cites a section of `docs/reference/autopilot.md` (the source of
 * truth for issue 7) and the seed article tags that section itself cites (e.g. `002/KI`, `004`).
 */
export interface Citation {
  /** Section(s) of docs/reference/autopilot.md, e.g. `§6.3` or `§3.1, §6.3`. */
  section: string
  /** The source tags docs/reference/autopilot.md gives for the fact, e.g. `002/KI` or `004 › User flow`. */
  sources: readonly string[]
}

export const DOMAIN_REFERENCE = 'docs/reference/autopilot.md'

export const cite = (section: string, ...sources: string[]): Citation => ({ section, sources })

/** `docs/reference/autopilot.md §6.3 [002/TS] [002/KI]`: the form shown next to a rule or an explanation. */
export function formatCitation(citation: Citation): string {
  const tags = citation.sources.map((source) => `[${source}]`).join(' ')
  return tags ? `${DOMAIN_REFERENCE} ${citation.section} ${tags}` : `${DOMAIN_REFERENCE} ${citation.section}`
}
