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
import { dataDirFrom, startCoreOrExplain, type StartMockIntune } from './start-core'

export interface StartAppDeps {
  electron: ShellElectron
  startMockIntune: StartMockIntune
  /** Folder of the built main bundle (out/main): renderer, preload and db worker are found from it. */
  mainDir: string
  env?: NodeJS.ProcessEnv
  processLike?: Pick<NodeJS.Process, 'on'>
  createCore?: typeof createCore
  createHandlers?: typeof realCreateHandlers
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
  const appWindows = createAppWindows(deps.electron, { preloadPath: join(deps.mainDir, '../preload/index.cjs'), log })
  app.on('second-instance', () => appWindows.bringToFront()) // early: a second launch may come during start-up
  await app.whenReady()
  installAppProtocol(protocol, join(deps.mainDir, '../renderer'))
  installPermissionGuards(session.defaultSession, log)
  installDownloadGuard(session.defaultSession, log)

  const core = await startCoreOrExplain({ app, dialog, env, mainDir: deps.mainDir, log, startMockIntune: deps.startMockIntune, createCore: deps.createCore })
  if (!core) return null
  log.attach(core.log)

  registerIpc(ipcMain, (deps.createHandlers ?? realCreateHandlers)(core), {
    isTrustedSender: createTrustedSenderCheck(appWindows.liveContents),
    log: core.log,
  })
  installQuitGuard(
    app,
    async () => {
      await core.close()
      log.attach(null) // the file log is closed now
    },
    log,
  )
  appWindows.forwardEventsFrom(core.bus)
  appWindows.open()
  app.on('activate', () => {
    if (appWindows.windows.size === 0) appWindows.open() // macOS: dock click with no window open
  })
  app.on('window-all-closed', () => app.quit())
  // Same as browser mode: fresh data on every start when Intune is reachable; offline, the cache shows as is.
  core.sync.start(randomUUID()).catch((error: unknown) => log.log('warn', 'start-up sync did not start', describeError(error)))
  return { core, windows: appWindows.windows }
}
