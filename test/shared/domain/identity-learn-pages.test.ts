import { describe, expect, it } from 'vitest'
import { IDENTITY_LEARN_PAGES, identityLearnPages, type IdentityProblem } from '@shared/domain/identity-errors'
import { isLearnPageId, LEARN_PAGES } from '@shared/domain/learn-pages'
import { readReference } from '@support/domain-doc'

/** Sign-in explanations link Learn pages from the one table, each a page docs/reference/identity.md cites. */
describe('identity explanations’ Learn pages', () => {
  const identityDoc = readReference('identity.md')
  const entries = Object.entries(IDENTITY_LEARN_PAGES) as [IdentityProblem, readonly string[]][]

  it.each(entries)('%s: pages in the table, each cited (title and URL) in docs/reference/identity.md', (_problem, pages) => {
    for (const id of pages) {
      expect(isLearnPageId(id), id).toBe(true)
      const page = LEARN_PAGES[id as keyof typeof LEARN_PAGES]
      expect(identityDoc, id).toContain(page.url)
      expect(identityDoc.replace(/\s+/g, ' '), id).toContain(page.title)
    }
  })

  it('what an admin must fix has a page to read; nothing-to-read problems have none', () => {
    for (const problem of [
      'missing-permission',
      'consent-missing',
      'app-not-found',
      'redirect-mismatch',
      'public-client-disabled',
      'device-code-blocked',
    ] as const)
      expect(IDENTITY_LEARN_PAGES[problem].length, problem).toBeGreaterThan(0)
    expect(identityLearnPages('cancelled')).toEqual([])
    expect(identityLearnPages('not-a-problem-we-know')).toEqual([])
    expect(identityLearnPages('missing-permission').map((page) => page.url)).toEqual([
      'https://learn.microsoft.com/graph/permissions-reference',
      'https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent',
    ])
  })
})
