import { useEffect, type RefObject } from 'react'
import { useUiStore } from '../stores/stores-context'
import type { ScreenId } from '../stores/ui-store'

/**
 * Focuses `ref` (the screen's heading, tabIndex -1) when this screen was opened by navigateAndFocus, once:
 * a later visit from the sidebar leaves the focus on the sidebar.
 */
export function useHeadingFocus(screen: ScreenId, ref: RefObject<HTMLElement | null>) {
  const wanted = useUiStore((state) => state.headingFocus === screen)
  const focused = useUiStore((state) => state.headingFocused)
  useEffect(() => {
    if (!wanted) return
    ref.current?.focus()
    focused()
  }, [wanted, focused, ref])
}
