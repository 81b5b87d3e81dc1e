/** Characters kept at the end of a long serial: the part that tells one device of a batch from the next. */
const tailLength = 8

/**
 * A serial in the bench's narrow serial column. The devices of one order share a long prefix (an Acer's
 * 22 characters begin with the model's part number, a Hyper-V VM's 32 follow one pattern), so a serial
 * that does not fit gives way in its middle, not at its end: "NXMRWEK0…6C9C7600". Screen readers get it
 * whole: the two visible halves are hidden from them.
 */
export function BenchSerial({ serial }: { serial: string }) {
  // Short enough to fit the column (a Dell's 7, a Lenovo's 8, an HP's 10, a Surface's 12): as it is.
  if (serial.length <= 12) return <>{serial}</>
  return (
    <span className="bench-serial">
      <span className="visually-hidden">{serial}</span>
      <span className="bench-serial__head" aria-hidden="true">
        {serial.slice(0, -tailLength)}
      </span>
      <span className="bench-serial__tail" aria-hidden="true">
        {serial.slice(-tailLength)}
      </span>
    </span>
  )
}
