import { join, resolve } from 'node:path'
import type { App, Dialog } from 'electron'
import { createCore as realCreateCore, type Core } from '@core/create-core'
import { DataDirBusyError } from '@core/db/data-dir-lock'
import { embeddedMockTenant, newEmbeddedMockToken, type EmbeddedMockServer } from '@core/tenant'
import type { ShellLog } from './shell-log'
import { startCoreHost, type CoreHost } from '@core/core-host'
import type { SecretBox } from '@core/identity/token-cache'
import { extraCaFromEnv, testCloudFromEnv } from '@core/identity/extra-cloud'
import { describeError } from './shell-log'
import { logDemoStateSetAside, startDemoTenantWithState } from '@core/demo-tenant-state'

/**
 * Starts the embedded mock on `port` (0: any) accepting only `token`. The app starts it on a thread of
 * its own (src/main/index.ts); `onError` hears of that thread failing later.
 */
export type StartMockIntune = (options: { port: number; token: string; onError: (error: Error) => void; stateFile?: string }) => Promise<EmbeddedMockServer>

/** The demo tenant's mock, its state kept in the data folder (startDemoTenantWithState). */
const startDemoMock = (options: StartCoreOptions, token: string) =>
  startDemoTenantWithState(dataDirFrom(options.env, options.app), (stateFile) =>
    options.startMockIntune({ port: 0, token, onError: logMockFailure(options.log), stateFile }),
  )

/** What the shell does when the demo tenant's mock fails after it started: its Graph stops answering, which the app reports as Intune unreachable. */
const logMockFailure = (log: ShellLog) => (error: Error) => log.log('error', "the demo tenant's mock Intune stopped", describeError(error))

export interface StartCoreOptions {
  app: Pick<App, 'getPath' | 'getVersion' | 'exit'>
  dialog: Pick<Dialog, 'showErrorBox'>
  env: NodeJS.ProcessEnv
  mainDir: string
  log: ShellLog
  startMockIntune: StartMockIntune
  createCore?: typeof realCreateCore
}

/** `AB_DATA_DIR` points tests (and second benches) at their own folder; empty counts as unset. */
export function dataDirFrom(env: NodeJS.ProcessEnv, app: Pick<App, 'getPath'>): string {
  const fromEnv = env.AB_DATA_DIR?.trim()
  return fromEnv ? resolve(fromEnv) : app.getPath('userData')
}

/**
 * Starts the embedded mock tenant and the core. On failure it explains the problem in a native error
 * box — the only UI that exists before the window — and exits with code 1; it then resolves to null.
 */
export async function startCoreOrExplain(options: StartCoreOptions): Promise<Core | null> {
  const { app, log } = options
  let server: EmbeddedMockServer | null = null
  try {
    // A new token every launch, known only to this process (the core hands it to its Graph calls).
    const token = newEmbeddedMockToken()
    const demo = await startDemoMock(options, token)
    server = demo.server
    const core = await (options.createCore ?? realCreateCore)({
      dataDir: dataDirFrom(options.env, app),
      tenant: embeddedMockTenant(server, token),
      workerPath: join(options.mainDir, 'db-worker.js'),
      appVersion: app.getVersion(),
      transport: 'ipc',
    })
    logDemoStateSetAside(core.log, demo.setAside)
    return core
  } catch (error) {
    log.log('error', 'start-up failed', describeError(error))
    await server?.close().catch(() => undefined)
    if (error instanceof DataDirBusyError) {
      options.dialog.showErrorBox('Autopilot Bench is already running', error.message)
    } else {
      options.dialog.showErrorBox('Autopilot Bench could not start', error instanceof Error ? error.message : String(error))
    }
    app.exit(1)
    return null
  }
}

/**
 * The app as shipped: the demo tenant by default plus the customer tenants of Settings, one core per
 * active tenant (src/main/core/core-host.ts); sign-in opens the system browser, tokens are sealed by `box`.
 * Failures are explained like startCoreOrExplain's.
 */
export async function startHostOrExplain(
  options: Omit<StartCoreOptions, 'createCore'> & { box: SecretBox | null; openSystemBrowser: (url: string) => Promise<void> },
): Promise<CoreHost | null> {
  const { app, log } = options
  let server: EmbeddedMockServer | null = null
  try {
    const token = newEmbeddedMockToken()
    const demo = await startDemoMock(options, token)
    server = demo.server
    const testCloud = testCloudFromEnv(options.env)
    const host = await startCoreHost({
      dataDir: dataDirFrom(options.env, app),
      demoTenant: embeddedMockTenant(server, token),
      workerPath: join(options.mainDir, 'db-worker.js'),
      appVersion: app.getVersion(),
      transport: 'ipc',
      box: options.box,
      openSystemBrowser: options.openSystemBrowser,
      extraClouds: testCloud ? [testCloud] : [],
      extraCaPem: extraCaFromEnv(options.env),
    })
    logDemoStateSetAside(host.log, demo.setAside)
    return host
  } catch (error) {
    log.log('error', 'start-up failed', describeError(error))
    await server?.close().catch(() => undefined)
    if (error instanceof DataDirBusyError) options.dialog.showErrorBox('Autopilot Bench is already running', error.message)
    else options.dialog.showErrorBox('Autopilot Bench could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
    return null
  }
}
