import { describe, expect, it } from 'vitest'
import { chooseWindowPlacement, type Rect } from '@core/window/window-placement'

const area = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height })
const desktop = area(0, 0, 1920, 1040)
/** A 1366×768 laptop less its taskbar, at 100 %, 125 % and 150 % display scale (DIPs). */
const laptop100 = area(0, 0, 1366, 728)
const laptop150 = area(0, 0, 910, 485)

describe('chooseWindowPlacement', () => {
  it('with nothing remembered: the default size centred on a large primary display', () => {
    expect(chooseWindowPlacement(null, [desktop], desktop)).toEqual({
      bounds: { x: 320, y: 90, width: 1280, height: 860 },
      maximized: false,
      minWidth: 900,
      minHeight: 600,
    })
  })

  it('on a laptop smaller than the default: fitted into its work area and maximized; the minimum fits too', () => {
    expect(chooseWindowPlacement(null, [laptop100], laptop100)).toEqual({
      bounds: { x: 43, y: 0, width: 1280, height: 728 },
      maximized: true,
      minWidth: 900,
      minHeight: 600,
    })
    const scaled = chooseWindowPlacement(null, [laptop150], laptop150)
    expect(scaled).toEqual({ bounds: { x: 0, y: 0, width: 910, height: 485 }, maximized: true, minWidth: 900, minHeight: 485 })
  })

  it('a remembered place on a display is used as it was, maximized or not', () => {
    const second = area(1920, 0, 2560, 1400)
    const saved = { bounds: { x: 2100, y: 60, width: 1600, height: 1100 }, maximized: true }
    expect(chooseWindowPlacement(saved, [desktop, second], desktop)).toEqual({ bounds: saved.bounds, maximized: true, minWidth: 900, minHeight: 600 })
  })

  it('a remembered place whose monitor is gone (or whose title bar is off every display) is not used', () => {
    const onGoneMonitor = { bounds: { x: 2100, y: 60, width: 1600, height: 1100 }, maximized: false }
    expect(chooseWindowPlacement(onGoneMonitor, [desktop], desktop).bounds).toEqual({ x: 320, y: 90, width: 1280, height: 860 })
    // Only 40 px of its left edge on the screen: the title bar cannot be grabbed.
    const barelyOn = { bounds: { x: 1880, y: 100, width: 1200, height: 800 }, maximized: false }
    expect(chooseWindowPlacement(barelyOn, [desktop], desktop).bounds).toEqual({ x: 320, y: 90, width: 1280, height: 860 })
    // Its title bar above the top of the screen.
    const aboveTheTop = { bounds: { x: 100, y: -200, width: 1200, height: 800 }, maximized: false }
    expect(chooseWindowPlacement(aboveTheTop, [desktop], desktop).bounds).toEqual({ x: 320, y: 90, width: 1280, height: 860 })
  })

  it('a remembered place partly off its display, or larger than it (the screen got smaller), is moved and shrunk to fit', () => {
    const hanging = { bounds: { x: 1200, y: 500, width: 1280, height: 860 }, maximized: false }
    expect(chooseWindowPlacement(hanging, [desktop], desktop).bounds).toEqual({ x: 640, y: 180, width: 1280, height: 860 })
    const tooBig = { bounds: { x: 0, y: 0, width: 1920, height: 1040 }, maximized: false }
    expect(chooseWindowPlacement(tooBig, [laptop100], laptop100).bounds).toEqual({ x: 0, y: 0, width: 1366, height: 728 })
  })

  it('a display whose work area does not start at 0 (a taskbar on the left or top)', () => {
    const leftTaskbar = area(48, 0, 1872, 1080)
    expect(chooseWindowPlacement(null, [leftTaskbar], leftTaskbar).bounds).toEqual({ x: 344, y: 110, width: 1280, height: 860 })
  })
})
