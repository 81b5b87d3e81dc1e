import { join, resolve } from 'node:path'
import type { App, Dialog } from 'electron'
import { createCore as realCreateCore, type Core } from '@core/create-core'
import { DataDirBusyError } from '@core/db/data-dir-lock'
import { embeddedMockTenant, newEmbeddedMockToken, type EmbeddedMockServer } from '@core/tenant'
import type { ShellLog } from './shell-log'
import { describeError } from './shell-log'

/** Starts the embedded mock on `port` (0: any) accepting only `token`. */
export type StartMockIntune = (options: { port: number; token: string }) => Promise<EmbeddedMockServer>

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
    server = await options.startMockIntune({ port: 0, token })
    return await (options.createCore ?? realCreateCore)({
      dataDir: dataDirFrom(options.env, app),
      tenant: embeddedMockTenant(server, token),
      workerPath: join(options.mainDir, 'db-worker.js'),
      appVersion: app.getVersion(),
      transport: 'ipc',
    })
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
