import { useEffect, useRef, useState } from 'react'
import type { AppError } from '@shared/result'
import { ErrorMessage } from '../error-message'
import { useBenchStore } from '../../stores/stores-context'
import { benchStrings as text } from '../../strings/bench'

/** How long "Put <serial> back on the bench" stays after Undo. */
export const RESTORED_NOTICE_MS = 8_000

/** The bench's device rows, where the focus goes back when the notice is done with. */
const focusRows = () => document.querySelector<HTMLElement>('[data-testid="bench-rows"]')?.focus()

/**
 * "Removed <serial> from the bench. Undo": said after "Remove from bench", with the focus on Undo. A walk
 * found nothing said what was removed, and a second Enter on the still-focused button removed the next
 * device; now that Enter is Undo's. Undo puts the device back as it was (bench:restore-device) and gives
 * the focus to the rows, with the device selected; Dismiss (or Esc) closes the notice.
 */
export function RemovalNotice() {
  const removal = useBenchStore((state) => state.removal)
  const devices = useBenchStore((state) => state.devices)
  const undoRemoval = useBenchStore((state) => state.undoRemoval)
  const dismissRemoval = useBenchStore((state) => state.dismissRemoval)
  const [error, setError] = useState<AppError | null>(null)
  const undoButton = useRef<HTMLButtonElement>(null)
  const removed = removal?.removed ?? null
  // A removal whose device is at the bench again (scanned back) has nothing to undo: no notice.
  const back = removal !== null && !removal.restored && devices.some((device) => device.deviceId === removed?.deviceId)
  const shown = removal !== null && !back
  const notice = useRef<HTMLDivElement>(null)
  // Whether the keyboard focus is in the notice (Undo, Dismiss): a blur to somewhere else clears it, but the
  // notice's own going (the next scan, the device scanned back) leaves the focus on the page, or on nothing.
  const focusInside = useRef(false)

  // The notice went by itself with the focus on Undo (or Dismiss): the focus goes to the bench's rows, on the
  // selected row, not to the page. Anywhere else (a field, the recorder) it stays where it is.
  useEffect(() => {
    if (shown || !focusInside.current) return
    focusInside.current = false
    const now = document.activeElement
    if (now === null || now === document.body) focusRows()
  }, [shown])

  useEffect(() => {
    if (removal && !removal.restored) undoButton.current?.focus()
    if (!removal?.restored) return
    // "Put … back" has said its piece (the focus went back to the rows): it goes after a few seconds.
    const timer = setTimeout(dismissRemoval, RESTORED_NOTICE_MS)
    return () => clearTimeout(timer)
  }, [removal, dismissRemoval])

  if (!shown || !removed) return error ? <ErrorMessage title={text.restoreFailed} error={error} /> : null
  const close = () => {
    dismissRemoval()
    focusRows()
  }
  return (
    <div
      ref={notice}
      className="removal-notice"
      role="status"
      onFocus={() => {
        focusInside.current = true
      }}
      onBlur={(event) => {
        if (event.relatedTarget && !notice.current?.contains(event.relatedTarget)) focusInside.current = false
      }}
      data-testid="removal-notice"
      onKeyDown={(event) => (event.key === 'Escape' ? (event.stopPropagation(), close()) : undefined)}
    >
      {removal.restored ? (
        <span>{text.restored(removed.serialNumber)}</span>
      ) : (
        <>
          <span>{text.removed(removed.serialNumber)}</span>
          <button
            ref={undoButton}
            type="button"
            className="button"
            aria-label={text.undoRemoveName(removed.serialNumber)}
            onClick={() =>
              void undoRemoval().then((result) => {
                setError(result && !result.ok ? result.error : null)
                focusRows()
              })
            }
          >
            {text.undoRemove}
          </button>
        </>
      )}
      <button type="button" className="button" onClick={close}>
        {text.dismissRemoved}
      </button>
    </div>
  )
}
