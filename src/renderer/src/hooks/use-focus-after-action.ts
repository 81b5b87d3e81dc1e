import { useCallback, useEffect, useRef } from 'react'

/**
 * An action that takes its own button away (disabled while it runs, gone once the item moves on, the
 * item itself gone once done) leaves the focus on <body>, and a keyboard user starts again from the top.
 * Call the returned function when an action starts, with where the keyboard should go: for `forMs`
 * after, whenever the component renders with the focus on <body>, it goes to `target()` (looked up
 * then, as the list may have changed meanwhile). Focus a person put elsewhere is left alone.
 */
export function useFocusAfterAction(forMs: number): (target: () => HTMLElement | null) => void {
  const wanted = useRef<{ target: () => HTMLElement | null; until: number } | null>(null)
  useEffect(() => {
    const want = wanted.current
    if (!want || Date.now() > want.until) return
    if (document.activeElement && document.activeElement !== document.body) return
    want.target()?.focus()
  })
  return useCallback(
    (target) => {
      wanted.current = { target, until: Date.now() + forMs }
    },
    [forMs],
  )
}
