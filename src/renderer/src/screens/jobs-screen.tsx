/** Placeholder while issue 7/8 builds this screen. */
export function JobsScreen() {
  return (
    <section className="screen" aria-labelledby="jobs-screen-heading">
      <h1 id="jobs-screen-heading">Jobs</h1>
    </section>
  )
}
