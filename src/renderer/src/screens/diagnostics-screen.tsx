import { useEffect, useRef, useState } from 'react'
import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { BundleReview } from '../components/diagnostics/bundle-review'
import { ExportPanel } from '../components/diagnostics/export-panel'
import { OpenPanel } from '../components/diagnostics/open-panel'
import { ReviewNames } from '../components/diagnostics/review-names'
import { WindowsReview } from '../components/diagnostics/windows-review'
import { diagnosticsStrings } from '../strings/diagnostics'
import { useUiStore } from '../stores/stores-context'
import './diagnostics-screen.css'

const text = diagnosticsStrings

/** Export a bundle for support, or review one (ours or Windows') offline, read-only. */
export function DiagnosticsScreen() {
  const [review, setReview] = useState<ArchiveReview | null>(null)
  // Keyboard users closing a review land back on the chooser, not at the top of the page.
  const [backFromReview, setBackFromReview] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const preset = useUiStore((state) => state.exportPreset)

  const opened = (next: ArchiveReview) => setReview(next)
  // Focus the review's heading once it exists: after the commit that drew it (a frame requested when the
  // file was opened could come before that render, leaving focus on <body>).
  useEffect(() => {
    if (review) heading.current?.focus()
  }, [review])

  return (
    <section className="screen diag-screen" aria-labelledby="diagnostics-screen-heading">
      <header className="screen__header">
        <h1 id="diagnostics-screen-heading">{text.heading}</h1>
      </header>
      {review ? (
        <>
          <div className="diag-review__bar">
            <h2 ref={heading} tabIndex={-1}>
              {review.fileName}
            </h2>
            <button
              type="button"
              className="button"
              onClick={() => {
                setReview(null)
                setBackFromReview(true)
              }}
            >
              {text.open.close}
            </button>
          </div>
          <p className="muted">{text.review.readOnly}</p>
          <ReviewNames names={review.names} note={review.namesNote}>
            {review.kind === 'bundle' ? <BundleReview review={review} /> : <WindowsReview review={review} />}
          </ReviewNames>
        </>
      ) : (
        <>
          <p className="muted">{text.intro}</p>
          <div className="diag-panels">
            <ExportPanel key={preset ? `${preset.kind}:${preset.id}` : 'none'} initial={preset ?? undefined} />
            <OpenPanel onOpened={opened} focusChooser={backFromReview} />
          </div>
        </>
      )}
    </section>
  )
}
