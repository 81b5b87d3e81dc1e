import { strings } from '../strings'

/** One Autopilot code of several in view, as the picker lists it. */
export interface PickerCandidate {
  text: string
  format: string
  serialNumber: string | null
  /** Left half of the camera image (before mirroring). */
  left: boolean
  /** The frame's centre (the crosshair) is on this code. */
  aimed: boolean
}

/**
 * Several devices' Autopilot codes in one frame: the app never guesses. The candidates are listed by
 * serial number and side, the one under the crosshair first and marked; the technician picks one
 * (Tab, Enter) or moves the camera until only one code is in view, which then acts as usual. The same
 * picker, with one device, asks when another QR code in view could not be read (`unreadable`): it may
 * be the neighbouring device's, cut off by the edge of the picture.
 */
export function CodePicker({
  candidates,
  unreadable = 0,
  mirror,
  onPick,
  onDismiss,
}: {
  candidates: PickerCandidate[]
  /** Other QR codes in view that could not be read (cut off by the edge, covered). */
  unreadable?: number
  mirror: boolean
  onPick(candidate: PickerCandidate): void
  onDismiss(): void
}) {
  const s = strings.scan.camera.codePicker
  const ordered = [...candidates].sort((a, b) => Number(b.aimed) - Number(a.aimed))
  return (
    <div className="code-picker" role="group" aria-labelledby="code-picker-heading" data-testid="code-picker">
      <p id="code-picker-heading" className="code-picker__heading">
        {candidates.length === 1 && unreadable > 0 ? s.headingUnreadable : s.heading(candidates.length)}
      </p>
      <p className="muted code-picker__hint">{candidates.length === 1 && unreadable > 0 ? s.hintUnreadable : s.hint}</p>
      <ul className="code-picker__list">
        {ordered.map((candidate) => (
          <li key={candidate.text}>
            <button
              type="button"
              className={`button code-picker__choice${candidate.aimed ? ' code-picker__choice--aimed' : ''}`}
              data-aimed={candidate.aimed || undefined}
              onClick={() => onPick(candidate)}
            >
              <span>{s.device}</span> <small className="mono">{candidate.serialNumber ? s.serial(candidate.serialNumber) : s.noSerial}</small>{' '}
              <small className="muted">
                · {candidate.left !== mirror ? s.left : s.right}
                {candidate.aimed ? ` · ${s.aimed}` : ''}
              </small>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button code-picker__dismiss" onClick={onDismiss}>
        {s.dismiss}
      </button>
    </div>
  )
}
