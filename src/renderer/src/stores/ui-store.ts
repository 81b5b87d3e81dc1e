import { createStore } from 'zustand/vanilla'

/** The screens; 'device' is the device card of `deviceId`, reached from lists, scans and the bench. */
export type ScreenId = 'devices' | 'changes' | 'scan' | 'simulator' | 'device' | 'bench' | 'jobs' | 'diagnostics' | 'register' | 'settings'

export interface UiState {
  screen: ScreenId
  /** Bumped by Ctrl+K; the devices screen focuses its search box whenever it changes. */
  searchFocusRequest: number
  /** Bumped by F2; the Scan screen focuses its scan field whenever it changes. */
  scanFocusRequest: number
  /** The device the card screen shows. */
  deviceId: string | null
  navigate(screen: ScreenId): void
  /** The device card of this device. */
  openDevice(deviceId: string): void
  /** What the Diagnostics screen's export starts with (e.g. the device a card was showing). */
  exportPreset: { kind: 'device' | 'attempt' | 'job' | 'day'; id: string } | null
  /** Diagnostics, its export preset to this scope. */
  exportDiagnostics(preset: { kind: 'device' | 'attempt' | 'job' | 'day'; id: string }): void
  requestSearchFocus(): void
  /** F2 from anywhere: the Scan screen, scan field focused. */
  requestScan(): void
}

/** Window-level UI state: which screen is shown and cross-screen requests from global shortcuts. */
export function createUiStore(initial: ScreenId = 'devices') {
  return createStore<UiState>()((set) => ({
    screen: initial,
    searchFocusRequest: 0,
    scanFocusRequest: 0,
    deviceId: null,
    navigate: (screen) => set({ screen }),
    openDevice: (deviceId) => set({ screen: 'device', deviceId }),
    exportPreset: null,
    exportDiagnostics: (preset) => set({ screen: 'diagnostics', exportPreset: preset }),
    requestScan: () => set((state) => ({ screen: 'scan', scanFocusRequest: state.scanFocusRequest + 1 })),
    requestSearchFocus: () => set((state) => ({ screen: 'devices', searchFocusRequest: state.searchFocusRequest + 1 })),
  }))
}

export type UiStore = ReturnType<typeof createUiStore>
