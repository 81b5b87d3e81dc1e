import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { Api } from '@shared/api'
import { createAppStore, type AppState, type AppStore } from './app-store'
import { createBenchStore, type BenchState, type BenchStore } from './bench-store'
import { createChangesStore, type ChangesState, type ChangesStore } from './changes-store'
import { createChangeSummaryStore, type ChangeSummaryState, type ChangeSummaryStore } from './change-summary-store'
import { createDevicesStore, type DevicesState, type DevicesStore } from './devices-store'
import { createScanStore, type ScanOrigin, type ScanState, type ScanStore } from './scan-store'
import { landScan } from './scan-landing'
import { createSyncStore, type SyncState, type SyncStore } from './sync-store'
import { createUiStore, type UiState, type UiStore } from './ui-store'
import { createJobsStore, type JobsState, type JobsStore } from './jobs-store'
import { createDeviceActionsStore, type DeviceActionsState, type DeviceActionsStore } from './device-actions-store'
import { createPreferencesStore, type PreferencesState, type PreferencesStore } from './preferences-store'
import { createDiagnosticsStore, type DiagnosticsState, type DiagnosticsStore } from './diagnostics-store'
import { createSimulatorStore, type SimulatorState, type SimulatorStore } from './simulator-store'
import { createRegistrationStore, type RegistrationState, type RegistrationStore } from './registration-store'
import { createIdentityStore, type IdentityState, type IdentityStore } from './identity-store'

export interface Stores {
  app: AppStore
  devices: DevicesStore
  sync: SyncStore
  ui: UiStore
  /** The outbox list; the Changes screen attaches it while it is shown. */
  changes: ChangesStore
  /** Counts of changes not yet in Intune (status bar, sidebar badge). */
  changeSummary: ChangeSummaryStore
  /** The last scan and the device it resolved to (any screen can follow it). */
  scan: ScanStore
  /** Open jobs, the active job and the devices at the bench. */
  bench: BenchStore
  /** Every job, read once for all consumers; job writes, manifests, hand-over reports. */
  jobs: JobsStore
  /** One device's actions beyond its card: refresh, online actions, queued changes, tags, users. */
  deviceActions: DeviceActionsStore
  /** Remembered preferences screens read and write. */
  preferences: PreferencesStore
  /** Diagnostics export (with progress) and archive review. */
  diagnostics: DiagnosticsStore
  /** The demo tenant's simulated PCs. */
  simulator: SimulatorStore
  /** Hardware-hash checks and uploads (the Register screen attaches it while shown). */
  registration: RegistrationStore
  /** Tenants, sign-in, permissions (Settings, the tenant switcher, write controls). */
  identity: IdentityStore
}

/** One set of stores per window, all built from the same injected Api. */
export function createStores(api: Api): Stores {
  const jobs = createJobsStore(api)
  const sync = createSyncStore(api)
  // The bench re-reads rows waiting on Intune only while Intune answers (the status bar's Online).
  const bench = createBenchStore(api, jobs, {
    online: { isOnline: () => sync.getState().status?.online !== false, subscribe: (listener) => sync.subscribe(listener) },
  })
  const ui = createUiStore()
  // Another screen, or another device's card opened: the technician has moved on from the bench's last removal,
  // so its "Removed … Undo" notice goes (it stayed, and took the focus again when the Bench was opened next).
  ui.subscribe((state, previous) => {
    if (state.screen !== previous.screen || state.deviceId !== previous.deviceId) bench.getState().dismissRemoval()
  })
  return {
    app: createAppStore(api),
    devices: createDevicesStore(api),
    sync,
    ui,
    changes: createChangesStore(api),
    changeSummary: createChangeSummaryStore(api),
    // A scan that resolves a device puts it on the bench with the active job (docs/bench-jobs.md).
    scan: createScanStore(api, { onResolved: (deviceId, scanId) => void bench.getState().addDevice(deviceId, scanId) }),
    bench,
    jobs,
    deviceActions: createDeviceActionsStore(api),
    preferences: createPreferencesStore(api),
    diagnostics: createDiagnosticsStore(api),
    simulator: createSimulatorStore(api),
    registration: createRegistrationStore(api),
    identity: createIdentityStore(api),
  }
}

