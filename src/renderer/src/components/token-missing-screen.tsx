import { strings } from '../strings'

/**
 * Browser mode without a working session: opened without `#token=…` (`missing`), or the loopback server
 * refused the tab's token (`ended`: it was restarted). Nothing else can work, so say exactly what to do.
 */
export function TokenMissingScreen({ reason = 'missing' }: { reason?: 'missing' | 'ended' }) {
  const words = reason === 'ended' ? strings.sessionEnded : strings.tokenMissing
  return (
    <main className="token-missing" aria-labelledby="token-missing-title">
      <h1 id="token-missing-title">{words.title}</h1>
      <p role="alert">
        {words.body.before}
        <code>{words.body.command}</code>
        {words.body.after}
      </p>
      {reason === 'missing' ? <p className="muted">{strings.tokenMissing.why}</p> : null}
    </main>
  )
}
