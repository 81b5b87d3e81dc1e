import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'

export interface RunningWebApp {
  url: string
  origin: string
  token: string
  dataDir: string
  output: () => string
  stop: (signal?: NodeJS.Signals) => Promise<number | null>
}

/** Starts the built `out/web/server.cjs` exactly as `npm run web` does, and waits for its URL line. */
export async function startBuiltWebApp(extraArgs: string[] = []): Promise<RunningWebApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ab-e2e-'))
  const child: ChildProcess = spawn(process.execPath, ['out/web/server.cjs', '--port', '0', '--data-dir', dataDir, '--no-open', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web app did not print its URL:\n${output}`)), 30_000)
    const check = () => {
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})$/m.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => reject(new Error(`web app exited (${code}):\n${output}`)))
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    dataDir,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill(signal)
      }),
  }
}

export const test = base.extend<{ webApp: RunningWebApp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their first argument
  webApp: async ({}, use) => {
    const app = await startBuiltWebApp()
    await use(app)
    await app.stop()
    rmSync(app.dataDir, { recursive: true, force: true })
  },
})
export { expect } from '@playwright/test'