/** What belongs to one tenant and is not re-read by its topics alone: the device list's search. */
function followTenantSwitch(stores: Stores): () => void {
  let shown = stores.app.getState().info?.tenant.id ?? null
  return stores.app.subscribe((state) => {
    const id = state.info?.tenant.id ?? null
    if (id === null || id === shown) return
    const switched = shown !== null
    shown = id
    if (switched) void stores.devices.getState().tenantSwitched()
  })
}

const StoresContext = createContext<Stores | null>(null)

/**
 * Provides the stores and attaches them (loads, subscribes to events) while mounted. Attach and
 * detach are symmetric, so StrictMode's mount → unmount → mount leaves exactly one subscription.
 */
export function StoresProvider({ api, stores: given, children }: { api: Api; stores?: Stores; children: ReactNode }) {
  const [stores] = useState(() => given ?? createStores(api))
  useEffect(() => {
    const detach = [
      stores.app.getState().attach(),
      stores.sync.getState().attach(),
      stores.devices.getState().attach(),
      stores.changeSummary.getState().attach(),
      stores.jobs.getState().attach(),
      stores.bench.getState().attach(),
      stores.identity.getState().attach(),
      stores.simulator.getState().attach(),
      followTenantSwitch(stores),
    ]
    return () => detach.forEach((fn) => fn())
  }, [stores])
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>
}

function useStores(): Stores {
  const stores = useContext(StoresContext)
  if (!stores) throw new Error('Store hooks need a <StoresProvider> above them.')
  return stores
}

export const useAppStore = <T,>(selector: (state: AppState) => T): T => useStore(useStores().app, selector)
export const useDevicesStore = <T,>(selector: (state: DevicesState) => T): T => useStore(useStores().devices, selector)
export const useSyncStore = <T,>(selector: (state: SyncState) => T): T => useStore(useStores().sync, selector)
export const useUiStore = <T,>(selector: (state: UiState) => T): T => useStore(useStores().ui, selector)
export const useChangesStore = <T,>(selector: (state: ChangesState) => T): T => useStore(useStores().changes, selector)
export const useChangeSummaryStore = <T,>(selector: (state: ChangeSummaryState) => T): T => useStore(useStores().changeSummary, selector)
/** For screens that attach a store while they are shown. */
export const useChangesStoreApi = (): ChangesStore => useStores().changes
export const useBenchStore = <T,>(selector: (state: BenchState) => T): T => useStore(useStores().bench, selector)
export const useScanStore = <T,>(selector: (state: ScanState) => T): T => useStore(useStores().scan, selector)
export const useJobsStore = <T,>(selector: (state: JobsState) => T): T => useStore(useStores().jobs, selector)
export const useDeviceActionsStore = <T,>(selector: (state: DeviceActionsState) => T): T => useStore(useStores().deviceActions, selector)
export const usePreferencesStore = <T,>(selector: (state: PreferencesState) => T): T => useStore(useStores().preferences, selector)
export const useDiagnosticsStore = <T,>(selector: (state: DiagnosticsState) => T): T => useStore(useStores().diagnostics, selector)
export const useIdentityStore = <T,>(selector: (state: IdentityState) => T): T => useStore(useStores().identity, selector)
export const useSimulatorStore = <T,>(selector: (state: SimulatorState) => T): T => useStore(useStores().simulator, selector)
export const useRegistrationStore = <T,>(selector: (state: RegistrationState) => T): T => useStore(useStores().registration, selector)
export const useRegistrationStoreApi = (): RegistrationStore => useStores().registration

/** A scan from anywhere, landed where it belongs (scan-landing.ts): a found device on the Bench. */
export const useLandScan = (): ((text: string, origin: ScanOrigin) => Promise<void>) => {
  const stores = useStores()
  return useCallback((text: string, origin: ScanOrigin) => landScan(stores, text, origin), [stores])
}
