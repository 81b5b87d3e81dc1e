import type { ReactElement } from 'react'
import { render } from '@testing-library/react'
import type { Api } from '@shared/api'
import { ApiProvider } from '@renderer/api/api-context'
import { StoresProvider } from '@renderer/stores/stores-context'

/** A screen or component under the providers the app gives it: this api, and stores made from it. */
export function renderWithStores(ui: ReactElement, api: Api) {
  return render(
    <ApiProvider api={api}>
      <StoresProvider api={api}>{ui}</StoresProvider>
    </ApiProvider>,
  )
}
