/** Placeholder while issue 7/8 builds this screen. */
export function DeviceCardScreen() {
  return (
    <section className="screen" aria-labelledby="device-card-screen-heading">
      <h1 id="device-card-screen-heading">Device</h1>
    </section>
  )
}
