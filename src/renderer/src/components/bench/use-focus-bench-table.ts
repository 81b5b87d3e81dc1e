import { useEffect, useRef } from 'react'

/**
 * When the Bench opens (from the sidebar, a scan, or at start), its device table takes the focus once
 * its rows are there, so ↑/↓, Enter and the attempt keys work at once instead of acting on the sidebar
 * button that was just pressed. A focused text field or dialog elsewhere keeps its focus.
 */
export function useFocusBenchTable(hasRows: boolean): void {
  const done = useRef(false)
  useEffect(() => {
    if (done.current || !hasRows) return
    done.current = true
    const active = document.activeElement
    const idle = !active || active === document.body || active.closest('nav') !== null
    if (!idle) return
    document.querySelector<HTMLElement>('[data-testid="bench-rows"]')?.focus()
  }, [hasRows])
}

/**
 * Gives the keyboard back to the Bench rows when it was lost: a step's button that went with its phase
 * (Reset, Retry, Delete the Intune record close the attempt, and the step list with them) left the focus on
 * <body>, where ↑/↓ no longer moved the selection. A focus anywhere else is left alone.
 */
export function refocusBenchRowsIfLost(): void {
  const active = document.activeElement
  if (active && active !== document.body) return
  document.querySelector<HTMLElement>('[data-testid="bench-rows"]')?.focus()
}
