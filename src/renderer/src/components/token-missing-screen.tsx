import { strings } from '../strings'

/** Browser mode opened without `#token=…`: nothing else can work, so say exactly what to do. */
export function TokenMissingScreen() {
  return (
    <main className="token-missing" aria-labelledby="token-missing-title">
      <h1 id="token-missing-title">{strings.tokenMissing.title}</h1>
      <p role="alert">
        {strings.tokenMissing.body.before}
        <code>{strings.tokenMissing.body.command}</code>
        {strings.tokenMissing.body.after}
      </p>
      <p className="muted">{strings.tokenMissing.why}</p>
    </main>
  )
}
