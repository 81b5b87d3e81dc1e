import { request as httpRequest } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebApp, type WebApp } from '@web/start-web-app'
import { offlineTenant } from '@support/offline-tenant'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Raw HTTP so the test controls Host and Origin exactly as an attacker's page or a rebinding DNS would. */
function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

describe('browser transport', () => {
  let app: WebApp
  let port: number
  let base: Record<string, string>
  const dirs: string[] = []
  useTempDirs()

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ab-http-'))
    const staticDir = mkdtempSync(join(tmpdir(), 'ab-static-'))
    dirs.push(dataDir, staticDir)
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Autopilot Bench</title>')
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    app = await startWebApp({ dataDir, port: 0, staticDir, workerPath: workerPath(), appVersion: '1.2.3', tenant: offlineTenant() })
    port = Number(new URL(app.origin).port)
    base = { host: `127.0.0.1:${port}`, 'content-type': 'application/json', authorization: `Bearer ${app.token}` }
  })
  afterAll(async () => {
    await app?.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  const rpc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(port, `/api/rpc/${channel}`, { method: 'POST', headers: { ...base, ...headers }, body: JSON.stringify(body) })

  it('binds to 127.0.0.1 and puts a 256-bit token in the URL fragment, not the query', () => {
    expect(app.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(app.url).toBe(`${app.origin}/#token=${app.token}`)
    expect(app.token).toMatch(/^[0-9a-f]{64}$/)
  })

  it('answers an authenticated call with the same envelope as IPC', async () => {
    const res = await rpc('app:get-info', {})
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { version: '1.2.3', transport: 'http', tenant: { id: 'offline' } } })
  })

  it('serves static assets without a token, with the CSP and no CORS headers', async () => {
    const res = await raw(port, '/', { headers: { host: `localhost:${port}` } })
    expect(res.status).toBe(200)
    expect(res.body).toContain('Autopilot Bench')
    expect(res.headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'")
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect((await raw(port, '/assets/app.js', { headers: { host: `127.0.0.1:${port}` } })).headers['content-type']).toContain('javascript')
  })

  it.each(['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc%2fpasswd', '/..\\..\\x'])('refuses path traversal %s', async (path) => {
    const res = await raw(port, path, { headers: { host: `127.0.0.1:${port}` } })
    expect(res.status).toBe(404)
  })

  it('checks Host first (403), then Origin (403), then the token (401)', async () => {
    const noToken = { ...base, authorization: '' }
    expect((await rpc('app:get-info', {}, { ...noToken, host: 'evil.example:80', origin: 'http://evil.example' })).status).toBe(403)
    expect((await rpc('app:get-info', {}, { host: 'evil.example' })).status).toBe(403)
    const foreignOrigin = await rpc('app:get-info', {}, { ...noToken, origin: 'http://evil.example' })
    expect(foreignOrigin.status).toBe(403)
    expect(JSON.parse(foreignOrigin.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect((await rpc('app:get-info', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    const missing = await rpc('app:get-info', {}, noToken)
    expect(missing.status).toBe(401)
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect((await rpc('app:get-info', {}, { authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401)
    expect((await rpc('app:get-info', {}, { authorization: app.token })).status).toBe(401)
    expect((await rpc('app:get-info', {}, { origin: `http://localhost:${port}` })).status).toBe(200)
  })

  it('does not accept the token in the query string', async () => {
    const res = await raw(port, `/api/rpc/app:get-info?token=${app.token}`, {
      method: 'POST',
      headers: { host: base.host!, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(401)
  })

  it('accepts only JSON POST bodies under the size cap', async () => {
    expect((await raw(port, '/api/rpc/app:get-info', { headers: base })).status).toBe(405)
    expect((await rpc('app:get-info', {}, { 'content-type': 'text/plain' })).status).toBe(415)
    const big = await raw(port, '/api/rpc/devices:list-devices', {
      method: 'POST',
      headers: base,
      body: JSON.stringify({ search: 'x'.repeat(2 * 1024 * 1024) }),
    })
    expect(big.status).toBe(413)
    // A manifest may be 5 MB (a large order, or an Intune hash CSV used as one): over the default cap, within its own.
    const manifest = await rpc('jobs:preview-manifest', { jobId: 'no-such-job', csv: 'Serial number\r\n' + 'PF3AAA,\r\n'.repeat(200_000) })
    expect(manifest.status).not.toBe(413)
    expect(JSON.parse(manifest.body)).toMatchObject({ ok: false })
    expect(JSON.parse(manifest.body).error.message).not.toMatch(/Request body/)
    const tooBig = await rpc('jobs:preview-manifest', { jobId: 'no-such-job', csv: 'x'.repeat(5_000_001) })
    expect(JSON.parse(tooBig.body)).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/at most 5 MB/) } })
    const garbage = await raw(port, '/api/rpc/app:get-info', { method: 'POST', headers: base, body: '{"oops' })
    expect(garbage.status).toBe(400)
    expect(JSON.parse(garbage.body)).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })

  it('routes unknown channels and bad payloads to `invalid` envelopes', async () => {
    expect(JSON.parse((await rpc('devices:drop-all', {})).body)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(JSON.parse((await rpc('devices:get-device', { id: 7 })).body)).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })

  it('streams events over SSE to an authenticated POST and refuses an unauthenticated one', async () => {
    expect((await raw(port, '/api/events', { method: 'POST', headers: { ...base, authorization: '' }, body: '{}' })).status).toBe(401)
    const controller = new AbortController()
    const res = await fetch(`${app.origin}/api/events`, {
      method: 'POST',
      headers: { authorization: base.authorization!, 'content-type': 'application/json' },
      body: '{}',
      signal: controller.signal,
    })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    await reader.read() // ": connected"
    await rpc('prefs:set-preference', { key: 'devices.search', value: 'abc' })
    let text = ''
    while (!text.includes('\n\n') || !text.includes('data:changed')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toContain('event: data:changed')
    expect(text).toContain('"preferences"')
    controller.abort()
  })

  it('keeps serving the cache while Intune is unreachable, and says why the sync failed', async () => {
    await app.core.sync.idle()
    const status = JSON.parse((await rpc('sync:get-status', {})).body)
    expect(status).toMatchObject({ ok: true, value: { running: false, lastError: { code: 'offline' } } })
    expect(JSON.parse((await rpc('devices:list-devices', {})).body)).toMatchObject({ ok: true, value: { items: [], total: 0 } })
  })
})
