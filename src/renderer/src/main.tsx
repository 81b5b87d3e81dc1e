import './zod-config'
import { StrictMode, useSyncExternalStore } from 'react'
import { createRoot } from 'react-dom/client'
import { reloadOnNewSessionToken, selectApi, tabStorage } from './api/select-api'
import { TokenMissingScreen } from './components/token-missing-screen'
import { AppRoot } from './root'
import { createStores } from './stores/stores-context'
import './styles.css'

/** Browser mode: set once the loopback server refuses the tab's token (it was restarted). */
let sessionEnded = false
const sessionListeners = new Set<() => void>()
const endSession = () => {
  if (sessionEnded) return
  sessionEnded = true
  for (const listener of sessionListeners) listener()
}

// Chosen once, before anything renders: this also takes the token out of the address bar.
const selection = selectApi(undefined, endSession)
// A new address pasted into this tab (same server, only the fragment differs) loads the page again with it.
if (selection.kind !== 'ipc') reloadOnNewSessionToken(window, tabStorage(), () => window.location.reload())

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

/** The Bench is home (docs/bench-ui.md): the app opens on it; scans from any screen land on it too. */
function appFor(api: Parameters<typeof createStores>[0]) {
  const stores = createStores(api)
  stores.ui.getState().navigate('bench')
  return <AppRoot api={api} stores={stores} />
}

/** Every call of an ended session fails: the app gives way to the page that says how to get back in (its status bar said "Online"). */
function SessionGate({ children }: { children: React.ReactNode }) {
  const ended = useSyncExternalStore(
    (listener) => {
      sessionListeners.add(listener)
      return () => sessionListeners.delete(listener)
    },
    () => sessionEnded,
  )
  return ended ? <TokenMissingScreen reason="ended" /> : children
}

createRoot(container).render(
  <StrictMode>{selection.kind === 'missing-token' ? <TokenMissingScreen /> : <SessionGate>{appFor(selection.api)}</SessionGate>}</StrictMode>,
)
