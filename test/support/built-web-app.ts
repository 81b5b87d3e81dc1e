import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The built browser-mode app (`out/web/server.cjs`, after `npm run build`) as a child process, for the
 * e2e fixture and the scan benchmark. No Playwright imports here, so plain scripts can use it.
 */
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

/** One call to the app's API as the page makes it (token in the Authorization header). */
export async function rpc<T>(app: Pick<RunningWebApp, 'origin' | 'token'>, channel: string, body: unknown): Promise<T> {
  const response = await fetch(`${app.origin}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const envelope = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.message ?? response.status}`)
  return envelope.value as T
}
