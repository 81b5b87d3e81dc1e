import { render } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import type { DeviceCard } from '@shared/card-schemas'
import { cardFixture } from './card-fixture'
import { createFakeApi, ok, type FakeHandlers } from './fake-api'

/**
 * The app opened on the device card of `card` (or of 'id-5cg1' when card is null: not in the cache).
 * `setCard` changes what the next devices:get-device-card answers.
 */
export function renderCard(card: DeviceCard | null = cardFixture(), overrides: FakeHandlers = {}) {
  let current = card
  const api = createFakeApi({
    'devices:get-device-card': () => ok(current),
    'devices:list-group-tags': () => ok({ tags: [] }),
    'autopilot:get-sync-state': () => ok({ lastManualSyncTriggerAt: null, nextAllowedAt: null, syncStatus: null }),
    ...overrides,
  })
  const stores = createStores(api)
  stores.ui.getState().openDevice(card?.device.id ?? 'id-5cg1')
  const view = render(<AppRoot api={api} stores={stores} />)
  return { api, stores, view, setCard: (next: DeviceCard | null) => (current = next) }
}
