import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMainWindow } from '@main/shell/main-window'
import { LEARN_PAGES } from '@shared/domain/learn-pages'
import { createFakeElectron, type FakeBrowserWindow } from '@support/fake-electron'
import { recordingLog } from '@support/ipc-fixtures'
import { useTempDirs } from '@support/temp-dir'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

const tempDir = useTempDirs()
/** A user-data folder of the test's own, with the window-state file's path in it. */
const stateFile = (): string => join(tempDir('ab-window-'), 'window-state.json')

function setup(fake = createFakeElectron(), windowStateFile = stateFile()) {
  const log = recordingLog()
  const win = createMainWindow(fake as never, { preloadPath: '/app/out/preload/index.cjs', log, windowStateFile }) as unknown as FakeBrowserWindow
  return { fake, win, contents: win.webContents, log, windowStateFile }
}

describe('createMainWindow', () => {
  it('creates a sandboxed, isolated window without Node and with our preload', () => {
    const { win } = setup()
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
    })
    // Left at Electron's safe defaults, never set.
    for (const key of ['webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures']) expect(prefs).not.toHaveProperty(key)
  })

  it('opens at its default size on a large screen, and maximized on a 1366×768 laptop, never taller than the screen', () => {
    const { win } = setup()
    expect(win.options).toMatchObject({ x: 320, y: 90, width: 1280, height: 860, minWidth: 900, minHeight: 600 })
    win.emit('ready-to-show')
    expect(win.maximized).toBe(false)

    const laptop = createFakeElectron()
    laptop.screen.displays[0] = { workArea: { x: 0, y: 0, width: 1366, height: 728 } }
    const small = setup(laptop).win
    expect(small.options).toMatchObject({ width: 1280, height: 728, minHeight: 600 })
    small.emit('ready-to-show')
    expect(small.maximized).toBe(true)
    expect(small.visible).toBe(true)
  })

  it('remembers where it was closed, and reopens there; a place on a monitor no longer attached is not used', () => {
    const fake = createFakeElectron()
    fake.screen.displays.push({ workArea: { x: 1920, y: 0, width: 2560, height: 1400 } })
    const first = setup(fake)
    first.win.normalBounds = { x: 2000, y: 100, width: 1500, height: 1000 }
    first.win.maximized = true
    first.win.close()
    expect(JSON.parse(readFileSync(first.windowStateFile, 'utf8'))).toEqual({ bounds: { x: 2000, y: 100, width: 1500, height: 1000 }, maximized: true })

    const again = setup(fake, first.windowStateFile).win
    expect(again.options).toMatchObject({ x: 2000, y: 100, width: 1500, height: 1000 })
    again.emit('ready-to-show')
    expect(again.maximized).toBe(true)

    // The second monitor is unplugged: the window opens on the primary one, not off-screen.
    const alone = createFakeElectron()
    const back = setup(alone, first.windowStateFile).win
    expect(back.options).toMatchObject({ x: 320, y: 90, width: 1280, height: 860 })
  })

  it('opens at its default when the remembered place is unreadable, and a place it cannot save costs only a log line', () => {
    const file = stateFile()
    writeFileSync(file, '{"bounds": {"x": "left"')
    const { win, log } = setup(createFakeElectron(), file)
    expect(win.options).toMatchObject({ width: 1280, height: 860 })
    const unwritable = setup(createFakeElectron(), join(file, 'no-such-folder', 'window-state.json'))
    unwritable.win.close()
    expect(unwritable.log.lines.some((line) => line.msg === 'window place not saved')).toBe(true)
    expect(log.lines).toEqual([])
  })

  it('loads the app origin and shows the window once ready', () => {
    const { win } = setup()
    expect(win.loaded).toEqual(['app://bench/'])
    expect(win.visible).toBe(false)
    win.emit('ready-to-show')
    expect(win.visible).toBe(true)
  })

  it('shows the window anyway when the page fails to load', async () => {
    const fake = createFakeElectron()
    const log = recordingLog()
    const original = fake.BrowserWindow.prototype.loadURL
    fake.BrowserWindow.prototype.loadURL = function (this: FakeBrowserWindow, url: string) {
      void original.call(this, url) // records the URL; its own result is replaced by the rejection below
      return Promise.reject(new Error('ERR_FILE_NOT_FOUND'))
    }
    const win = createMainWindow(fake as never, { preloadPath: 'p', log, windowStateFile: stateFile() }) as unknown as FakeBrowserWindow
    await flush()
    expect(win.visible).toBe(true)
    expect(log.lines.some((line) => line.msg === 'renderer failed to load')).toBe(true)
  })

  it.each(['https://evil.example/', 'file:///C:/Windows/', 'http://127.0.0.1:1234/', 'app://bench.evil/', 'javascript:alert(1)'])(
    'cancels navigation and redirects to %s',
    (url) => {
      const { contents } = setup()
      expect(contents.fire('will-navigate', url).defaultPrevented).toBe(true)
      expect(contents.fire('will-redirect', url).defaultPrevented).toBe(true)
    },
  )

  it('lets in-app navigation through', () => {
    const { contents } = setup()
    expect(contents.fire('will-navigate', 'app://bench/index.html').defaultPrevented).toBe(false)
    expect(contents.fire('will-redirect', 'app://bench/').defaultPrevented).toBe(false)
  })

  it('refuses <webview>', () => {
    const { contents } = setup()
    expect(contents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true)
  })

  it('never opens a window; safe links go to the browser', async () => {
    const { contents, fake } = setup()
    const open = contents.windowOpenHandler!
    expect(open({ url: 'https://learn.microsoft.com/autopilot' })).toEqual({ action: 'deny' })
    expect(open({ url: 'app://bench/other' })).toEqual({ action: 'deny' })
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'ms-settings:',
      'https://u:p@evil.example/',
      'smb://x/y',
      'https:evil.example',
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' })
    }
    await flush()
    expect(fake.shell.opened).toEqual(['https://learn.microsoft.com/autopilot'])
  })

  it('every Microsoft Learn page the UI cites opens in the browser (target=_blank links)', async () => {
    const { contents, fake } = setup()
    const urls = Object.values(LEARN_PAGES).map((page) => page.url)
    for (const url of urls) expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' })
    await flush()
    expect(fake.shell.opened).toEqual(urls)
  })

  it('offers a reload when the renderer crashes, and quits when refused', async () => {
    const { win, contents, fake } = setup()
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    await flush()
    expect(fake.dialog.messageBoxes).toHaveLength(1)
    expect(contents.reloads).toBe(1)

    fake.dialog.messageBoxResponse = 1
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 })
    await flush()
    expect(fake.app.quits).toBe(1)
    expect(win.isDestroyed()).toBe(false)
  })

  it('writes the window’s troubles to its own log (every tenant’s bundle carries them), the rest to the shell’s', async () => {
    const log = recordingLog()
    const windowLog = recordingLog()
    const win = createMainWindow(createFakeElectron() as never, {
      preloadPath: 'p',
      log,
      windowLog,
      windowStateFile: stateFile(),
    }) as unknown as FakeBrowserWindow
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    win.emit('unresponsive')
    win.emit('responsive')
    win.webContents.fire('will-navigate', 'https://evil.example/')
    await flush()
    expect(windowLog.lines.map((line) => line.msg)).toEqual(['renderer process gone', 'window unresponsive', 'window responsive again'])
    expect(log.lines.map((line) => line.msg)).toEqual(['blocked navigation'])
  })

  it('does not prompt for a clean renderer exit', async () => {
    const { contents, fake } = setup()
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 })
    await flush()
    expect(fake.dialog.messageBoxes).toHaveLength(0)
  })
})
