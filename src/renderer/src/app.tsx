import { useEffect } from 'react'
import { Sidebar } from './components/sidebar'
import { StatusBar } from './components/status-bar'
import { LocalServerGoneBanner } from './components/local-server-gone-banner'
import { ScreenErrorBoundary } from './components/screen-error-boundary'
import { screens } from './screens/screens'
import { ScanAnnouncer } from './screens/scan-screen'
import { useScanCapture } from './scan/use-scan-capture'
import { useExportKey } from './components/jobs/use-export-key'
import { useSyncStore, useUiStore } from './stores/stores-context'
import { formatCount } from './format-number'
import { strings } from './strings'
import type { ScreenId } from './stores/ui-store'

/**
 * Screens of the bench flow: a scanner burst in one of their text fields (the device search, a card's
 * group tag, a failure code) is the next device, looked up and shown on the Bench. On every other
 * screen it is typed into the field like any keyboard text (scan/scan-into-field.ts).
 */
const scanLandsOn: ReadonlySet<ScreenId> = new Set<ScreenId>(['bench', 'device', 'devices', 'scan'])

/** The one window: sidebar, the current screen, the status bar, and the global shortcuts. */
export function App() {
  const screen = useUiStore((state) => state.screen)
  const requestSearchFocus = useUiStore((state) => state.requestSearchFocus)
  const Screen = screens[screen]
  useScanCapture()
  useExportKey()

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        requestSearchFocus()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [requestSearchFocus])

  return (
    <div className="app">
      <Sidebar />
      <main className="app__main" data-scan-lands={scanLandsOn.has(screen) ? '' : undefined}>
        <LocalServerGoneBanner />
        <ScreenErrorBoundary key={screen}>
          <Screen />
        </ScreenErrorBoundary>
      </main>
      <StatusBar />
      <SyncAnnouncer />
      <ScanAnnouncer />
    </div>
  )
}

/** Polite live region: screen readers hear when a sync finishes, whatever screen is open. */
function SyncAnnouncer() {
  const outcome = useSyncStore((state) => state.lastOutcome)
  const text = !outcome
    ? ''
    : outcome.ok
      ? strings.sync.completed(formatCount(outcome.devices))
      : outcome.cancelled
        ? strings.sync.cancelled(outcome.message)
        : strings.sync.failed(outcome.message)
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="sync-announcer">
      {text}
    </div>
  )
}
