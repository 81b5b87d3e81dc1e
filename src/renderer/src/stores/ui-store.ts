import { createStore } from 'zustand/vanilla'

/** The screens that exist today; later issues add 'bench', 'scan', 'jobs', 'diagnostics', 'settings'. */
export type ScreenId = 'devices' | 'changes'

export interface UiState {
  screen: ScreenId
  /** Bumped by Ctrl+K; the devices screen focuses its search box whenever it changes. */
  searchFocusRequest: number
  navigate(screen: ScreenId): void
  requestSearchFocus(): void
}

/** Window-level UI state: which screen is shown and cross-screen requests from global shortcuts. */
export function createUiStore(initial: ScreenId = 'devices') {
  return createStore<UiState>()((set) => ({
    screen: initial,
    searchFocusRequest: 0,
    navigate: (screen) => set({ screen }),
    requestSearchFocus: () => set((state) => ({ screen: 'devices', searchFocusRequest: state.searchFocusRequest + 1 })),
  }))
}

export type UiStore = ReturnType<typeof createUiStore>
