import { useEffect, useRef } from 'react'

/**
 * Scrolls an element into view whenever `shown` turns to a new non-null value: a question or an error
 * that a key answers or explains must be seen where it appears. On a 1366×768 laptop the bench's
 * recorder runs past the window's foot, and its "This device is not ready" question, which takes Enter
 * wherever focus is, opened out of sight. `nearest` moves the screen no more than it must, and not at
 * all when the element is already in view.
 */
export function useReveal<T extends HTMLElement>(shown: unknown) {
  const ref = useRef<T>(null)
  useEffect(() => {
    // jsdom has no scrollIntoView.
    if (shown != null && shown !== false) ref.current?.scrollIntoView?.({ block: 'nearest' })
  }, [shown])
  return ref
}
