import type { DeviceRecord } from './model/device-record'
import type { TenantGenerator } from './tenant/tenant-generator'

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

/**
 * The tenant's devices: the lazy generator plus a small overlay of changed and deleted devices.
 *
 * Writes (coming with updateDeviceProperties, delete, …) replace whole records in `overlay` keyed by
 * id; a serial never changes, so an overlaid device keeps its place in the serial order.
 */
export class DeviceStore {
  private readonly overlay = new Map<string, DeviceRecord>()
  private readonly deleted = new Set<string>()

  constructor(private readonly generator: TenantGenerator) {}

  get(id: string): DeviceRecord | undefined {
    const key = id.toLowerCase()
    if (this.deleted.has(key)) return undefined
    const changed = this.overlay.get(key)
    if (changed) return changed
    const index = this.generator.indexOfId(key)
    return index === undefined ? undefined : this.generator.recordAt(index)
  }

  /** Stores a changed copy of an existing device (its id and serial must not change). */
  put(record: DeviceRecord): void {
    this.overlay.set(record.identity.id, record)
  }

  delete(id: string): boolean {
    const key = id.toLowerCase()
    if (!this.get(key)) return false
    this.deleted.add(key)
    this.overlay.delete(key)
    return true
  }

  /** Devices in ascending (serialNumber, id) order, strictly after `after` when given. */
  *scan(after?: ScanKey): Generator<ScanEntry> {
    const generator = this.generator
    let index = after ? generator.lowerBound(after.serialNumber) : 0
    for (; index < generator.count; index++) {
      const serialNumber = generator.serialAt(index)
      const at = index
      let id: string | undefined
      const entry: ScanEntry = {
        serialNumber,
        id: () => (id ??= generator.idAt(at)),
        record: () => this.overlay.get(entry.id()) ?? generator.recordAt(at),
      }
      if (after && serialNumber === after.serialNumber && entry.id() <= after.id) continue
      if (this.deleted.size > 0 && this.deleted.has(entry.id())) continue
      yield entry
    }
  }
}
