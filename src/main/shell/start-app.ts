import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { BrowserWindow } from 'electron'
import type { Core, createCore } from '@core/create-core'
import { createHandlers as realCreateHandlers } from '@core/handlers'
import { registerIpc } from '@core/ipc/register-ipc'
import { createTrustedSenderCheck } from '@core/ipc/trusted-sender'
import { installAppProtocol } from './app-protocol'
import { registerAppScheme } from './app-scheme'
import { logProcessErrors } from './crash-recovery'
import type { ShellElectron } from './electron-types'
import { createAppWindows } from './app-windows'
import { installPermissionGuards } from './permission-guards'
import { installDownloadGuard } from './download-guard'
import { installQuitGuard } from './quit-guard'
import { createShellLog, describeError } from './shell-log'
import { dataDirFrom, startCoreOrExplain, startHostOrExplain, type StartMockIntune } from './start-core'
import { safeStorageBox } from './safe-storage-box'
import { toSafeExternalUrl } from '@core/security/external-url'

export interface StartAppDeps {
  electron: ShellElectron
  startMockIntune: StartMockIntune
  /** Folder of the built main bundle (out/main): renderer, preload and db worker are found from it. */
  mainDir: string
  env?: NodeJS.ProcessEnv
  processLike?: Pick<NodeJS.Process, 'on'>
  createCore?: typeof createCore
  createHandlers?: typeof realCreateHandlers
  /** Electron's safeStorage: with it (and no injected core), customer tenants and sign-in are on (docs/tenant-setup.md). */
  safeStorage?: Parameters<typeof safeStorageBox>[0]
}

export interface RunningApp {
  core: Core
  windows: ReadonlySet<BrowserWindow>
}

/** The whole Electron start-up, in order. Resolves to null when this process should not run. */
export async function startApp(deps: StartAppDeps): Promise<RunningApp | null> {
  const { app, protocol, session, ipcMain, dialog } = deps.electron
  const env = deps.env ?? process.env
  const log = createShellLog()
  logProcessErrors(deps.processLike ?? process, log)
  // Electron's single-instance lock lives in userData: a test's own data dir must also isolate it.
  if (env.AB_DATA_DIR?.trim()) app.setPath('userData', dataDirFrom(env, app))
  if (!app.requestSingleInstanceLock()) {
    app.quit() // the first instance gets 'second-instance' and comes to the front
    return null
  }
  registerAppScheme(protocol) // must happen before 'ready'
  const appWindows = createAppWindows(deps.electron, {
    preloadPath: join(deps.mainDir, '../preload/index.cjs'),
    log,
    windowLog: log.appWide,
    windowStateFile: join(app.getPath('userData'), 'window-state.json'),
  })
  app.on('second-instance', () => appWindows.bringToFront()) // early: a second launch may come during start-up
  await app.whenReady()
  installAppProtocol(protocol, join(deps.mainDir, '../renderer'))
  installPermissionGuards(session.defaultSession, log)
  installDownloadGuard(session.defaultSession, log)

  // Customer tenants need the host (one core per tenant); tests that inject a core keep the single-core path.
  const withTenants = deps.safeStorage !== undefined && !deps.createCore && !deps.createHandlers
  const host = withTenants
    ? await startHostOrExplain({
        app,
        dialog,
        env,
        mainDir: deps.mainDir,
        log,
        startMockIntune: deps.startMockIntune,
        box: safeStorageBox(deps.safeStorage!),
        // MSAL's authorize URL goes to the system browser; only https (never a file or a custom scheme).
        openSystemBrowser: async (url) => {
          const safe = toSafeExternalUrl(url)
          if (!safe) throw new Error('The sign-in address is not an https address.')
          await deps.electron.shell.openExternal(safe)
        },
      })
    : null
  const single = withTenants
    ? null
    : await startCoreOrExplain({ app, dialog, env, mainDir: deps.mainDir, log, startMockIntune: deps.startMockIntune, createCore: deps.createCore })
  if (!host && !single) return null
  const fileLog = host ? host.log : single!.log
  log.attach(fileLog)

  registerIpc(ipcMain, host ? host.handlers : (deps.createHandlers ?? realCreateHandlers)(single!), {
    isTrustedSender: createTrustedSenderCheck(appWindows.liveContents),
    log: fileLog,
  })
  installQuitGuard(
    app,
    async () => {
      await (host ? host.close() : single!.close())
      log.attach(null) // the file log is closed now
    },
    log,
  )
  appWindows.forwardEventsFrom(host ? host.bus : single!.bus)
  appWindows.open()
  app.on('activate', () => {
    if (appWindows.windows.size === 0) appWindows.open() // macOS: dock click with no window open
  })
  app.on('window-all-closed', () => app.quit())
  // Same as browser mode: fresh data on every start when Intune is reachable; offline, the cache shows as is.
  // (The host starts one for each tenant it opens.)
  single?.sync.start(randomUUID()).catch((error: unknown) => log.log('warn', 'start-up sync did not start', describeError(error)))
  return {
    get core() {
      return host ? host.core : single!
    },
    windows: appWindows.windows,
  }
}
