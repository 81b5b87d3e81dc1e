/**
 * A serial number shown whole in a table that must fit a 1024 window (the hand-over report, the manifest
 * rows). It keeps one line ("01030011918" / "2" read as another serial), but a Hyper-V VM's 32 characters
 * (0003-5855-6170-7464-0231-9419-35) took a quarter of the window: a long serial with hyphens may break
 * once, at the hyphen nearest its middle, and nowhere else (`.serial-text__part`, styles.css).
 */
export function SerialText({ serial }: { serial: string }) {
  const whole = <span className="serial-text__part">{serial}</span>
  if (serial.length <= 16) return whole
  const middle = serial.length / 2
  let at = -1
  for (let index = serial.indexOf('-'); index !== -1; index = serial.indexOf('-', index + 1))
    if (at === -1 || Math.abs(index - middle) < Math.abs(at - middle)) at = index
  if (at === -1) return whole
  return (
    <>
      <span className="serial-text__part">{serial.slice(0, at + 1)}</span>
      <wbr />
      <span className="serial-text__part">{serial.slice(at + 1)}</span>
    </>
  )
}
