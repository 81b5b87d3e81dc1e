import { useCallback, useEffect, useRef } from 'react'

/**
 * Whether the keyboard has lost its place: the focus is on <body> (or nowhere), or still on an element
 * that is now disabled or gone. Chromium moves the focus of a button that becomes disabled to <body>
 * a moment later, so a disabled focused element counts as lost already.
 */
export function focusIsLost(): boolean {
  const active = document.activeElement
  if (!active || active === document.body) return true
  if (!active.isConnected) return true
  return active instanceof HTMLElement && active.matches(':disabled')
}

/** Whether any of the element lies outside the window (it still has the keyboard, but cannot be seen). */
const outOfView = (element: HTMLElement): boolean => {
  const box = element.getBoundingClientRect()
  return box.bottom > window.innerHeight || box.top < 0
}

/**
 * After an action has finished: when the keyboard has lost its place (focusIsLost), put it on
 * `target()`. Checked a few times over the next moments, because the page catches up after the action
 * (React commits the re-read values, Chromium moves a disabled button's focus to <body> a frame later);
 * focus a person put somewhere on purpose is never lost, so it is left alone. And while the keyboard is
 * on `target()`, what the page adds above it meanwhile may push it out of sight (a walk: "Use manifest
 * user" brought the card's "Why this profile" panel in above, and the focused user field went below the
 * window): it is scrolled back into view, the least that shows it.
 */
export function refocusWhenLost(target: () => HTMLElement | null, delaysMs: readonly number[] = [0, 50, 150, 400, 1000]): void {
  let done = false
  for (const delay of delaysMs) {
    setTimeout(() => {
      // The window may be gone by the last check (a test's page torn down 400 ms after its action).
      if (typeof document === 'undefined') return
      if (done || !focusIsLost()) {
        const active = document.activeElement
        if (active instanceof HTMLElement && active === target() && outOfView(active)) active.scrollIntoView?.({ block: 'nearest' })
        return
      }
      const element = target()
      if (!element) return
      element.focus()
      done = document.activeElement === element
    }, delay)
  }
}

/**
 * An action that takes its own button away (disabled while it runs, gone once the item moves on, the
 * item itself gone once done) leaves the focus on <body>, and a keyboard user starts again from the top.
 * Call the returned function when an action starts, with where the keyboard should go: for `forMs`
 * after, whenever the component renders with the focus lost (focusIsLost), it goes to `target()` (looked
 * up then, as the list may have changed meanwhile). Focus a person put elsewhere is left alone.
 */
export function useFocusAfterAction(forMs: number): (target: () => HTMLElement | null) => void {
  const wanted = useRef<{ target: () => HTMLElement | null; until: number } | null>(null)
  useEffect(() => {
    const want = wanted.current
    if (!want || Date.now() > want.until) return
    if (!focusIsLost()) return
    want.target()?.focus()
  })
  return useCallback(
    (target) => {
      wanted.current = { target, until: Date.now() + forMs }
    },
    [forMs],
  )
}
