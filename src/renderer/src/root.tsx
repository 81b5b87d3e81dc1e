import type { Api } from '@shared/api'
import { ApiProvider } from './api/api-context'
import { StoresProvider, type Stores } from './stores/stores-context'
import { App } from './app'

/** Everything below the transport choice: the Api, the stores, the app. Tests render this with a fake Api. */
export function AppRoot({ api, stores }: { api: Api; stores?: Stores }) {
  return (
    <ApiProvider api={api}>
      <StoresProvider api={api} {...(stores ? { stores } : {})}>
        <App />
      </StoresProvider>
    </ApiProvider>
  )
}
