import { explainError } from '@shared/domain/explain-error'
import { citationPages, formatCitation } from '@shared/domain/citation'
import type { ReviewError } from '@shared/diagnostics-schemas'

/** One error code as the bundle and the review show it: the knowledge base's words, or an honest "not documented". */
export function explainForReview(code: string): ReviewError {
  const result = explainError(code)
  switch (result.status) {
    case 'known':
      return {
        code,
        status: 'known',
        title: result.entry.title,
        meaning: result.entry.meaning,
        action: result.entry.action,
        steps: [...result.entry.steps],
        citation: formatCitation(result.entry.citation),
        links: citationPages(result.entry.citation),
      }
    case 'undocumented':
      return {
        code,
        status: 'undocumented',
        title: 'No documented meaning',
        meaning: result.message,
        action: null,
        steps: [...result.advice],
        citation: null,
        links: [],
      }
    case 'unknown':
      return {
        code,
        status: 'unknown',
        title: 'Not in the knowledge base',
        meaning: result.message,
        action: null,
        steps: [...result.advice],
        citation: null,
        links: [],
      }
    case 'empty':
      return { code, status: 'unknown', title: 'No error code', meaning: 'No code was entered.', action: null, steps: [], citation: null, links: [] }
  }
}
