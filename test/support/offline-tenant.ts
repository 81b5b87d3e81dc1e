import type { Tenant } from '@core/tenant'

/** A tenant whose Graph endpoint refuses connections: the app must still start and serve its cache. */
export const offlineTenant = (): Tenant => ({
  id: 'offline',
  displayName: 'Offline tenant',
  kind: 'graph',
  graphBaseUrl: 'http://127.0.0.1:9/beta',
  getToken: async () => 'offline-tenant-token-0001',
  close: async () => undefined,
})
