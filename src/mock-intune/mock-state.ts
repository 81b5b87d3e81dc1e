import { Timing, type MockClock } from './clock'
import { TenantConfig } from './config/tenant-config'
import { FaultInjector } from './faults/faults'
import { Throttle, type ThrottleMode } from './faults/throttle'
import type { DeviceRecord } from './model/device-record'
import type { AutopilotEventRecord, AutopilotSettingsRecord, ExportJobRecord, ImportedRecord, ManagedExtra } from './model/records'
import { SkipTokenCodec } from './paging'
import type { SimDevice } from './sim/sim-types'
import { DeviceStore } from './store/device-store'
import { DeviceView, type PresentedDevice } from './store/device-view'
import { Scheduler } from './store/scheduler'
import { randomGuid } from './tenant/guid'
import { hash32, randomStream, seedWords } from './tenant/prng'
import { TenantGenerator } from './tenant/tenant-generator'
import { UserDirectory } from './tenant/users'

export interface StateOptions {
  seed: number
  devices: number
  pageSize: number
  clock: MockClock
  speed: number
  throttle: ThrottleMode
  faults: string
  tpmFailureRate: number
}

/**
 * The mutable world behind one running mock: the tenant, its devices, Intune's settings and queues,
 * and the simulated PCs. Routes receive it explicitly (no module-level state), so several mocks can
 * run in one process.
 */
export class MockState {
  readonly tenant: TenantGenerator
  readonly config: TenantConfig
  readonly devices: DeviceStore
  readonly view: DeviceView
  readonly skipTokens: SkipTokenCodec
  readonly pageSize: number
  readonly clock: MockClock
  readonly timing: Timing
  readonly scheduler = new Scheduler()
  readonly users: UserDirectory
  readonly throttle: Throttle
  readonly faults: FaultInjector
  settings: AutopilotSettingsRecord
  readonly imports = new Map<string, ImportedRecord>()
  /** Report rows the simulator produced (newest last). */
  events: AutopilotEventRecord[] = []
  /** Entra device object ids deleted (the Autopilot record stays; §1.1 "deleting it breaks join"). */
  readonly entraDeleted = new Set<string>()
  readonly managedExtras = new Map<string, ManagedExtra>()
  readonly sim = new Map<string, SimDevice>()
  /** Report export jobs by lower-cased id. */
  readonly exportJobs = new Map<string, ExportJobRecord>()
  tpmFailureRate: number
  /** Set by every change; the server persists and clears it after the request. */
  dirty = false
  private guidCounter = 0
  private readonly seedLo: number
  private readonly seedHi: number

  constructor(options: StateOptions) {
    this.tenant = new TenantGenerator(options.seed, options.devices)
    this.config = new TenantConfig(structuredClone(this.tenant.catalog.config))
    this.devices = new DeviceStore(this.tenant)
    this.timing = new Timing(options.speed)
    this.view = new DeviceView(this.config, this.timing)
    this.skipTokens = new SkipTokenCodec(options.seed)
    this.pageSize = options.pageSize
    this.clock = options.clock
    this.users = new UserDirectory(options.seed, this.tenant.catalog)
    this.throttle = new Throttle(options.throttle)
    this.faults = new FaultInjector(options.seed, options.faults)
    this.tpmFailureRate = options.tpmFailureRate
    ;[this.seedLo, this.seedHi] = seedWords(options.seed)
    this.settings = { id: this.newGuid(), lastSyncDateTime: null, lastManualSyncTriggerDateTime: null, syncStatus: 'completed' }
    this.guidCounter = 0
  }

  get seed(): number {
    return this.tenant.seed
  }

  now(): number {
    return this.clock.now()
  }

  /** A fresh, deterministic GUID for objects the mock creates (same seed + same history → same ids). */
  newGuid(): string {
    return randomGuid(randomStream(hash32(this.seedLo, this.seedHi, 0x9e1d, this.guidCounter++)))
  }

  /** A seeded number in [0, 1) for a named decision (e.g. the TPM roll of attempt n of device x). */
  roll(...parts: number[]): number {
    return hash32(this.seedLo, this.seedHi, ...parts) / 0x1_0000_0000
  }

  markDirty(): void {
    this.dirty = true
  }

  /** Runs Intune's deferred effects that are due. */
  tick(): void {
    if (this.scheduler.runDue(this.now()) > 0) this.markDirty()
  }

  present(record: DeviceRecord): PresentedDevice {
    return this.view.present(record, this.now())
  }

  /** Settles a device, lets `change` edit the copy, and stores it. */
  updateDevice(record: DeviceRecord, change: (draft: DeviceRecord) => void): DeviceRecord {
    const draft = this.view.settle(record, this.now())
    change(draft)
    this.devices.put(draft)
    this.markDirty()
    return draft
  }

  get guidsIssued(): number {
    return this.guidCounter
  }

  set guidsIssued(value: number) {
    this.guidCounter = value
  }
}
