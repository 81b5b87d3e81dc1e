import { createReadStream, statSync } from 'node:fs'
import { extname, resolve, sep } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
}

/** Resolves a URL path inside `root`, or null when it would escape it (`..`, encoded or not, NUL). */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = resolve(root)
  const full = resolve(base, relative)
  return full === base || full.startsWith(base + sep) ? full : null
}

/** Serves the built renderer. Assets are public; everything that reveals data sits behind /api. */
export function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  const file = resolveStaticPath(root, request.url ?? '/')
  let size = -1
  try {
    if (file && statSync(file).isFile()) size = statSync(file).size
  } catch {
    size = -1
  }
  if (!file || size < 0) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    return
  }
  const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'
  const cache = type.startsWith('text/html') ? 'no-store' : 'no-cache'
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': cache })
  if (request.method === 'HEAD') response.end()
  else createReadStream(file).pipe(response)
}
