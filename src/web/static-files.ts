import { createReadStream, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { resolveAssetPath } from '@core/security/resolve-app-asset'
import { contentTypeFor } from '@core/security/content-types'

/**
 * Serves the built renderer. Assets are public; everything that reveals data sits behind /api.
 * The traversal guard and content types are the same ones the Electron `app://` handler uses.
 */
export function serveStatic(root: string, pathname: string, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  const file = resolveAssetPath(root, pathname)
  let size = -1
  try {
    const stat = file ? statSync(file) : null
    if (stat?.isFile()) size = stat.size
  } catch {
    size = -1
  }
  if (!file || size < 0) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    return
  }
  const type = contentTypeFor(file)
  const cache = type.startsWith('text/html') ? 'no-store' : 'no-cache'
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': cache })
  if (request.method === 'HEAD') response.end()
  else createReadStream(file).pipe(response)
}
