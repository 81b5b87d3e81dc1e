import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'

/**
 * A question asked in the page, not with window.confirm: Close job and Remove manifest row asked
 * natively, and a USB scanner's Enter arriving while that was open confirmed it (the native dialog sees
 * keys before the window's scan capture can). Here the capture (scan/scan-capture.ts) takes a scanner's
 * burst and its Enter before the focused button does, and `data-scan-keeps` keeps the window where it
 * is (the scan is not used, the status bar says so in a question's words). The confirm button takes the focus (a person's
 * Enter answers it), Esc or Cancel cancels; as Discard in Changes.
 */
export function ConfirmQuestion({
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  testId,
}: {
  title: string
  children?: ReactNode
  confirmLabel: string
  cancelLabel: string
  onConfirm(): void
  onCancel(): void
  testId?: string
}) {
  const id = useId()
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => confirmRef.current?.focus(), [])
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    event.stopPropagation()
    onCancel()
  }
  return (
    <div
      className="confirm-question"
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      onKeyDown={onKeyDown}
      data-scan-keeps="question"
      data-testid={testId}
    >
      <p id={`${id}-title`} className="confirm-question__title">
        {title}
      </p>
      {children ? <div id={`${id}-body`}>{children}</div> : null}
      <div className="button-row">
        <button ref={confirmRef} type="button" className="button button--primary" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  )
}
