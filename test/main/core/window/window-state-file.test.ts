import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readWindowState, writeWindowState } from '@core/window/window-state-file'
import { useTempDirs } from '@support/temp-dir'

const tempDir = useTempDirs()
const fileIn = () => join(tempDir('ab-window-state-'), 'window-state.json')

describe('window-state.json', () => {
  it('round-trips, private to the user, with no temporary file left behind', () => {
    const file = fileIn()
    const state = { bounds: { x: -1200, y: 40, width: 1100, height: 700 }, maximized: false }
    writeWindowState(file, state)
    expect(readWindowState(file)).toEqual(state)
    expect(existsSync(`${file}.tmp`)).toBe(false)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0)
  })

  it.each([
    ['missing', null],
    ['not JSON', '{"bounds": '],
    ['the wrong shape', JSON.stringify({ bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false })],
    ['a string for a number', JSON.stringify({ bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false })],
    ['no maximized flag', JSON.stringify({ bounds: { x: 0, y: 0, width: 800, height: 600 } })],
  ])('reads as nothing remembered when %s', (_, content) => {
    const file = fileIn()
    if (content !== null) writeFileSync(file, content)
    expect(readWindowState(file)).toBeNull()
  })
})
