import { DeviceStore } from './device-store'
import { SkipTokenCodec } from './paging'
import { TenantGenerator } from './tenant/tenant-generator'

/**
 * The mutable world behind one running mock: the tenant, its devices and server-side settings.
 * Routes receive it explicitly (no module-level state), so several mocks can run in one process.
 */
export interface MockState {
  readonly tenant: TenantGenerator
  readonly devices: DeviceStore
  readonly skipTokens: SkipTokenCodec
  /** Server-driven page size: the default page and the largest $top honoured. */
  readonly pageSize: number
}

export function createMockState(options: { seed: number; devices: number; pageSize: number }): MockState {
  const tenant = new TenantGenerator(options.seed, options.devices)
  return { tenant, devices: new DeviceStore(tenant), skipTokens: new SkipTokenCodec(options.seed), pageSize: options.pageSize }
}
