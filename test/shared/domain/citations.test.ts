import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { citationPages, formatCitation, type Citation } from '@shared/domain/citation'
import { ERROR_KNOWLEDGE } from '@shared/domain/error-knowledge'
import { REFRESH_REMINDER } from '@shared/domain/readiness'
import { RESEAL_CHECKLIST } from '@shared/domain/attempt'
import { DEVICE_NAME_CITATION, HYBRID_NAME_CITATION } from '@shared/domain/device-name'
import { PROFILE_ASSIGNMENT_CITATION } from '@shared/domain/profile-assignment'
import { isLearnPageId, LEARN_PAGE_IDS, LEARN_PAGES } from '@shared/domain/learn-pages'
import { toSafeExternalUrl } from '@core/security/external-url'
import { citedSections, readDomainDoc, readReference, REPO_ROOT, sectionExists } from '@support/domain-doc'

const doc = readDomainDoc()
const domainDir = path.join(REPO_ROOT, 'src/shared/domain')

/** Every `cite('§…', 'page', …)` call in src/shared/domain, read from the source (so rules built inside functions count too). */
function citeCallsInSource(): { file: string; section: string; pages: string[] }[] {
  const calls: { file: string; section: string; pages: string[] }[] = []
  for (const file of readdirSync(domainDir).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(path.join(domainDir, file), 'utf8')
    for (const match of text.matchAll(/\bcite\(([^)]*)\)/g)) {
      const args = [...(match[1] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '')
      if (args.length === 0) continue // the definition `cite = (section: string, …)`
      calls.push({ file, section: args[0] ?? '', pages: args.slice(1) })
    }
  }
  return calls
}

const runtimeCitations: [string, Citation][] = [
  ...ERROR_KNOWLEDGE.map((entry) => [entry.id, entry.citation] as [string, Citation]),
  ...RESEAL_CHECKLIST.map((item) => [`reseal:${item.id}`, item.citation] as [string, Citation]),
  ['refresh-reminder', REFRESH_REMINDER.citation],
  ['device-name', DEVICE_NAME_CITATION],
  ['hybrid-name', HYBRID_NAME_CITATION],
  ['profile-assignment', PROFILE_ASSIGNMENT_CITATION],
]

describe('the Learn page table', () => {
  it.each(LEARN_PAGE_IDS)('%s has a title and an https://learn.microsoft.com URL the shell will open', (id) => {
    const page = LEARN_PAGES[id]
    expect(page.title.length).toBeGreaterThan(5)
    expect(page.title).not.toMatch(/\.md\b|\b00[0-4]\//)
    expect(page.url).toMatch(/^https:\/\/learn\.microsoft\.com\/[a-z]/)
    // target=_blank links go through the window-open handler, which only opens what this accepts.
    expect(toSafeExternalUrl(page.url)).toBe(page.url)
  })

  it('titles and URLs are unique', () => {
    const pages = Object.values(LEARN_PAGES)
    expect(new Set(pages.map((page) => page.url)).size).toBe(pages.length)
    expect(new Set(pages.map((page) => page.title)).size).toBe(pages.length)
  })

  it('docs/reference/README.md lists every page of the table, with its URL', () => {
    const readme = readReference('README.md')
    for (const id of LEARN_PAGE_IDS) {
      expect(readme, id).toContain(`\`${id}\``)
      expect(readme, id).toContain(LEARN_PAGES[id].url)
    }
  })
})

describe('every citation in the domain', () => {
  const calls = citeCallsInSource()

  it('finds the cite() calls of the knowledge base, readiness rules and reminders (guards the scan)', () => {
    expect(calls.length).toBeGreaterThanOrEqual(55)
    expect(new Set(calls.map((call) => call.file))).toEqual(
      new Set(['attempt.ts', 'device-name.ts', 'error-knowledge.ts', 'group-tag-change.ts', 'profile-assignment.ts', 'readiness-reuse.ts', 'readiness.ts']),
    )
  })

  it.each(calls.map((call, i) => [`${call.file}#${i}`, call] as const))('%s: pages in the table, sections in docs/reference/autopilot.md', (_name, call) => {
    expect(call.pages.length).toBeGreaterThan(0)
    for (const id of call.pages) expect(isLearnPageId(id), id).toBe(true)
    const sections = citedSections(call.section)
    expect(sections.length, call.section).toBeGreaterThan(0)
    for (const number of sections) expect(sectionExists(doc, number), `§${number}`).toBe(true)
  })

  it.each(runtimeCitations)('%s: what the technician sees names Learn pages only', (_id, citation) => {
    const pages = citationPages(citation)
    expect(pages.length).toBe(new Set(citation.pages).size)
    for (const page of pages) expect(page.url).toMatch(/^https:\/\/learn\.microsoft\.com\//)
    const shown = [formatCitation(citation), ...pages.map((page) => page.title)].join(' ')
    expect(shown).not.toMatch(/\.md\b|\b00[0-4]\/|docs\/reference|§/)
  })

  it('every section the domain code cites exists in docs/reference/autopilot.md', () => {
    const sources = readdirSync(domainDir)
      .map((file) => readFileSync(path.join(domainDir, file), 'utf8'))
      .join('\n')
    const cited = new Set([...sources.matchAll(/autopilot\.md ?((?:§[\d.]+(?:, ?)?)+)/g)].flatMap((m) => citedSections(m[1] ?? '')))
    for (const number of cited) expect(sectionExists(doc, number.replace(/\.$/, '')), `§${number}`).toBe(true)
  })
})

/** Every source file of the repository that may cite the reference (code, tests, benchmarks, scripts). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (name === 'node_modules' || name.startsWith('.')) return []
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.(ts|tsx|mts|mjs|js|json)$/.test(name) ? [full] : []
  })
}

describe('every reference id cited anywhere in the repository exists', () => {
  const texts = ['src', 'test', 'bench', 'scripts'].flatMap((dir) => sourceFiles(path.join(REPO_ROOT, dir))).map((file) => readFileSync(file, 'utf8'))
  const all = texts.join('\n')
  /** Ids after `<file> §`, including lists such as `§B7, §B13` and `§3.1 and §7.4`. */
  const cited = (file: string): Set<string> => {
    const ids = new Set<string>()
    for (const match of all.matchAll(new RegExp(`${file.replace('.', '\\.')}:? ((?:§[A-Z]?[\\d.]+(?:,? (?:and |or )?|/| \\+ )?)+)`, 'g'))) {
      for (const id of (match[1] ?? '').matchAll(/§([A-Z]?\d+(?:\.\d+)?)/g)) ids.add(id[1] ?? '')
    }
    return ids
  }
  /** Headings of a reference file: `## 1.`, `### 1.1`, `### B4.`, `### A1.4`, `## A3.`. */
  const headings = (text: string): Set<string> => new Set([...text.matchAll(/^#{2,3} ([A-Z]?\d+(?:\.\d+)?)[. ]/gm)].map((m) => m[1] ?? ''))

  it('docs/reference/autopilot.md', () => {
    const ids = cited('autopilot.md')
    expect(ids.size).toBeGreaterThan(20)
    for (const id of ids) expect(sectionExists(doc, id), `autopilot.md §${id}`).toBe(true)
  })

  it.each(['graph-api.md', 'community-tools.md', 'performance.md', 'cab-format.md'])('docs/reference/%s', (file) => {
    const ids = cited(file)
    expect(ids.size).toBeGreaterThan(0)
    const existing = headings(readReference(file))
    for (const id of ids) expect(existing.has(id), `${file} §${id}`).toBe(true)
  })
})
