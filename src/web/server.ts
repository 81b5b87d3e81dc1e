import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { parseWebArgs, UsageError } from './web-options'
import { startWebApp } from './start-web-app'
import { DataDirBusyError } from '@core/db/data-dir-lock'
import { extraCaFromEnv, testCloudFromEnv } from '@core/identity/extra-cloud'

/**
 * `npm run web`: entry point of the browser transport, bundled to out/web/server.cjs — separately
 * from the Electron main bundle, which never contains this server.
 */
declare const __APP_VERSION__: string

function openBrowser(url: string) {
  const command = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open'
  const args = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => console.log('Could not open a browser; open the address above yourself.'))
    child.unref()
  } catch {
    console.log('Could not open a browser; open the address above yourself.')
  }
}

async function main() {
  const options = parseWebArgs(process.argv.slice(2))
  const app = await startWebApp({
    dataDir: options.dataDir,
    port: options.port,
    staticDir: join(__dirname, '../renderer'),
    workerPath: join(__dirname, 'db-worker.cjs'),
    appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
    testCloud: testCloudFromEnv(process.env),
    extraCaPem: extraCaFromEnv(process.env),
  })
  console.log(`Autopilot Bench (browser mode) — data folder: ${options.dataDir}`)
  console.log('Open this address (it contains your session token; do not share it):')
  console.log(app.url)
  if (options.open) openBrowser(app.url)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: closing the database…`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('unhandledRejection', (reason) => app.core.log.log('error', 'unhandled rejection', { reason: String(reason) }))
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DataDirBusyError) console.error(error.message)
  else console.error('Autopilot Bench could not start:', error instanceof Error ? error.message : error)
  process.exit(error instanceof UsageError ? 2 : 1)
})
