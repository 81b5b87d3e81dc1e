import { extname } from 'node:path'

/**
 * Content types for what Vite emits into out/renderer. Exact types matter: with `nosniff` the
 * browser refuses a script served as anything but JavaScript, and `WebAssembly.instantiateStreaming`
 * refuses wasm not served as `application/wasm`.
 */
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

export const contentTypeFor = (file: string): string => types[extname(file).toLowerCase()] ?? 'application/octet-stream'
