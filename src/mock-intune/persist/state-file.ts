import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname, basename, join } from 'node:path'
import { canAdvance, type MockClock } from '../clock'
import type { TenantConfigData } from '../config/tenant-config'
import type { DeviceStoreData } from '../store/device-store'
import type { Job } from '../store/scheduler'
import type { AutopilotEventRecord, AutopilotSettingsRecord, ExportJobRecord, ImportedRecord, ManagedExtra } from '../model/records'
import type { MockState } from '../mock-state'
import type { SimDevice } from '../sim/sim-types'
import { restoreScenarioDevices, scenarioDevices } from '../sim/scenarios'

/**
 * `--state FILE`: every change survives a restart. The whole mutable state (a small overlay on the
 * generated tenant) is written after each request that changed something, atomically: to a temporary
 * file in the same folder, flushed, then renamed over the old one — a crash leaves the old or the new
 * file, never half of one. The file records the seed and device count; loading it into a mock started
 * with others is refused, because overlay and generated tenant would not match.
 */
const FORMAT = 'mock-intune-state'
const VERSION = 1

interface StateFile {
  format: typeof FORMAT
  version: number
  seed: number
  deviceCount: number
  savedAt: string
  clockOffsetMs: number
  guidsIssued: number
  devices: DeviceStoreData
  config: TenantConfigData
  configHistory: Array<{ at: number; data: TenantConfigData }>
  settings: AutopilotSettingsRecord
  imports: ImportedRecord[]
  events: AutopilotEventRecord[]
  entraDeleted: string[]
  managedExtras: Array<[string, ManagedExtra]>
  sim: SimDevice[]
  /** Scenario name → device id, as first found (files written before it: found on the generated tenant at load). */
  scenarios?: Array<[string, string]>
  exportJobs?: ExportJobRecord[]
  scheduler: { jobs: Job[]; seq: number }
  faults: string
  tpmFailureRate: number
}

export class StateFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StateFileError'
  }
}

/** How far /_sim/clock/advance moved the wall clock, so a restart does not travel back in time. */
const clockOffset = (clock: MockClock): number => (canAdvance(clock) ? clock.now() - Date.now() : 0)

export function saveState(state: MockState, file: string): void {
  const data: StateFile = {
    format: FORMAT,
    version: VERSION,
    seed: state.seed,
    deviceCount: state.tenant.count,
    savedAt: new Date().toISOString(),
    clockOffsetMs: Math.max(0, Math.round(clockOffset(state.clock))),
    guidsIssued: state.guidsIssued,
    devices: state.devices.data(),
    config: state.config.data(),
    configHistory: state.config.history(),
    settings: state.settings,
    imports: [...state.imports.values()],
    events: state.events,
    entraDeleted: [...state.entraDeleted],
    managedExtras: [...state.managedExtras],
    sim: [...state.sim.values()],
    // The names stay on their PCs: found again after a restart, they went to the first PCs that fit now.
    scenarios: [...scenarioDevices(state)],
    exportJobs: [...state.exportJobs.values()],
    scheduler: state.scheduler.data(),
    faults: state.faults.spec,
    tpmFailureRate: state.tpmFailureRate,
  }
  const dir = dirname(file)
  mkdirSync(dir, { recursive: true })
  const temp = join(dir, `.${basename(file)}.${process.pid}.tmp`)
  // Readable by its owner only: the file is a whole tenant (users, devices), and an app keeps it in its private data folder.
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, JSON.stringify(data))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/** Loads a state file into a freshly created state; returns false when the file does not exist yet. */
export function loadState(state: MockState, file: string): boolean {
  if (!existsSync(file)) return false
  let data: StateFile
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as StateFile
  } catch (error) {
    throw new StateFileError(`state file ${file} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (data.format !== FORMAT || data.version !== VERSION) throw new StateFileError(`state file ${file} is not a mock-intune state file (version ${VERSION})`)
  if (data.seed !== state.seed || data.deviceCount !== state.tenant.count) {
    throw new StateFileError(
      `state file ${file} belongs to a tenant with seed ${data.seed} and ${data.deviceCount} devices; this mock has seed ${state.seed} and ${state.tenant.count}`,
    )
  }
  // A file from before the names were kept: they are found on the generated tenant, before its changes come back.
  if (data.scenarios) restoreScenarioDevices(state, data.scenarios)
  else scenarioDevices(state)
  if (canAdvance(state.clock) && data.clockOffsetMs > 0) state.clock.advance(data.clockOffsetMs - clockOffset(state.clock))
  state.guidsIssued = data.guidsIssued
  state.config.restore(data.config, data.configHistory)
  state.devices.restore(data.devices)
  state.settings = data.settings
  for (const record of data.imports) state.imports.set(record.id, record)
  state.events = data.events
  for (const id of data.entraDeleted) state.entraDeleted.add(id)
  for (const [id, extra] of data.managedExtras) state.managedExtras.set(id, extra)
  for (const device of data.sim) state.sim.set(device.id, device)
  for (const job of data.exportJobs ?? []) state.exportJobs.set(job.id.toLowerCase(), job)
  state.scheduler.restore(data.scheduler)
  if (data.faults) state.faults.set(data.faults)
  state.tpmFailureRate = data.tpmFailureRate
  return true
}
