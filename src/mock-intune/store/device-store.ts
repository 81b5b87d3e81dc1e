import type { DeviceRecord } from '../model/device-record'
import { ZERO_GUID } from '../tenant/guid'
import type { TenantGenerator } from '../tenant/tenant-generator'

/** Keyset position: the last (serialNumber, id) already returned. */
export interface ScanKey {
  serialNumber: string
  id: string
}

/** One candidate during a scan; the full record is only built when the caller wants it. */
export interface ScanEntry {
  readonly serialNumber: string
  id(): string
  record(): DeviceRecord
}

const compareKeys = (a: ScanKey, b: ScanKey): number =>
  a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

export interface DeviceStoreData {
  changed: DeviceRecord[]
  deleted: string[]
  added: DeviceRecord[]
}

/**
 * The tenant's Autopilot devices: the lazy generator plus a small overlay of changed, deleted and
 * added (imported) devices. A serial never changes, so an overlaid device keeps its place in the
 * serial order; added devices are merged into the scan in order.
 *
 * Lookups by Entra deviceId / object id and managedDevice id use the index hidden in generated ids,
 * plus an alias map for ids the mock created later (imports, new enrollments).
 */
export class DeviceStore {
  private readonly overlay = new Map<string, DeviceRecord>()
  private readonly deleted = new Set<string>()
  /** Imported devices, sorted by (serial, id). */
  private added: DeviceRecord[] = []
  private readonly addedById = new Map<string, DeviceRecord>()
  private readonly aliases = new Map<string, string>()

  constructor(private readonly generator: TenantGenerator) {}

  get(id: string): DeviceRecord | undefined {
    const key = id.toLowerCase()
    if (this.deleted.has(key)) return undefined
    const changed = this.overlay.get(key) ?? this.addedById.get(key)
    if (changed) return changed
    const index = this.generator.indexOfId(key)
    return index === undefined ? undefined : this.generator.recordAt(index)
  }

  /** Stores a changed copy of an existing device (its id and serial must not change). */
  put(record: DeviceRecord): void {
    const id = record.identity.id
    if (this.addedById.has(id)) {
      this.addedById.set(id, record)
      const at = this.added.findIndex((r) => r.identity.id === id)
      if (at >= 0) this.added[at] = record
    } else {
      this.overlay.set(id, record)
    }
    this.remember(record)
  }

  /** Adds a new device (from an import). */
  add(record: DeviceRecord): void {
    const key = { serialNumber: record.identity.serialNumber, id: record.identity.id }
    let lo = 0
    let hi = this.added.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const other = this.added[mid]
      if (other && compareKeys({ serialNumber: other.identity.serialNumber, id: other.identity.id }, key) < 0) lo = mid + 1
      else hi = mid
    }
    this.added.splice(lo, 0, record)
    this.addedById.set(record.identity.id, record)
    this.remember(record)
  }

  delete(id: string): boolean {
    const key = id.toLowerCase()
    if (!this.get(key)) return false
    if (this.addedById.has(key)) {
      this.addedById.delete(key)
      this.added = this.added.filter((r) => r.identity.id !== key)
      return true
    }
    this.deleted.add(key)
    this.overlay.delete(key)
    return true
  }

  private remember(record: DeviceRecord): void {
    const id = record.identity.id
    this.aliases.set(`entraDevice:${record.identity.azureAdDeviceId.toLowerCase()}`, id)
    this.aliases.set(`entraObject:${record.entraObjectId.toLowerCase()}`, id)
    if (record.identity.managedDeviceId !== ZERO_GUID) this.aliases.set(`managed:${record.identity.managedDeviceId.toLowerCase()}`, id)
  }

  /** The device whose Entra deviceId, Entra object id or managedDevice id is `id`. */
  findBy(kind: 'entraDevice' | 'entraObject' | 'managed', id: string): DeviceRecord | undefined {
    const key = id.toLowerCase()
    const field = (r: DeviceRecord): string =>
      kind === 'entraDevice' ? r.identity.azureAdDeviceId : kind === 'entraObject' ? r.entraObjectId : r.identity.managedDeviceId
    const aliased = this.aliases.get(`${kind}:${key}`)
    const viaAlias = aliased === undefined ? undefined : this.get(aliased)
    if (viaAlias && field(viaAlias).toLowerCase() === key) return viaAlias
    const index = this.generator.indexOf(kind, key)
    if (index === undefined) return undefined
    const record = this.get(this.generator.idAt(index))
    return record && field(record).toLowerCase() === key ? record : undefined
  }

  /** The live device with this serial (exact, then case-insensitive for ASCII serials), if any. */
  findBySerial(serial: string): DeviceRecord | undefined {
    for (const candidate of new Set([serial, serial.toUpperCase()])) {
      const index = this.generator.lowerBound(candidate)
      if (index < this.generator.count && this.generator.serialAt(index) === candidate) {
        const record = this.get(this.generator.idAt(index))
        if (record) return record
      }
    }
    const lower = serial.toLowerCase()
    return this.added.find((r) => r.identity.serialNumber.toLowerCase() === lower)
  }

  /** Devices in ascending (serialNumber, id) order, strictly after `after` when given. */
  *scan(after?: ScanKey): Generator<ScanEntry> {
    const generator = this.generator
    let index = after ? generator.lowerBound(after.serialNumber) : 0
    let addedAt = 0
    if (after) while (addedAt < this.added.length && compareKeys(keyOf(this.added[addedAt]), after) <= 0) addedAt++
    for (;;) {
      const extra = this.added[addedAt]
      const serialNumber = index < generator.count ? generator.serialAt(index) : undefined
      if (extra && (serialNumber === undefined || compareKeys(keyOf(extra), { serialNumber, id: generator.idAt(index) }) < 0)) {
        addedAt++
        yield { serialNumber: extra.identity.serialNumber, id: () => extra.identity.id, record: () => this.addedById.get(extra.identity.id) ?? extra }
        continue
      }
      if (serialNumber === undefined) return
      const at = index++
      let id: string | undefined
      const entry: ScanEntry = {
        serialNumber,
        id: () => (id ??= generator.idAt(at)),
        record: () => this.overlay.get(entry.id()) ?? generator.recordAt(at, serialNumber, entry.id()),
      }
      if (after && serialNumber === after.serialNumber && entry.id() <= after.id) continue
      if (this.deleted.size > 0 && this.deleted.has(entry.id())) continue
      yield entry
    }
  }

  /** Number of live devices. */
  get size(): number {
    return this.generator.count - this.deleted.size + this.added.length
  }

  data(): DeviceStoreData {
    return { changed: [...this.overlay.values()], deleted: [...this.deleted], added: [...this.added] }
  }

  restore(data: DeviceStoreData): void {
    for (const record of data.changed) this.put(record)
    for (const id of data.deleted) this.deleted.add(id)
    for (const record of data.added) this.add(record)
  }
}

const keyOf = (record: DeviceRecord | undefined): ScanKey => ({ serialNumber: record?.identity.serialNumber ?? '', id: record?.identity.id ?? '' })
