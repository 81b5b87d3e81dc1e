/** Placeholder while issue 7/8 builds this screen. */
export function DiagnosticsScreen() {
  return (
    <section className="screen" aria-labelledby="diagnostics-screen-heading">
      <h1 id="diagnostics-screen-heading">Diagnostics</h1>
    </section>
  )
}
