import { useEffect } from 'react'
import { useLandScan, useUiStore } from '../stores/stores-context'
import { createScanCapture } from './scan-capture'
import { putScanInField, scanHeldBy, scanKeptBy, scanLandsFrom } from './scan-into-field'
import { strings } from '../strings'

/** The Scan screen's own scan field (`data-scan-field`) is a scan input itself: its keys are left alone. */
const inScanField = (event: KeyboardEvent) => event.target instanceof HTMLElement && event.target.hasAttribute('data-scan-field')

/**
 * App-wide scanning keys, installed once at the app root: F2 opens the Scan screen with its scan
 * field focused, and the one scan capture (`scan-capture.ts`, capture phase on `window`) takes a
 * keyboard-wedge burst away from whatever has focus. From a row, a button or a field of the bench
 * flow it lands on the Bench on the scanned device (`landScan`: the scan store's lookup; found →
 * Bench with the device added and selected, anything else → the Scan screen's explanation); in any
 * other text field it is that field's text (`scan-into-field.ts`).
 */
export function useScanCapture(): void {
  const requestScan = useUiStore((state) => state.requestScan)
  const landScan = useLandScan()
  const setKeyNotice = useUiStore((state) => state.setKeyNotice)

  useEffect(() => {
    const capture = createScanCapture({
      onScan: (text, scanned) => {
        const keptBy = scanned.field ? null : scanKeptBy(scanned.target)
        const heldBy = scanHeldBy()
        if (scanned.field && !scanLandsFrom(scanned.field)) putScanInField(text, { field: scanned.field, terminator: scanned.terminator })
        else if (heldBy) setKeyNotice({ kind: 'failed', text: heldBy })
        else if (keptBy) setKeyNotice({ kind: 'failed', text: keptBy === 'question' ? strings.scan.notUsedInQuestion : strings.scan.notUsedInForm })
        else void landScan(text, 'keyboard')
      },
      ignore: inScanField,
    })
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'F2' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey) {
        event.preventDefault()
        requestScan()
        return
      }
      capture.handleKeyDown(event)
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => {
      window.removeEventListener('keydown', onKeyDown, true)
      capture.dispose()
    }
  }, [requestScan, landScan, setKeyNotice])
}
