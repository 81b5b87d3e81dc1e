/** Characters kept at the end of a long serial: the part that tells one device of a batch from the next. */
const tailLength = 8

/**
 * A serial number in a narrow column (the bench's row header, the device list's first column). The
 * devices of one order share a long prefix (an Acer's 22 characters begin with the model's part number,
 * a Hyper-V VM's 32 follow one pattern), and technicians compare serials by their end, so a serial that
 * does not fit gives way in its middle, not at its end: "NXMRWEK0…6C9C7600" (styles.css, .serial-cut).
 * Screen readers get it whole: the two visible halves are hidden from them. The cell's title gives the
 * whole serial on hover.
 */
export function SerialNumber({ serial }: { serial: string }) {
  // Short enough to fit the column (a Dell's 7, a Lenovo's 8, an HP's 10, a Surface's 12): as it is.
  if (serial.length <= 12) return <>{serial}</>
  return (
    <span className="serial-cut">
      <span className="visually-hidden">{serial}</span>
      <span className="serial-cut__head" aria-hidden="true">
        {serial.slice(0, -tailLength)}
      </span>
      <span className="serial-cut__tail" aria-hidden="true">
        {serial.slice(-tailLength)}
      </span>
    </span>
  )
}
