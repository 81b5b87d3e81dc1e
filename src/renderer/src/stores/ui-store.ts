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
  /** The screen the device card was opened from, where its Back (and Esc) return; null: the Devices list. */
  cardFrom: ScreenId | null
  navigate(screen: ScreenId): void
  /**
   * The screen a link outside the sidebar opens (the status bar's changes link) takes the focus to its heading
   * once (useHeadingFocus): the link stays behind, and the keyboard was left on <body>, back at the top.
   */
  headingFocus: ScreenId | null
  navigateAndFocus(screen: ScreenId): void
  headingFocused(): void
  /** The device card of this device, remembering the screen it is opened from. */
  openDevice(deviceId: string): void
  /** Leaves the device card for the screen it was opened from. */
  leaveDevice(): void
  /** What the Diagnostics screen's export starts with (e.g. the device a card was showing). */
  exportPreset: ExportPreset | null
  /** Diagnostics, its export preset to this scope. */
  exportDiagnostics(preset: ExportPreset): void
  requestSearchFocus(): void
  /** F2 from anywhere: the Scan screen, scan field focused. */
  requestScan(): void
  /** What a key pressed anywhere did out of sight (Ctrl+E's hand-over CSV), for the status bar. */
  keyNotice: KeyNotice | null
  setKeyNotice(notice: KeyNotice | null): void
  /**
   * What was typed in a device card's field and not saved (key: device id + field), kept when the card is
   * left so it is still there, marked "Not saved", when the card comes back (a filled tag was walked away from).
   */
  cardDrafts: Record<string, string>
  setCardDraft(key: string, value: string | null): void
}

/** Said in the status bar: done (goes after a few seconds) or failed (stays until the next one). */
export interface KeyNotice {
  kind: 'done' | 'failed'
  text: string
}

/**
 * An export scope chosen elsewhere. `label` is what the field shows instead of the id (a device's
 * serial number, not its GUID); the id is still what is exported unless the technician edits the field.
 */
export interface ExportPreset {
  kind: 'device' | 'attempt' | 'job' | 'day'
  id: string
  label?: string
}

/** Window-level UI state: which screen is shown and cross-screen requests from global shortcuts. */
export function createUiStore(initial: ScreenId = 'devices') {
  return createStore<UiState>()((set) => ({
    screen: initial,
    searchFocusRequest: 0,
    scanFocusRequest: 0,
    deviceId: null,
    cardFrom: null,
    navigate: (screen) => set({ screen }),
    headingFocus: null,
    navigateAndFocus: (screen) => set({ screen, headingFocus: screen }),
    headingFocused: () => set({ headingFocus: null }),
    // A card opened from the card (another device) keeps the screen the first one came from.
    openDevice: (deviceId) => set((state) => ({ screen: 'device', deviceId, cardFrom: state.screen === 'device' ? state.cardFrom : state.screen })),
    leaveDevice: () => set((state) => ({ screen: state.cardFrom ?? 'devices' })),
    exportPreset: null,
    exportDiagnostics: (preset) => set({ screen: 'diagnostics', exportPreset: preset }),
    keyNotice: null,
    setKeyNotice: (keyNotice) => set({ keyNotice }),
    cardDrafts: {},
    setCardDraft: (key, value) =>
      set((state) => {
        if ((state.cardDrafts[key] ?? null) === value) return state
        const cardDrafts = { ...state.cardDrafts }
        if (value === null) delete cardDrafts[key]
        else cardDrafts[key] = value
        return { cardDrafts }
      }),
    requestScan: () => set((state) => ({ screen: 'scan', scanFocusRequest: state.scanFocusRequest + 1 })),
    requestSearchFocus: () => set((state) => ({ screen: 'devices', searchFocusRequest: state.searchFocusRequest + 1 })),
  }))
}

export type UiStore = ReturnType<typeof createUiStore>
