import { TenantConfig } from '../config/tenant-config'
import type { DeviceRecord } from '../model/device-record'
import type { DeploymentProfile } from '../model/profile'
import { buildDevice, type FactoryContext } from './device-factory'
import { indexFromGuid, indexedGuid } from './guid'
import { hash32, randomStream, seedWords } from './prng'
import { SerialLayout } from './serial-layout'
import { buildTenantCatalog, type TenantCatalog } from './tenant-catalog'

const SALT_ID = 0x1d5a17
const SALT_ID_KEY = 0x4e15

/** The index-carrying GUIDs a device has: its Autopilot id and its Entra and Intune ids. */
export type IdKind = 'autopilot' | 'entraDevice' | 'entraObject' | 'managed' | 'event'
const ID_KINDS: readonly IdKind[] = ['autopilot', 'entraDevice', 'entraObject', 'managed', 'event']

/**
 * A deterministic, lazy tenant: device i is a pure function of (seed, i).
 *
 * Nothing per device is held in memory, so a 1,000,000-device tenant starts instantly; the caller
 * (store/device-store.ts) keeps only the few devices that later writes change. Every id a device
 * carries (Autopilot id, Entra deviceId and object id, managedDevice id) hides its index, so
 * lookups by any of them need no map.
 */
export class TenantGenerator {
  readonly catalog: TenantCatalog
  private readonly layout: SerialLayout
  private readonly seedLo: number
  private readonly seedHi: number
  private readonly keys: Record<IdKind, number>
  private readonly factory: FactoryContext

  constructor(
    readonly seed: number,
    readonly count: number,
  ) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a non-negative safe integer')
    ;[this.seedLo, this.seedHi] = seedWords(seed)
    this.layout = new SerialLayout(count, this.seedLo, this.seedHi)
    this.keys = Object.fromEntries(ID_KINDS.map((kind, k) => [kind, hash32(this.seedLo, this.seedHi, SALT_ID_KEY + k)])) as Record<IdKind, number>
    this.catalog = buildTenantCatalog(seed, count, (i) => this.guidAt('entraObject', i))
    const profiles = new Map<string, DeploymentProfile>(this.catalog.config.profiles.map((p) => [p.id, p]))
    const others = new Map<string | null, string[]>()
    const othersThan = (id: string | null): readonly string[] => {
      let list = others.get(id)
      if (!list) others.set(id, (list = [...profiles.keys()].filter((p) => p !== id)))
      return list
    }
    this.factory = {
      seedLo: this.seedLo,
      seedHi: this.seedHi,
      catalog: this.catalog,
      baseline: new TenantConfig(structuredClone(this.catalog.config)),
      profiles,
      othersThan,
    }
  }

  serialAt(index: number): string {
    return this.layout.serialAt(index)
  }

  idAt(index: number): string {
    return this.guidAt('autopilot', index)
  }

  guidAt(kind: IdKind, index: number): string {
    const salt = SALT_ID + ID_KINDS.indexOf(kind) * 0x1000
    return indexedGuid(index, this.keys[kind], randomStream(hash32(this.seedLo, this.seedHi, index, salt)))
  }

  /** Device i; a caller that already has its serial and id (a scan) passes them to save the work. */
  recordAt(index: number, serialNumber?: string, id?: string): DeviceRecord {
    const key = {
      index,
      serialNumber: serialNumber ?? this.serialAt(index),
      id: id ?? this.idAt(index),
      slot: this.layout.slotOf(index),
      entraDeviceId: this.guidAt('entraDevice', index),
      entraObjectId: this.guidAt('entraObject', index),
      managedDeviceId: () => this.guidAt('managed', index),
    }
    return buildDevice(key, this.factory)
  }

  /** The index of the device with this id, or undefined; ids are compared case-insensitively. */
  indexOfId(id: string): number | undefined {
    return this.indexOf('autopilot', id)
  }

  indexOf(kind: IdKind, id: string): number | undefined {
    const normalised = id.toLowerCase()
    const index = indexFromGuid(normalised, this.keys[kind])
    if (index === undefined || index >= this.count) return undefined
    return this.guidAt(kind, index) === normalised ? index : undefined
  }

  /** The first index whose serial is ≥ `serial`, by ordinal string comparison. */
  lowerBound(serial: string): number {
    return this.layout.lowerBound(serial)
  }

  /** Which serial block (manufacturer family) device i belongs to. */
  familyAt(index: number): string {
    return this.layout.slotOf(index).block.family
  }

  /** First index of each non-empty serial block, for scenario searches that must find every OEM. */
  blockStarts(): number[] {
    const starts: number[] = []
    let last = -1
    for (let i = 0; i < this.count;) {
      const slot = this.layout.slotOf(i)
      if (slot.start !== last) starts.push(slot.start)
      last = slot.start
      i = slot.end
    }
    return starts
  }
}
