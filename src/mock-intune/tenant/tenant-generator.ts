import type { DeviceRecord } from '../model/device-record'
import { buildDevice } from './device-factory'
import { indexFromGuid, indexedGuid } from './guid'
import { hash32, randomStream, seedWords } from './prng'
import { SerialLayout } from './serial-layout'
import { buildTenantCatalog, type TenantCatalog } from './tenant-catalog'

const SALT_ID = 0x1d5a17
const SALT_ID_KEY = 0x4e15

/**
 * A deterministic, lazy tenant: device i is a pure function of (seed, i).
 *
 * Nothing per device is held in memory, so a 1,000,000-device tenant starts instantly; the caller
 * (device-store.ts) keeps only the few devices that later writes change.
 */
export class TenantGenerator {
  readonly catalog: TenantCatalog
  private readonly layout: SerialLayout
  private readonly seedLo: number
  private readonly seedHi: number
  private readonly idKey: number

  constructor(readonly seed: number, readonly count: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a non-negative safe integer')
    ;[this.seedLo, this.seedHi] = seedWords(seed)
    this.layout = new SerialLayout(count, this.seedLo, this.seedHi)
    this.idKey = hash32(this.seedLo, this.seedHi, SALT_ID_KEY)
    this.catalog = buildTenantCatalog(seed)
  }

  serialAt(index: number): string {
    return this.layout.serialAt(index)
  }

  idAt(index: number): string {
    return indexedGuid(index, this.idKey, randomStream(hash32(this.seedLo, this.seedHi, index, SALT_ID)))
  }

  recordAt(index: number): DeviceRecord {
    const key = { index, serialNumber: this.serialAt(index), id: this.idAt(index), slot: this.layout.slotOf(index) }
    return buildDevice(key, this.seedLo, this.seedHi, this.catalog)
  }

  /** The index of the device with this id, or undefined; ids are compared case-insensitively. */
  indexOfId(id: string): number | undefined {
    const normalised = id.toLowerCase()
    const index = indexFromGuid(normalised, this.idKey)
    if (index === undefined || index >= this.count) return undefined
    return this.idAt(index) === normalised ? index : undefined
  }

  /** The first index whose serial is ≥ `serial`, by ordinal string comparison. */
  lowerBound(serial: string): number {
    return this.layout.lowerBound(serial)
  }
}
