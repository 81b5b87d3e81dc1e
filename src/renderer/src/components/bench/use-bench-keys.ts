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

/**
 * Single-letter bench shortcuts (P, S, F, R) anywhere on the screen except in text fields. A scanned
 * serial such as "PF3XK2" arrives as keys a few ms apart, so a letter only acts if no other key
 * follows within `settleMs`: a scanner burst never records a Provision or a failure by accident.
 */
export function useBenchKeys(handlers: Partial<Record<string, () => void>>, enabled: boolean): void {
  const latest = useRef(handlers)
  useLayoutEffect(() => {
    latest.current = handlers
  })
  useEffect(() => {
    if (!enabled) return
    let pending: number | null = null
    let lastKeyAt = 0
    const cancel = () => {
      if (pending !== null) window.clearTimeout(pending)
      pending = null
    }
    const onKeyDown = (event: KeyboardEvent) => {
      const now = performance.now()
      const inBurst = now - lastKeyAt < burstGapMs
      lastKeyAt = now
      if (pending !== null) {
        cancel()
        return
      }
      if (inBurst || event.ctrlKey || event.altKey || event.metaKey || isEditable(event.target)) return
      const key = event.key.length === 1 ? event.key.toLowerCase() : ''
      const handler = latest.current[key]
      if (!handler) return
      event.preventDefault()
      pending = window.setTimeout(() => {
        pending = null
        latest.current[key]?.()
      }, settleMs)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      cancel()
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [enabled])
}
