import { useEffect, useRef } from 'react'

/**
 * Scrolls an element into view whenever `shown` turns to a new non-null value: a question the next key
 * answers, or what a key did, must be seen where it appears. On a 1366×768 laptop the device card's
 * group-tag question (the next Enter in the field confirms it) and the bench recorder's notes opened
 * below the window's foot. `nearest` moves the screen no more than it must, and not at all when the
 * element is already in view.
 */
export function useReveal<T extends HTMLElement>(shown: unknown) {
  const ref = useRef<T>(null)
  useEffect(() => {
    // jsdom has no scrollIntoView.
    if (shown != null && shown !== false) ref.current?.scrollIntoView?.({ block: 'nearest' })
  }, [shown])
  return ref
}

/**
 * Brings a panel that just opened into view with its heading at the top, and gives the heading the focus
 * (without the browser's own scroll, which only brings the heading itself in, at the window's foot, with
 * what it heads below the fold: the manifest preview did that).
 */
export function showFromHeading(section: HTMLElement | null, heading: HTMLElement | null): void {
  heading?.focus({ preventScroll: true })
  // jsdom has no scrollIntoView.
  section?.scrollIntoView?.({ block: 'start' })
}
