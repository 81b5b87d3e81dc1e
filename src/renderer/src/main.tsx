import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { selectApi } from './api/select-api'
import { TokenMissingScreen } from './components/token-missing-screen'
import { AppRoot } from './root'
import { createStores } from './stores/stores-context'
import './styles.css'

// Chosen once, before anything renders: this also takes the token out of the address bar.
const selection = selectApi()

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

/** The Bench is home (docs/bench-ui.md): the app opens on it; scans from any screen land on it too. */
function appFor(api: Parameters<typeof createStores>[0]) {
  const stores = createStores(api)
  stores.ui.getState().navigate('bench')
  return <AppRoot api={api} stores={stores} />
}

createRoot(container).render(<StrictMode>{selection.kind === 'missing-token' ? <TokenMissingScreen /> : appFor(selection.api)}</StrictMode>)
