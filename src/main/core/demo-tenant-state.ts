import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { LogSink } from './logging/log-sink'

/** The demo tenant's mock keeps every change in this file of the data folder (the mock's state file). */
export const DEMO_TENANT_STATE_FILE = 'demo-tenant.json'

/** A state file the mock would not load, moved aside so the demo tenant could start fresh. */
export interface DemoStateSetAside {
  /** Where the file now is (kept for a look; nothing reads it again). */
  file: string
  reason: string
}

/** The mock's refusal of its state file (StateFileError; the name survives the trip from its thread). */
const isStateFileError = (error: unknown): error is Error => error instanceof Error && error.name === 'StateFileError'

/**
 * Starts the embedded demo tenant's mock with its state in the data folder, so changes delivered to it
 * survive a restart: without it the tenant was generated afresh at every start and the startup sync put
 * the old values back on the devices, with nothing to say why. The mock writes the file 0600 and only after a
 * request changed something, by when the core has made the data folder (private). A file the mock refuses (another seed or device count,
 * damaged, another version) must not stop the app: it is moved aside and the tenant starts fresh; the
 * caller logs `setAside`.
 */
export async function startDemoTenantWithState<T>(
  dataDir: string,
  start: (stateFile: string) => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<{ server: T; setAside: DemoStateSetAside | null }> {
  const stateFile = join(dataDir, DEMO_TENANT_STATE_FILE)
  try {
    return { server: await start(stateFile), setAside: null }
  } catch (error) {
    if (!isStateFileError(error) || !existsSync(stateFile)) throw error
    const aside = join(dataDir, `demo-tenant.unreadable-${now().toISOString().replace(/[:.]/g, '-')}.json`)
    renameSync(stateFile, aside)
    return { server: await start(stateFile), setAside: { file: aside, reason: error.message } }
  }
}

/** The log line's words for a state file moved aside. */
export const setAsideLogMessage = "the demo tenant's saved state could not be loaded; it was moved aside and the demo tenant starts fresh"

/** Logs a state file moved aside (to the app's log file: both shells know their log only once the core is up). */
export function logDemoStateSetAside(log: LogSink, setAside: DemoStateSetAside | null): void {
  if (setAside) log.log('warn', setAsideLogMessage, { ...setAside })
}

/**
 * The faults the demo tenant runs with: this launch's MOCK_INTUNE_FAULTS, or none. Given explicitly, as the
 * state file remembers the faults of the launch that wrote it, and a fault walk must not outlive its launch.
 */
export const demoTenantFaults = (env: NodeJS.ProcessEnv = process.env): string => env.MOCK_INTUNE_FAULTS ?? ''
