import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppAssetHandler, installAppProtocol } from '@main/shell/app-protocol'
import { registerAppScheme } from '@main/shell/app-scheme'
import { buildCsp } from '@shared/csp'
import { createFakeElectron } from '@support/fake-electron'

let root: string
let outside: string
let handler: (request: Request) => Promise<Response>

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'ab-protocol-'))
  root = join(base, 'renderer')
  outside = base
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>')
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)')
  writeFileSync(join(root, 'assets', 'worker.js'), 'self.onmessage = () => {}')
  writeFileSync(join(root, 'assets', 'reader.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}')
  writeFileSync(join(outside, 'secret.txt'), 'token=hunter2')
  handler = createAppAssetHandler(root)
})

afterAll(() => rmSync(outside, { recursive: true, force: true }))

const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

describe('app:// protocol handler', () => {
  it.each([
    ['app://bench/', 'text/html; charset=utf-8', '<!doctype html>'],
    ['app://bench/index.html', 'text/html; charset=utf-8', '<!doctype html>'],
    ['app://bench/assets/index.js', 'text/javascript; charset=utf-8', 'console.log'],
    ['app://bench/assets/worker.js', 'text/javascript; charset=utf-8', 'onmessage'],
    ['app://bench/assets/style.css', 'text/css; charset=utf-8', 'body'],
  ])('serves %s with its type, the CSP and nosniff', async (url, type, text) => {
    const response = await get(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    expect(response.headers.get('content-security-policy')).toBe(buildCsp())
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain(text)
  })

  it('serves wasm as application/wasm, byte for byte, with the CSP', async () => {
    const response = await get('app://bench/assets/reader.wasm')
    expect(response.headers.get('content-type')).toBe('application/wasm')
    expect(response.headers.get('content-security-policy')).toBe(buildCsp())
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])
  })

  it.each([
    'app://bench/missing.js',
    'app://bench/assets', // a directory
    'app://bench/..%2fsecret.txt',
    'app://bench/..%2F..%2Fsecret.txt',
    'app://bench/%2e%2e%2fsecret.txt',
    'app://bench/..%5csecret.txt',
    'app://bench/index.html%00.js',
    'app://evil/index.html',
    'app://bench.evil/index.html',
  ])('answers 404 (with the CSP) for %s', async (url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-security-policy')).toBe(buildCsp())
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).not.toContain('hunter2')
  })

  it('folds a plain ../ inside the root rather than escaping it', async () => {
    const response = await get('app://bench/../secret.txt')
    expect(response.status).toBe(404) // looked for <root>/secret.txt, which does not exist
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://bench/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const post = await get('app://bench/index.html', 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.get('content-security-policy')).toBe(buildCsp())
  })
})

describe('scheme registration', () => {
  it('registers app:// as standard, secure, fetch- and stream-capable, without CORS', () => {
    const fake = createFakeElectron()
    registerAppScheme(fake.protocol)
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }])
  })

  it('installs the handler for the app scheme', async () => {
    const fake = createFakeElectron()
    installAppProtocol(fake.protocol, root)
    const installed = fake.protocol.handlers.get('app')
    expect(installed).toBeDefined()
    const response = await installed!(new Request('app://bench/'))
    expect(response.headers.get('content-security-policy')).toBe(buildCsp())
  })
})
