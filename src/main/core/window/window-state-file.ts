import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { writePrivateFileAtomically } from '../private-files'
import type { WindowState } from './window-placement'

const finite = z.number().finite()
const windowStateSchema = z.object({
  bounds: z.object({ x: finite, y: finite, width: finite.positive(), height: finite.positive() }),
  maximized: z.boolean(),
})

/**
 * The window's remembered place (window-state.json in the user-data folder). A missing, unreadable or
 * malformed file is no remembered place: the window opens at its default, never not at all.
 */
export function readWindowState(file: string): WindowState | null {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Written whole (a crash mid-write leaves the old place). */
export function writeWindowState(file: string, state: WindowState): void {
  writePrivateFileAtomically(file, JSON.stringify(state))
}
