import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCliArgs } from '@mock-intune/cli-args'
import { runCli } from '@mock-intune/cli-main'

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)))

describe('parseCliArgs: --auth entra', () => {
  it('reads the sign-in options', () => {
    expect(
      parseCliArgs([
        '--auth',
        'entra',
        '--token-lifetime',
        '60',
        '--password=pw',
        '--consent',
        'fabrikam.com=User.Read,DeviceManagementServiceConfig.Read.All',
        '--consent=contoso.com=none',
        '--block-device-code',
        'all',
        '--clock-skew',
        '-600',
        '--device-code-lifetime',
        '30',
      ]),
    ).toEqual({
      kind: 'run',
      options: {},
      entra: {
        tokenLifetime: 60,
        password: 'pw',
        consent: { 'fabrikam.com': ['User.Read', 'DeviceManagementServiceConfig.Read.All'], 'contoso.com': [] },
        blockDeviceCode: ['all'],
        clockSkew: -600,
        deviceCodeLifetime: 30,
      },
    })
    expect(parseCliArgs(['--auth', 'entra'])).toEqual({ kind: 'run', options: {}, entra: {} })
  })

  it.each([[['--auth', 'basic']], [['--token-lifetime', '60']], [['--auth', 'entra', '--consent', 'nodomain']], [['--auth', 'entra', '--clock-skew', 'soon']]])(
    'rejects %j',
    (argv) => {
      expect(parseCliArgs(argv).kind).toBe('error')
    },
  )

  it('exits 1 with a message naming the option for an unknown tenant or permission', async () => {
    const err: string[] = []
    const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t), waitForStop: () => new Promise<string>(() => undefined) }
    await expect(runCli(['--auth', 'entra', '--consent', 'contoso.net=User.Read'], io)).resolves.toBe(1)
    expect(err.join('')).toContain("consent: no tenant 'contoso.net'")
    await expect(runCli(['--auth', 'entra', '--consent', 'contoso.com=Mail.Send'], io)).resolves.toBe(1)
    expect(err.join('')).toContain('unknown permission Mail.Send')
  })
})

/** What an outside client does with only the printed lines: MSAL with global fetch and NODE_EXTRA_CA_CERTS. */
const CLIENT = `
import { PublicClientApplication } from '@azure/msal-node'
const [authority, clientId, login, password, graph] = process.argv.slice(2)
const app = new PublicClientApplication({ auth: { clientId, authority, knownAuthorities: [new URL(authority).host] } })
const result = await app.acquireTokenByDeviceCode({
  scopes: ['https://graph.microsoft.com/.default'],
  deviceCodeCallback: (r) => {
    // A refused login leaves the code pending and MSAL polling until it expires: say so and stop at once.
    fetch(r.verificationUri, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: r.userCode, login, password }) })
      .then(async (res) => {
        if (res.ok) return
        console.error('the device login page answered ' + res.status + ': ' + (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\\s+/g, ' ').slice(0, 400))
        process.exit(3)
      })
      .catch((e) => {
        console.error(e)
        process.exit(4)
      })
  },
})
const res = await fetch(graph + '/beta/deviceManagement/windowsAutopilotDeviceIdentities', { headers: { Authorization: 'Bearer ' + result.accessToken } })
const body = await res.json()
console.log(JSON.stringify({ tenantId: result.account.tenantId, username: result.account.username, status: res.status, devices: body.value.length }))
`

describe('cli.ts --auth entra as a real process, used by an outside MSAL client', () => {
  let dir = ''
  let bundle = ''

  beforeAll(async () => {
    // Inside node_modules/.cache so the bundle and the client resolve @azure/msal-node and node-forge from this project.
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true })
    dir = mkdtempSync(join(root, 'node_modules/.cache', 'entra-cli-'))
    bundle = join(dir, 'cli.cjs')
    await build({
      entryPoints: [join(root, 'src/mock-intune/cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      outfile: bundle,
      logLevel: 'silent',
    })
    writeFileSync(join(dir, 'client.mjs'), CLIENT)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  // Two real Node processes load MSAL and a TLS server on a shared 2-core CI machine: allow them time, and when
  // a step does stall, fail with which step and what both processes printed instead of a bare timeout.
  it('prints the contract lines, and a device code sign-in with NODE_EXTRA_CA_CERTS reads the tenant', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, [bundle, '--auth', 'entra', '--devices', '7', '--password', 'Bench-Pass-1'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const output = { mock: '', mockErr: '', client: '', clientErr: '' }
    child.stdout.setEncoding('utf8')
    child.stderr.on('data', (c: Buffer) => (output.mockErr += c.toString()))
    const ready = new Promise<string[]>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        output.mock += chunk
        // Only whole lines count: a chunk may end in the middle of the password line.
        const lines = output.mock.split('\n').slice(0, -1)
        if (lines.some((l) => l.startsWith('password: '))) resolve(lines.filter((l) => l !== ''))
      })
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const within = <T>(step: string, promise: Promise<T>, ms: number): Promise<T> => {
      let timer: NodeJS.Timeout | undefined
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${step}: nothing after ${ms} ms\n${JSON.stringify(output, null, 2)}`)), ms)
      })
      return Promise.race([promise, stalled]).finally(() => clearTimeout(timer))
    }
    let client: ReturnType<typeof spawn> | undefined
    try {
      const lines = await within('the mock printing its contract lines', ready, 20_000)
      expect(lines[0]).toMatch(/^graph: http:\/\/127\.0\.0\.1:\d+$/)
      const authorities = lines.filter((l) => l.startsWith('authority: '))
      expect(authorities).toHaveLength(2)
      for (const line of authorities) expect(line).toMatch(/^authority: https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36} domain=[a-z0-9.-]+$/)
      expect(authorities.map((l) => l.split('domain=')[1])).toEqual(['contoso.com', 'fabrikam.com'])
      const ca = /^ca: (.+)$/.exec(lines.find((l) => l.startsWith('ca: ')) ?? '')?.[1] ?? ''
      expect(existsSync(ca)).toBe(true)
      const clientId = /^client-id: ([0-9a-f-]{36})$/.exec(lines.find((l) => l.startsWith('client-id: ')) ?? '')?.[1] ?? ''
      expect(clientId).not.toBe('')
      expect(lines).toContain('password: Bench-Pass-1')

      const graph = (lines[0] ?? '').slice('graph: '.length)
      const authority = /^authority: (\S+)/.exec(authorities[1] ?? '')?.[1] ?? ''
      client = spawn(process.execPath, [join(dir, 'client.mjs'), authority, clientId, 'tech@fabrikam.com', 'Bench-Pass-1', graph], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: ca },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      client.stdout?.on('data', (c: Buffer) => (output.client += c.toString()))
      client.stderr?.on('data', (c: Buffer) => (output.clientErr += c.toString()))
      const signedIn = client
      const code = await within('the MSAL client signing in and reading Graph', new Promise<number | null>((resolve) => signedIn.on('exit', resolve)), 45_000)
      expect(output.clientErr).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(output.client)).toEqual({ tenantId: authority.split('/').pop(), username: 'tech@fabrikam.com', status: 200, devices: 7 })
      child.kill('SIGTERM')
      await expect(within('the mock stopping on SIGTERM', exited, 15_000)).resolves.toBe(0)
      // The per-run certificate folder goes with the process.
      expect(existsSync(ca)).toBe(false)
    } finally {
      client?.kill('SIGKILL')
      child.kill('SIGKILL')
    }
  })
})
