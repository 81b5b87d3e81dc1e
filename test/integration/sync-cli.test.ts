import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockIntune, type MockIntune } from '@mock-intune'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { bundleForNode } from '@support/node-bundle'

let cliScript = ''

interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  json: { ok: boolean; code: string | null; message: string; devicesInCache: number | null; seconds: number }
}

/** Runs the bundled CLI; `onStderr` may act on what it prints (e.g. send SIGINT once a sync is under way). */
function runCli(args: string[], env: Record<string, string | undefined>, options: { signalAfterMs?: number; signal?: NodeJS.Signals } = {}) {
  return new Promise<CliRun>((resolve) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, AB_DB_WORKER: workerPath(), GRAPH_TOKEN: undefined, ...env }
    for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key]
    const child = spawn(process.execPath, [cliScript, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = options.signalAfterMs === undefined ? null : setTimeout(() => child.kill(options.signal ?? 'SIGINT'), options.signalAfterMs)
    child.on('close', (code) => {
      if (timer) clearTimeout(timer)
      const lines = stdout.split('\n').filter((line) => line !== '')
      // Exactly one line, always.
      expect(lines, `stdout: ${stdout}\nstderr: ${stderr}`).toHaveLength(1)
      expect(stdout.endsWith('\n')).toBe(true)
      resolve({ code, stdout, stderr, json: JSON.parse(lines[0]!) as CliRun['json'] })
    })
  })
}

