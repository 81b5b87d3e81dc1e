import { learnPage, type LearnPage, type LearnPageId } from './learn-pages'
export type { LearnPage, LearnPageId } from './learn-pages'

/**
 * Where a domain fact comes from. Every rule, error explanation and checklist item in
 * src/shared/domain carries two things:
 * - `section`: the section(s) of docs/reference/autopilot.md that state the fact, for developers
 *   (e.g. `§6.3` or `§3.1, §6.3`); never shown as a file name to technicians;
 * - `pages`: the public Microsoft Learn page(s) the fact comes from, as ids of the one table in
 *   learn-pages.ts; this is what the UI shows, as links.
 */
export interface Citation {
  /** Section(s) of docs/reference/autopilot.md, e.g. `§6.3` or `§3.1, §6.3`. */
  section: string
  /** Microsoft Learn pages (ids of LEARN_PAGES), most specific first. */
  pages: readonly LearnPageId[]
}

export const cite = (section: string, ...pages: LearnPageId[]): Citation => ({ section, pages })

/** The Learn pages of a citation, in order, without duplicates; ids not in the table are skipped. */
export function citationPages(citation: { pages: readonly string[] }): LearnPage[] {
  const seen = new Set<string>()
  const pages: LearnPage[] = []
  for (const id of citation.pages) {
    const page = learnPage(id)
    if (!page || seen.has(page.url)) continue
    seen.add(page.url)
    pages.push(page)
  }
  return pages
}

/** `Microsoft Learn: Windows Autopilot - known issues; Windows Autopilot troubleshooting FAQ`: the plain-text form. */
export function formatCitation(citation: { pages: readonly string[] }): string {
  const titles = citationPages(citation).map((page) => page.title)
  return titles.length ? `Microsoft Learn: ${titles.join('; ')}` : 'Microsoft Learn'
}

/** Learn links read back from an archive: only well-formed entries pointing at https://learn.microsoft.com/ are kept. */
export function learnLinks(value: unknown): LearnPage[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return []
    const { title, url } = item as Record<string, unknown>
    return typeof title === 'string' && typeof url === 'string' && url.startsWith('https://learn.microsoft.com/') ? [{ title, url }] : []
  })
}
