import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const read = (file: string) => readFileSync(file, 'utf8')
const mainBundleFiles = () =>
  readdirSync('out/main')
    .filter((f) => f.endsWith('.js'))
    .map((f) => join('out/main', f))

/** Strings that only the browser transport's server contains. */
const serverMarkers = ['Missing or wrong session token', '/api/events', 'Cross-site request refused']

describe('build output (run `npm run build` first; npm test does)', () => {
  it('emits the web server and its database worker as a separate entry point', () => {
    expect(existsSync('out/web/server.cjs')).toBe(true)
    expect(existsSync('out/web/db-worker.cjs')).toBe(true)
    for (const marker of serverMarkers) expect(read('out/web/server.cjs')).toContain(marker)
  })

  it('keeps the HTTP server out of the Electron main bundle', () => {
    const files = mainBundleFiles()
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) for (const marker of serverMarkers) expect(read(file), `${file} contains ${marker}`).not.toContain(marker)
  })

  it("emits the demo tenant's mock worker beside each database worker, where the app starts it from", () => {
    expect(existsSync('out/main/mock-intune-worker.js')).toBe(true)
    expect(read('out/main/index.js')).toContain('mock-intune-worker.js')
    expect(existsSync('out/web/mock-intune-worker.cjs')).toBe(true)
    // The web server finds it next to its database worker (start-web-app.ts).
    expect(read('out/web/server.cjs')).toContain('mock-intune-worker')
    // The worker holds the mock itself: its Graph routes and the listen that startMockIntune makes.
    for (const file of ['out/main/mock-intune-worker.js', 'out/web/mock-intune-worker.cjs']) expect(read(file)).toContain('windowsAutopilotDeviceIdentities')
  })

  it("keeps the mock's own code out of the bundles that host the core: it runs only in its worker", () => {
    // The mock's answer to an unknown API version (http/handle-request.ts): text no app code has.
    const mockOnly = 'Invalid version: '
    const chunks = existsSync('out/main/chunks') ? readdirSync('out/main/chunks').map((f) => join('out/main/chunks', f)) : []
    // The worker's shared chunks are loaded by the main bundle too, so they count.
    for (const file of [...mainBundleFiles(), ...chunks, 'out/web/server.cjs'].filter((f) => !/mock-intune-worker/.test(f)))
      expect(read(file), `${file} contains the mock`).not.toContain(mockOnly)
    expect(read('out/web/mock-intune-worker.cjs')).toContain(mockOnly)
  })

  it('emits the renderer with its index.html', () => {
    expect(read('out/renderer/index.html')).toContain('<div id="root">')
  })

  it('keeps better-sqlite3 external, loaded from node_modules at run time', () => {
    expect(read('out/web/db-worker.cjs')).toMatch(/require\("better-sqlite3"\)/)
    expect(read('out/main/db-worker.js')).toMatch(/require\("better-sqlite3"\)/)
  })
})
