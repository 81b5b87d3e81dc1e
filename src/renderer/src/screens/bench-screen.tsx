/** Placeholder while issue 7/8 builds this screen. */
export function BenchScreen() {
  return (
    <section className="screen" aria-labelledby="bench-screen-heading">
      <h1 id="bench-screen-heading">Bench</h1>
    </section>
  )
}
