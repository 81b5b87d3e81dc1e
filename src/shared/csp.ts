/**
 * The one Content-Security-Policy builder, used for every response the app serves: the Electron
 * `app://` protocol handler, the browser transport's static files and their workers.
 *
 * `'wasm-unsafe-eval'` is the only relaxation of script-src: the QR decoder is WebAssembly.
 * `blob:`/`mediastream:` let camera frames reach <video>/<canvas>. No remote origin is ever allowed:
 * the renderer talks to Intune only through the main process.
 */
export function buildCsp(): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}
