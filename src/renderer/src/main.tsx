import './zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { selectApi } from './api/select-api'
import { TokenMissingScreen } from './components/token-missing-screen'
import { AppRoot } from './root'
import './styles.css'

// Chosen once, before anything renders: this also takes the token out of the address bar.
const selection = selectApi()

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

createRoot(container).render(<StrictMode>{selection.kind === 'missing-token' ? <TokenMissingScreen /> : <AppRoot api={selection.api} />}</StrictMode>)