describe('npm run sync (headless sync CLI)', () => {
  const tempDir = useTempDirs()
  let mock: MockIntune
  let slow: MockIntune
  beforeAll(async () => {
    cliScript = await bundleForNode('src/main/core/cli/sync-cli.ts', 'ab-sync-cli-test', 'packages')
    mock = await startMockIntune({ port: 0, seed: 11, devices: 1234, throttle: 'off' })
    // 40 pages of 50 devices, each 100 ms late: long enough to interrupt.
    slow = await startMockIntune({
      port: 0,
      seed: 12,
      devices: 2000,
      pageSize: 50,
      throttle: 'off',
      faults: 'latency=always:ms=100:path=windowsAutopilotDeviceIdentities',
    })
  })
  afterAll(async () => {
    await mock?.close()
    await slow?.close()
  })

  it('syncs the mock: ok, every device cached, exit 0, three-decimal seconds', async () => {
    const dataDir = tempDir()
    const run = await runCli(['--graph-url', mock.url, '--data-dir', dataDir], { GRAPH_TOKEN: mock.token })
    expect(run.json).toMatchObject({ ok: true, code: null, devicesInCache: 1234 })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/"seconds":\d+\.\d{3}\}\n$/)
    // stderr is not a terminal here: no progress lines.
    expect(run.stderr).toBe('')
  })

  it('reads the token from --token-file (trailing newline allowed) and accepts --name=value', async () => {
    const dataDir = tempDir()
    const file = join(tempDir(), 'token.txt')
    writeFileSync(file, `${mock.token}\n`)
    const run = await runCli([`--graph-url=${mock.url}/`, `--data-dir=${dataDir}`, '--token-file', file], {})
    expect(run.json).toMatchObject({ ok: true, devicesInCache: 1234 })
    expect(run.code).toBe(0)
  })

  it('a wrong token: ok false, unauthorized, exit 1, and the token is not echoed', async () => {
    const run = await runCli(['--graph-url', mock.url, '--data-dir', tempDir()], { GRAPH_TOKEN: 'not-the-token-123' })
    expect(run.json).toMatchObject({ ok: false, code: 'unauthorized' })
    expect(run.code).toBe(1)
    expect(run.stdout + run.stderr).not.toContain('not-the-token-123')
  })

  it('a server that echoes the token back in its error: the JSON line and stderr never show it', async () => {
    const token = 'echo-me-secret-token-42'
    const server = createServer((req, res) => {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'BadRequest', message: `bad header ${req.headers.authorization ?? ''}\n\u001b[31mred` } }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const run = await runCli(['--graph-url', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--data-dir', tempDir()], { GRAPH_TOKEN: token })
      expect(run.code).toBe(1)
      expect(run.json.ok).toBe(false)
      expect(run.stdout + run.stderr).not.toContain(token)
      expect(run.json.message).toContain('[token]') // the echo was there, and scrubbed
      expect(run.stderr).not.toContain('\u001b')
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('the mock down: ok false, offline, exit 1', async () => {
    const down = await startMockIntune({ port: 0, devices: 1, throttle: 'off' })
    const url = down.url
    await down.close()
    const run = await runCli(['--graph-url', url, '--data-dir', tempDir()], { GRAPH_TOKEN: 'x' })
    expect(run.json).toMatchObject({ ok: false, code: 'offline', devicesInCache: 0 })
    expect(run.code).toBe(1)
  }, 30_000)

  it('SIGINT mid-sync: cancelled, exit 1, rows kept, database sound, and a re-run completes', async () => {
    const dataDir = tempDir()
    const run = await runCli(['--graph-url', slow.url, '--data-dir', dataDir], { GRAPH_TOKEN: slow.token }, { signalAfterMs: 1500 })
    expect(run.json).toMatchObject({ ok: false, code: 'cancelled' })
    expect(run.json.message).toMatch(/^Sync cancelled — [\d,]+ devices kept/)
    expect(run.code).toBe(1)
    const kept = run.json.devicesInCache!
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(2000)
    const dbFile = join(
      dataDir,
      readdirSync(dataDir).find((name) => name.endsWith('.db'))!,
    )
    const db = new Database(dbFile, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect((db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n).toBe(kept)
    db.close()
    const again = await runCli(['--graph-url', slow.url, '--data-dir', dataDir], { GRAPH_TOKEN: slow.token })
    expect(again.json).toMatchObject({ ok: true, devicesInCache: 2000 })
    expect(again.code).toBe(0)
  }, 60_000)

  it('SIGTERM cancels the same way', async () => {
    const run = await runCli(['--graph-url', slow.url, '--data-dir', tempDir()], { GRAPH_TOKEN: slow.token }, { signalAfterMs: 1500, signal: 'SIGTERM' })
    expect(run.json).toMatchObject({ ok: false, code: 'cancelled' })
    expect(run.code).toBe(1)
  }, 30_000)

  it('refuses --token on the command line with the reason, exit 2', async () => {
    for (const args of [['--token', 'abc'], ['--token=abc']]) {
      const run = await runCli(['--graph-url', mock.url, '--data-dir', tempDir(), ...args], {})
      expect(run.code).toBe(2)
      expect(run.json).toMatchObject({ ok: false, code: 'invalid', devicesInCache: null })
      expect(run.json.message).toMatch(/visible to other users/)
      expect(run.json.message).toMatch(/GRAPH_TOKEN/)
    }
  })

  it('usage errors exit 2 with one JSON line: missing flags, bad URLs, tokens, --tenant, --help', async () => {
    const dir = tempDir()
    const unreadable = join(dir, 'nope.txt')
    const empty = join(dir, 'empty.txt')
    writeFileSync(empty, '\n')
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--data-dir', dir], { GRAPH_TOKEN: 't' }, /--graph-url is missing/],
      [['--graph-url', mock.url], { GRAPH_TOKEN: 't' }, /--data-dir is missing/],
      [['--graph-url', 'not a url', '--data-dir', dir], { GRAPH_TOKEN: 't' }, /not a URL/],
      [['--graph-url', 'http://graph.example.com', '--data-dir', dir], { GRAPH_TOKEN: 't' }, /plain http/],
      [['--graph-url', 'ftp://127.0.0.1', '--data-dir', dir], { GRAPH_TOKEN: 't' }, /https/],
      [['--graph-url', `${mock.url}/beta`, '--data-dir', dir], { GRAPH_TOKEN: 't' }, /without a path/],
      [['--graph-url', 'https://user:pw@graph.microsoft.com', '--data-dir', dir], { GRAPH_TOKEN: 't' }, /user name or password/],
      [['--graph-url', mock.url, '--data-dir', dir], {}, /No token/],
      [['--graph-url', mock.url, '--data-dir', dir], { GRAPH_TOKEN: '  ' }, /empty/],
      [['--graph-url', mock.url, '--data-dir', dir], { GRAPH_TOKEN: 'a b' }, /spaces/],
      [['--graph-url', mock.url, '--data-dir', dir, '--token-file', unreadable], {}, /Cannot read --token-file/],
      [['--graph-url', mock.url, '--data-dir', dir, '--token-file', dir], {}, /not a file/],
      [['--graph-url', mock.url, '--data-dir', dir, '--token-file', empty], {}, /empty/],
      [['--graph-url', mock.url, '--data-dir', dir, '--token-file', empty], { GRAPH_TOKEN: 't' }, /one way only/],
      [['--tenant', 'contoso', '--data-dir', dir], {}, /sign-in is not available yet; use GRAPH_TOKEN/],
      [['--graph-url', mock.url, '--data-dir', dir, '--frobnicate'], { GRAPH_TOKEN: 't' }, /Unknown option --frobnicate/],
      [['--graph-url', mock.url, '--data-dir', dir, 'extra'], { GRAPH_TOKEN: 't' }, /Unexpected argument/],
      [['--graph-url', mock.url, '--graph-url', mock.url, '--data-dir', dir], { GRAPH_TOKEN: 't' }, /twice/],
      [['--graph-url'], { GRAPH_TOKEN: 't' }, /needs a value/],
    ]
    for (const [args, env, message] of cases) {
      const run = await runCli(args, env)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.json, args.join(' ')).toMatchObject({ ok: false, code: 'invalid', devicesInCache: null })
      expect(run.json.message, args.join(' ')).toMatch(message)
    }
    const help = await runCli(['--help'], {})
    expect(help.code).toBe(2)
    expect(help.stderr).toMatch(/^usage: GRAPH_TOKEN=/)
  }, 60_000)
})
