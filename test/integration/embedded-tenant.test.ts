import { mkdirSync, writeFileSync } from 'node:fs'
import { Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { embeddedMockTenant } from '@core/tenant'
import { startWebApp, type WebApp } from '@web/start-web-app'
import { useTempDirs, workerPath } from '@support/temp-dir'

/** The token the embedded tenant used to accept, written in the docs: it must open nothing now. */
const OLD_FIXED_TOKEN = 'mock-intune-dev-token'

describe('the embedded demo tenant (browser start-up)', () => {
  const tempDir = useTempDirs()
  const apps: WebApp[] = []
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close()
  })

  async function launch() {
    const staticDir = tempDir('ab-static-')
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    const app = await startWebApp({ dataDir: tempDir('ab-embedded-'), port: 0, staticDir, workerPath: workerPath(), appVersion: 't' })
    apps.push(app)
    const tenant = app.core.tenant
    return { tenant, token: await tenant.getToken(), organization: `${tenant.graphBaseUrl.replace(/\/beta$/, '')}/v1.0/organization` }
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

  it('will not wrap a mock on a fixed or weak token', () => {
    const server = { url: 'http://127.0.0.1:9', close: async () => undefined }
    expect(() => embeddedMockTenant({ ...server, token: OLD_FIXED_TOKEN })).toThrow(/random per-launch token/)
    expect(() => embeddedMockTenant({ ...server, token: 'x' }, 'short')).toThrow()
  })
})
