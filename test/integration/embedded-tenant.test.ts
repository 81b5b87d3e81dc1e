import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { embeddedMockTenant } from '@core/tenant'
import { startWebApp, type WebApp } from '@web/start-web-app'
import { createHandlers } from '@core/handlers'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { startMockIntune } from '@mock-intune/server'
import { DEMO_TENANT_STATE_FILE, setAsideLogMessage } from '@core/demo-tenant-state'

/** The token the embedded tenant used to accept, written in the docs: it must open nothing now. */
const OLD_FIXED_TOKEN = 'mock-intune-dev-token'

describe('the embedded demo tenant (browser start-up)', () => {
  const tempDir = useTempDirs()
  const apps: WebApp[] = []
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close()
  })

  async function launch(dataDir = tempDir('ab-embedded-')) {
    const staticDir = tempDir('ab-static-')
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    const app = await startWebApp({ dataDir, port: 0, staticDir, workerPath: workerPath(), appVersion: 't' })
    apps.push(app)
    const tenant = app.core.tenant
    return { app, tenant, token: await tenant.getToken(), organization: `${tenant.graphBaseUrl.replace(/\/beta$/, '')}/v1.0/organization` }
  }

  it('runs on a random per-launch token; the old fixed token gets 401', async () => {
    const first = await launch()
    expect(first.tenant.kind).toBe('embedded-mock')
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await fetch(first.organization, { headers: { Authorization: `Bearer ${first.token}` } })).status).toBe(200)
    expect((await fetch(first.organization, { headers: { Authorization: `Bearer ${OLD_FIXED_TOKEN}` } })).status).toBe(401)

    const second = await launch()
    expect(second.token).not.toBe(first.token)
    expect((await fetch(second.organization, { headers: { Authorization: `Bearer ${first.token}` } })).status).toBe(401)
  })

  it("hosts the demo tenant's mock on a thread of its own, and ends it with the app", async () => {
    // Servers that start listening on this thread during the launch: the app's own transport only, not the mock.
    const listen = vi.spyOn(Server.prototype, 'listen')
    let listened = 0
    const { token, organization } = await launch().finally(() => {
      listened = listen.mock.calls.length
      listen.mockRestore()
    })
    expect(listened).toBe(1)
    expect((await fetch(organization, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200)
    await apps.pop()!.close()
    await expect(fetch(organization, { headers: { Authorization: `Bearer ${token}` } })).rejects.toThrow()
  })

  it('refuses a DNS-rebinding Host and a browser Origin with 403, even with the right token', async () => {
    const { token, organization } = await launch()
    const port = new URL(organization).port
    const { request } = await import('node:http')
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(organization, { headers: { Authorization: `Bearer ${token}`, ...headers }, setHost: !('Host' in headers) }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end()
      })
    expect(await status({ Host: `evil.example:${port}` })).toBe(403)
    expect(await status({ Origin: 'http://evil.example' })).toBe(403)
    expect(await status({})).toBe(200)
  })

  describe("the demo tenant's changes survive a restart (its state file in the data folder)", () => {
    const ctx = (app: WebApp) => ({ correlationId: 'corr-test', log: app.core.log })
    const handlers = (app: WebApp) => createHandlers(app.core)

    it('a delivered group tag is still in the demo tenant, and in the cache, after a restart on the same data folder', async () => {
      const dataDir = tempDir('ab-embedded-')
      const first = await launch(dataDir)
      await first.app.core.sync.idle()
      const list = (await (
        await fetch(`${first.tenant.graphBaseUrl}/deviceManagement/windowsAutopilotDeviceIdentities?$top=1`, {
          headers: { Authorization: `Bearer ${first.token}` },
        })
      ).json()) as { value: Array<{ id: string }> }
      const id = list.value[0]!.id
      await handlers(first.app)['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'DEMO-KEPT' } }, ctx(first.app))
      let state: string | undefined
      for (let i = 0; i < 100 && state !== 'done'; i++) {
        await first.app.core.outbox.kick()
        const [item] = await handlers(first.app)['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx(first.app))
        state = item?.state
        if (state !== 'done') await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(state).toBe('done')
      await apps.pop()!.close()
      const stateFile = join(dataDir, DEMO_TENANT_STATE_FILE)
      expect(existsSync(stateFile)).toBe(true)
      if (process.platform !== 'win32') expect(statSync(stateFile).mode & 0o077).toBe(0) // private, like the rest of the folder

      const second = await launch(dataDir)
      await second.app.core.sync.idle() // the startup sync no longer puts the generated tag back
      const device = await handlers(second.app)['devices:get-device']({ id }, ctx(second.app))
      expect(device).toMatchObject({ groupTag: 'DEMO-KEPT' })
    })

    it("a fault walk's MOCK_INTUNE_FAULTS does not outlive its launch, though the state file remembers faults", async () => {
      const dataDir = tempDir('ab-embedded-')
      const before = process.env.MOCK_INTUNE_FAULTS
      process.env.MOCK_INTUNE_FAULTS = '503=always:path=organization'
      try {
        const faulty = await launch(dataDir)
        expect((await fetch(faulty.organization, { headers: { Authorization: `Bearer ${faulty.token}` } })).status).toBe(503)
        // Any change makes the mock write its state file, faults included.
        await fetch(`${faulty.tenant.graphBaseUrl.replace(/\/beta$/, '')}/_sim/settings`, {
          method: 'PATCH',
          headers: { Authorization: `Bearer ${faulty.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ tpmFailureRate: 0.2 }),
        })
        await apps.pop()!.close()
        expect(readFileSync(join(dataDir, DEMO_TENANT_STATE_FILE), 'utf8')).toContain('503=always')
      } finally {
        if (before === undefined) delete process.env.MOCK_INTUNE_FAULTS
        else process.env.MOCK_INTUNE_FAULTS = before
      }
      const next = await launch(dataDir)
      expect((await fetch(next.organization, { headers: { Authorization: `Bearer ${next.token}` } })).status).toBe(200)
    })

    it('a state file that cannot be loaded (damaged, another tenant) does not stop the app: moved aside, logged, a fresh tenant', async () => {
      // Another tenant's state: seed 2 (Fabrikam), written by a mock of its own.
      const other = tempDir('ab-other-')
      const mock = await startMockIntune({ port: 0, seed: 2, stateFile: join(other, 'state.json'), throttle: 'off' })
      await fetch(`${mock.url}/_sim/settings`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${mock.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tpmFailureRate: 0.2 }),
      })
      await mock.close()
      const otherTenant = readFileSync(join(other, 'state.json'), 'utf8')

      for (const content of ['{"format":"mock-intune-state","vers', otherTenant]) {
        const dataDir = tempDir('ab-embedded-')
        writeFileSync(join(dataDir, DEMO_TENANT_STATE_FILE), content)
        const { token, organization } = await launch(dataDir)
        expect((await fetch(organization, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200)
        const aside = readdirSync(dataDir).filter((name) => name.startsWith('demo-tenant.unreadable-'))
        expect(aside).toHaveLength(1)
        expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toBe(content)
        await apps.pop()!.close()
        const log = readFileSync(join(dataDir, 'logs', 'app.log'), 'utf8')
        expect(log).toContain(setAsideLogMessage)
        expect(log).toContain(aside[0])
      }
    })
  })

  it('will not wrap a mock on a fixed or weak token', () => {
    const server = { url: 'http://127.0.0.1:9', close: async () => undefined }
    expect(() => embeddedMockTenant({ ...server, token: OLD_FIXED_TOKEN })).toThrow(/random per-launch token/)
    expect(() => embeddedMockTenant({ ...server, token: 'x' }, 'short')).toThrow()
  })
})
