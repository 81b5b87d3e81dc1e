/**
 * Where the app window opens (Electron-free, so it is tested under Node; main-window.ts feeds it the
 * displays). Sizes are Electron's device-independent pixels, the unit of `screen` and `BrowserWindow`.
 *
 * A bench laptop is often 1366×768: its work area (less the taskbar) is ~1366×728 at 100 % display
 * scale and ~910×485 at 150 %. A fixed 1280×860 window ran past its foot, hiding the status bar
 * (online/offline, changes waiting), and a minimum of 900×600 could not fit at 150 %. And a window
 * remembered on a second monitor must not reopen off-screen once that monitor is gone.
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** What is remembered between runs: the window's size and place when not maximized, and whether it was. */
export interface WindowState {
  bounds: Rect
  maximized: boolean
}

export interface WindowPlacement {
  bounds: Rect
  maximized: boolean
  minWidth: number
  minHeight: number
}

export const defaultWindowSize = { width: 1280, height: 860 }
export const minimumWindowSize = { width: 900, height: 600 }

/** How much of a remembered window's top strip (its title bar) must lie on a display to reopen it there. */
const grabbable = { width: 120, height: 32 }

const overlap = (a: Rect, b: Rect) => ({
  width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
  height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
})

/** The rectangle moved (and shrunk if it must) so that all of it lies within `area`. */
function fitInto(rect: Rect, area: Rect): Rect {
  const width = Math.min(rect.width, area.width)
  const height = Math.min(rect.height, area.height)
  const x = Math.min(Math.max(rect.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(rect.y, area.y), area.y + area.height - height)
  return { x, y, width, height }
}

/**
 * The remembered place when its title bar is on a display (fitted into that display's work area), else
 * the default size centred on the primary display, shrunk to fit it. A work area smaller than the
 * default (a 1366×768 laptop) opens maximized, as it would be used anyway. The minimum size never
 * exceeds the primary work area.
 */
export function chooseWindowPlacement(saved: WindowState | null, workAreas: readonly Rect[], primary: Rect): WindowPlacement {
  const minWidth = Math.min(minimumWindowSize.width, primary.width)
  const minHeight = Math.min(minimumWindowSize.height, primary.height)
  if (saved) {
    const titleBar = { ...saved.bounds, height: Math.min(saved.bounds.height, grabbable.height) }
    const home = workAreas.find((area) => {
      const seen = overlap(titleBar, area)
      return seen.width >= Math.min(grabbable.width, titleBar.width) && seen.height >= titleBar.height
    })
    if (home) return { bounds: fitInto(saved.bounds, home), maximized: saved.maximized, minWidth, minHeight }
  }
  const width = Math.min(defaultWindowSize.width, primary.width)
  const height = Math.min(defaultWindowSize.height, primary.height)
  const bounds = {
    x: primary.x + Math.floor((primary.width - width) / 2),
    y: primary.y + Math.floor((primary.height - height) / 2),
    width,
    height,
  }
  const small = primary.width < defaultWindowSize.width || primary.height < defaultWindowSize.height
  return { bounds, maximized: small, minWidth, minHeight }
}
