import { EventEmitter } from 'node:events'

/**
 * An in-memory stand-in for the parts of `electron` the shell and preload use. Every fake records
 * its calls so tests assert on the wiring, and exposes the handlers the app installed so tests can
 * drive them (emit a navigation, ask the permission handler, invoke an IPC channel).
 *
 * Use it either injected (`startApp({ electron: fake as never, … })`) or as the module:
 * `vi.mock('electron', async () => (await import('../../support/fake-electron')).createFakeElectron())`.
 */

/** An Electron-style event: records preventDefault(). */
export const fakeEvent = (extra: Record<string, unknown> = {}) => {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true), ...extra }
  return event
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' }

let nextContentsId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly sent: Array<{ channel: string; payload: unknown }> = []
  windowOpenHandler: WindowOpenHandler | null = null
  url = ''
  destroyed = false
  reloads = 0
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload })
  }
  setWindowOpenHandler(handler: WindowOpenHandler) {
    this.windowOpenHandler = handler
  }
  getURL() {
    return this.url
  }
  reload() {
    this.reloads++
  }
  isDestroyed() {
    return this.destroyed
  }
  /** Emits and returns the event, so a test can read `defaultPrevented`. */
  fire(name: string, ...args: unknown[]) {
    const event = fakeEvent()
    this.emit(name, event, ...args)
    return event
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  readonly loaded: string[] = []
  loadResult: Promise<void> = Promise.resolve()
  destroyed = false
  visible = false
  minimized = false
  maximized = false
  focused = 0
  /** The size and place when not maximized (Electron's getNormalBounds); a test may move it. */
  normalBounds: { x: number; y: number; width: number; height: number }
  constructor(readonly options: Record<string, unknown>) {
    super()
    const { x = 0, y = 0, width = 800, height = 600 } = options as { x?: number; y?: number; width?: number; height?: number }
    this.normalBounds = { x, y, width, height }
  }
  maximize() {
    this.maximized = true
  }
  isMaximized() {
    return this.maximized
  }
  getNormalBounds() {
    return { ...this.normalBounds }
  }
  loadURL(url: string) {
    this.loaded.push(url)
    this.webContents.url = url
    return this.loadResult
  }
  show() {
    this.visible = true
  }
  focus() {
    this.focused++
  }
  isMinimized() {
    return this.minimized
  }
  restore() {
    this.minimized = false
  }
  isDestroyed() {
    return this.destroyed
  }
  close() {
    this.emit('close', fakeEvent())
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: Record<string, unknown>) => boolean

export class FakeSession {
  readonly listeners = new Map<string, Array<(...args: never[]) => void>>()
  on(name: string, listener: (...args: never[]) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
    return this
  }
  permissionRequestHandler: PermissionRequestHandler | null = null
  permissionCheckHandler: PermissionCheckHandler | null = null
  devicePermissionHandler: ((details: unknown) => boolean) | null = null
  setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
    this.permissionCheckHandler = handler
  }
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null) {
    this.devicePermissionHandler = handler
  }
  /** What the installed request handler answers (synchronously or not). */
  request(permission: string, details: Record<string, unknown>): Promise<boolean> {
    const handler = this.permissionRequestHandler
    if (!handler) return Promise.resolve(true) // Electron's default: grant everything
    return new Promise((resolve) => handler(null, permission, resolve, details))
  }
  check(permission: string, origin: string, details: Record<string, unknown>): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(null, permission, origin, details) : true
  }
}

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown

export class FakeIpcMain {
  readonly handlers = new Map<string, IpcHandler>()
  handle(channel: string, handler: IpcHandler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  }
  /** What `ipcRenderer.invoke` would get back, given the sender event. */
  async invoke(channel: string, event: unknown, payload?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, payload)
  }
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = []
  invokeResult: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: {} })
  invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args })
    return this.invokeResult(channel, args)
  }
  /** Simulates main sending an event: the real listener receives (IpcRendererEvent, payload). */
  emitFromMain(channel: string, payload: unknown) {
    this.emit(channel, { sender: this, senderId: 0 }, payload)
  }
}

export class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>([['userData', '/fake/userData']])
  readonly exits: number[] = []
  quits = 0
  singleInstance = true
  version = '0.0.0-test'
  private readyResolve: () => void = () => undefined
  private readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve))
  whenReady() {
    return this.ready
  }
  /** Tests decide when `ready` happens, so they can check what ran before it. */
  becomeReady() {
    this.readyResolve()
  }
  getPath(name: string) {
    const path = this.paths.get(name)
    if (!path) throw new Error(`unknown path ${name}`)
    return path
  }
  setPath(name: string, path: string) {
    this.paths.set(name, path)
  }
  getVersion() {
    return this.version
  }
  requestSingleInstanceLock() {
    return this.singleInstance
  }
  quit() {
    this.quits++
    // Like Electron: quitting asks before-quit listeners first; they may cancel.
    const event = fakeEvent()
    this.emit('before-quit', event)
  }
  exit(code = 0) {
    this.exits.push(code)
  }
}

/** A BrowserWindow class of its own per fake, so windows never leak between tests. */
function windowClass() {
  const instances: FakeBrowserWindow[] = []
  return class BrowserWindow extends FakeBrowserWindow {
    static readonly instances = instances
    static getAllWindows() {
      return instances.filter((win) => !win.destroyed)
    }
    constructor(options: Record<string, unknown>) {
      super(options)
      instances.push(this)
    }
  }
}

export function createFakeElectron() {
  const defaultSession = new FakeSession()
  const privileged: unknown[] = []
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>()
  const opened: string[] = []
  const errorBoxes: Array<{ title: string; content: string }> = []
  const messageBoxes: unknown[] = []
  const exposed: Array<{ key: string; api: unknown }> = []
  /** Displays by their work areas (DIPs), the first one primary; a test may replace them. */
  const displays: Array<{ workArea: { x: number; y: number; width: number; height: number } }> = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]
  const fake = {
    app: new FakeApp(),
    BrowserWindow: windowClass(),
    screen: {
      displays,
      getAllDisplays: () => [...displays],
      getPrimaryDisplay: () => displays[0]!,
    },
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    session: { defaultSession },
    protocol: {
      privileged,
      handlers: protocolHandlers,
      registerSchemesAsPrivileged: (schemes: unknown[]) => void privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    shell: {
      opened,
      openExternal: async (url: string) => void opened.push(url),
    },
    /** No OS secret store in the fake: the token cache stays in memory (safe-storage-box.ts). */
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: (plain: string) => Buffer.from(plain),
      decryptString: (data: Buffer) => data.toString(),
    },
    dialog: {
      errorBoxes,
      messageBoxes,
      /** Which button the fake user clicks in showMessageBox. */
      messageBoxResponse: 0,
      showErrorBox: (title: string, content: string) => void errorBoxes.push({ title, content }),
      showMessageBox: async (...args: unknown[]) => {
        messageBoxes.push(args)
        return { response: fake.dialog.messageBoxResponse, checkboxChecked: false }
      },
    },
    contextBridge: {
      exposed,
      exposeInMainWorld: (key: string, api: unknown) => void exposed.push({ key, api }),
    },
  }
  return fake
}

export type FakeElectron = ReturnType<typeof createFakeElectron>
