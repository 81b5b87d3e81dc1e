import { readFile } from 'node:fs/promises'
import type { Protocol } from 'electron'
import { buildCsp } from '@shared/csp'
import { APP_SCHEME } from '@core/security/app-url'
import { resolveAppAsset } from '@core/security/resolve-app-asset'
import { contentTypeFor } from '@core/security/content-types'

type ReadFile = (file: string) => Promise<Uint8Array>

/**
 * The `app://bench/...` handler over the built renderer folder. Every response — pages, scripts,
 * workers, wasm and errors — carries the CSP header: a worker's policy comes from its own response,
 * not from the page, so a `<meta>` tag alone would leave workers unrestricted.
 */
export function createAppAssetHandler(rootDir: string, read: ReadFile = readFile) {
  const csp = buildCsp()
  const headers = (contentType: string, extra: Record<string, string> = {}) => ({
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    ...extra,
  })
  const text = (status: number, body: string, extra?: Record<string, string>) =>
    new Response(body, { status, headers: headers('text/plain; charset=utf-8', extra) })

  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed', { Allow: 'GET, HEAD' })
    const file = resolveAppAsset(rootDir, request.url)
    if (!file) return text(404, 'Not found')
    let body: Uint8Array
    try {
      body = await read(file)
    } catch {
      return text(404, 'Not found') // missing file, or a directory (EISDIR)
    }
    // fs.readFile buffers are backed by a plain ArrayBuffer; the type only allows for SharedArrayBuffer.
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: headers(contentTypeFor(file)),
    })
  }
}

/** Serves `rootDir` (out/renderer) on `app://`. Call after `ready`. */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppAssetHandler(rootDir))
}
