import { useLocalServerGone } from '../api/local-server-status'
import { strings } from '../strings'

/**
 * Browser mode: the local server stopped. Every screen stays readable as it was, but nothing can be done
 * until the technician starts it again and opens its new address, so this stays at the top of every
 * screen (a walk found only a small "Detail" line, under an error that blamed Intune).
 */
export function LocalServerGoneBanner() {
  const gone = useLocalServerGone()
  if (!gone) return null
  const words = strings.localServerGone
  return (
    <section className="local-server-gone" role="alert" aria-labelledby="local-server-gone-title" data-testid="local-server-gone">
      <h2 id="local-server-gone-title">{words.title}</h2>
      <p>
        {words.body.before}
        <code>{words.body.command}</code>
        {words.body.after}
      </p>
      <p className="muted">{words.why}</p>
    </section>
  )
}
