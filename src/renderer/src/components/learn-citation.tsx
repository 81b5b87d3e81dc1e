import { citationPages, type LearnPage } from '@shared/domain/citation'

/**
 * The Microsoft Learn page(s) behind a rule or an explanation, as links. `target=_blank` never opens
 * a window in Electron: the shell's window-open handler hands https links to the browser
 * (src/main/shell/navigation-guards.ts); in browser mode it opens a new tab.
 */
export function LearnLinks({ pages, className }: { pages: readonly LearnPage[]; className?: string }) {
  if (pages.length === 0) return null
  return (
    <cite className={className} data-testid="learn-citation">
      {pages.map((page, i) => (
        <span key={page.url}>
          {i > 0 ? '; ' : null}
          <a href={page.url} target="_blank" rel="noreferrer noopener">
            {page.title}
          </a>
        </span>
      ))}
    </cite>
  )
}

/** A domain citation (`{ section, pages }`): only the Learn pages are shown; the reference section is for developers. */
export function LearnCitation({ citation, className }: { citation: { pages: readonly string[] }; className?: string }) {
  return <LearnLinks pages={citationPages(citation)} {...(className === undefined ? {} : { className })} />
}
