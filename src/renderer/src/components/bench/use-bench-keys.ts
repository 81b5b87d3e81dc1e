import { useEffect, useLayoutEffect, useRef } from 'react'

/** A USB keyboard-wedge scanner types a whole code within a few ms per key (see scan/scan-capture.ts,
 * which also takes the burst away from these keys once it is recognised). */
const burstGapMs = 60
/** How long a single-letter shortcut waits to be sure it is not the first key of a scanner burst. */
const settleMs = 90

const nonTextInputs = ['checkbox', 'radio', 'button', 'submit', 'reset']

/** Text fields keep their keys; a focused checkbox or button does not stop the shortcuts. */
const isEditable = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false
  if (target instanceof HTMLInputElement) return !nonTextInputs.includes(target.type)
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** When the key was pressed: the event's own time, not when a busy main thread got round to it. */
const pressedAt = (event: KeyboardEvent): number => (event.timeStamp > 0 ? event.timeStamp : performance.now())

/**
 * Single-letter bench shortcuts (P, S, F, R) anywhere on the screen except in text fields. A scanned
 * serial such as "PF3XK2" arrives as keys a few ms apart, so a letter only acts if no other key
 * follows within `settleMs`: a scanner burst never records a Provision or a failure by accident.
 * Gaps are measured between the keys' own times (as scan-capture.ts does): keys a person typed while
 * the window was busy arrive together but were not pressed together, and must not read as a burst.
 */
export function useBenchKeys(handlers: Partial<Record<string, () => void>>, enabled: boolean): void {
  const latest = useRef(handlers)
  useLayoutEffect(() => {
    latest.current = handlers
  })
  useEffect(() => {
    if (!enabled) return
    let pending: { timer: number; key: string; at: number } | null = null
    let lastKeyAt = -Infinity
    const cancel = () => {
      if (pending !== null) window.clearTimeout(pending.timer)
      pending = null
    }
    const onKeyDown = (event: KeyboardEvent) => {
      const now = pressedAt(event)
      const inBurst = now - lastKeyAt < burstGapMs
      lastKeyAt = now
      if (pending !== null) {
        const waiting = pending
        cancel()
        // A key pressed soon after the letter: a scanner's burst, and the letter was its first key.
        if (now - waiting.at < settleMs) return
        // Pressed well after it (both waited behind a busy window): the letter stands, and acts first.
        latest.current[waiting.key]?.()
      }
      if (inBurst || event.ctrlKey || event.altKey || event.metaKey || isEditable(event.target)) return
      const key = event.key.length === 1 ? event.key.toLowerCase() : ''
      const handler = latest.current[key]
      if (!handler) return
      event.preventDefault()
      pending = {
        key,
        at: now,
        timer: window.setTimeout(() => {
          pending = null
          latest.current[key]?.()
        }, settleMs),
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      cancel()
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [enabled])
}
