import { useEffect } from 'react'
import { useScanStore, useUiStore } from '../stores/stores-context'

/** A USB scanner types much faster than a person: keys further apart than this start a new burst. */
const burstGapMs = 60
/** Shorter bursts are ignored (shortcuts, a stray key). */
const minimumLength = 6

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/**
 * App-wide scanning keys: F2 opens the Scan screen with its scan field focused; and a keyboard-wedge
 * scanner burst (fast keys ending with Enter) typed while no text field has focus — on any screen — is
 * taken as a scan: looked up, and the Scan screen shows the device.
 */
export function useGlobalScanKeys(): void {
  const screen = useUiStore((state) => state.screen)
  const requestScan = useUiStore((state) => state.requestScan)
  const navigate = useUiStore((state) => state.navigate)
  const submit = useScanStore((state) => state.submit)

  useEffect(() => {
    let buffer = ''
    let last = 0
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'F2' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey) {
        event.preventDefault()
        requestScan()
        return
      }
      // The Scan screen has its own always-ready field; elsewhere, text fields keep their keys.
      if (screen === 'scan' || isEditable(event.target)) {
        buffer = ''
        return
      }
      const now = performance.now()
      if (event.key === 'Enter') {
        const burst = buffer
        buffer = ''
        if (burst.length >= minimumLength && now - last <= burstGapMs) {
          event.preventDefault()
          navigate('scan')
          void submit(burst, 'keyboard')
        }
        return
      }
      if (event.key.length !== 1 || event.ctrlKey || event.metaKey) return
      if (now - last > burstGapMs) buffer = ''
      buffer += event.key
      last = now
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [screen, requestScan, navigate, submit])
}
