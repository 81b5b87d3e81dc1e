import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCliArgs } from '@mock-intune/cli-args'
import { runCli } from '@mock-intune/cli-main'
import { send, type ListBody } from './support'

describe('parseCliArgs', () => {
  it('reads every option in both --name value and --name=value forms', () => {
    expect(parseCliArgs(['--port', '4321', '--seed=9', '--devices', '100', '--token', 't', '--host=0.0.0.0', '--page-size', '50'])).toEqual({
      kind: 'run',
      options: { port: 4321, seed: 9, devices: 100, token: 't', host: '0.0.0.0', pageSize: 50 },
    })
    expect(parseCliArgs([])).toEqual({ kind: 'run', options: {} })
    expect(
      parseCliArgs(['--state', 's.json', '--faults=503=0.1:retry-after=2,latency=#1', '--throttle', 'off', '--speed', '120', '--tpm-failure-rate=0.25']),
    ).toEqual({
      kind: 'run',
      options: { stateFile: 's.json', faults: '503=0.1:retry-after=2,latency=#1', throttle: 'off', speed: 120, tpmFailureRate: 0.25 },
    })
    expect(parseCliArgs(['--faults', ''])).toEqual({ kind: 'run', options: { faults: '' } })
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' })
  })

  it.each([
    [['--nope']],
    [['--port']],
    [['--port', 'abc']],
    [['--seed', '-1']],
    [['--devices', '']],
    [['--throttle', 'sometimes']],
    [['--speed', 'fast']],
    [['--state', '']],
  ])('rejects %j', (argv) => {
    expect(parseCliArgs(argv).kind).toBe('error')
  })
})

describe('runCli (in process)', () => {
  it('prints exactly the URL line, serves, and closes on stop', async () => {
    const out: string[] = []
    let stop: (signal: string) => void = () => undefined
    const done = runCli(['--devices', '5', '--seed', '2', '--token', 'dev-token-for-this-test'], {
      stdout: (text) => out.push(text),
      stderr: () => undefined,
      waitForStop: () => new Promise((resolve) => (stop = resolve)),
    })
    await expect.poll(() => out.length).toBe(1)
    const url = (out[0] ?? '').trimEnd()
    expect(out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/)
    const res = await send({ url, token: 'dev-token-for-this-test' }, '/beta/deviceManagement/windowsAutopilotDeviceIdentities')
    expect((res.json as ListBody).value).toHaveLength(5)
    stop('SIGTERM')
    await expect(done).resolves.toBe(0)
    await expect(send({ url }, '/v1.0/organization')).rejects.toThrow()
  })

  it('without --token makes a random token per run and prints it on stderr, never a fixed default', async () => {
    const runs: Array<{ url: string; token: string }> = []
    for (let i = 0; i < 2; i++) {
      const out: string[] = []
      const err: string[] = []
      let stop: (signal: string) => void = () => undefined
      const done = runCli(['--devices', '2'], {
        stdout: (text) => out.push(text),
        stderr: (text) => err.push(text),
        waitForStop: () => new Promise((resolve) => (stop = resolve)),
      })
      await expect.poll(() => out.length).toBe(1)
      const token = /bearer token for this run[^:]*: ([A-Za-z0-9_-]{43})\n/.exec(err.join(''))?.[1] ?? ''
      expect(token).not.toBe('')
      const url = (out[0] ?? '').trimEnd()
      expect((await send({ url, token }, '/v1.0/organization')).status).toBe(200)
      expect((await send({ url, token: 'mock-intune-dev-token' }, '/v1.0/organization')).status).toBe(401)
      runs.push({ url, token })
      stop('SIGTERM')
      await expect(done).resolves.toBe(0)
    }
    expect(runs[0]?.token).not.toBe(runs[1]?.token)
  })

  it('exits 2 on bad arguments and 1 when the options are out of range', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined, waitForStop: () => new Promise<string>(() => undefined) }
    await expect(runCli(['--bogus'], io)).resolves.toBe(2)
    await expect(runCli(['--devices', '99999999'], io)).resolves.toBe(1)
    await expect(runCli(['--faults', '404=1'], io)).resolves.toBe(1)
    await expect(runCli(['--speed', '0'], io)).resolves.toBe(1)
  })
})

describe('cli.ts as a real process', () => {
  let dir = ''
  let bundle = ''

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mock-intune-cli-'))
    bundle = join(dir, 'cli.mjs')
    await build({
      entryPoints: [fileURLToPath(new URL('../../src/mock-intune/cli.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'silent',
    })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each(['SIGTERM', 'SIGINT'] as const)('prints the URL when ready, serves, and exits 0 on %s', async (signal) => {
    const child = spawn(process.execPath, [bundle, '--port', '0', '--devices', '3', '--token', 'cli-process-token'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.setEncoding('utf8')
    const firstLine = new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '')
      })
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const url = await firstLine
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await send({ url, token: 'cli-process-token' }, '/v1.0/organization')).status).toBe(200)
    child.kill(signal)
    await expect(exited).resolves.toBe(0)
    expect(stdout).toBe(`${url}\n`)
  })
})
