import { isAbsolute, resolve, sep, win32 } from 'node:path'
import { isAppUrl } from './app-url'
import { parseStrictUrl } from './raw-url'

/**
 * Maps `app://bench/<path>` to a file under `rootDir`, or null when the request is not ours or would
 * leave the folder. `/` (and an empty path) serve `index.html`.
 *
 * The URL parser already folds `..` and `%2e%2e` segments, but percent-decoding happens after it,
 * so `..%2f..%2fetc` only becomes a traversal once decoded: every check runs on the decoded path.
 * Backslashes, drive letters, NUL and absolute paths are refused outright.
 */
export function resolveAppAsset(rootDir: string, requestUrl: unknown): string | null {
  if (!isAppUrl(requestUrl)) return null
  const parsed = parseStrictUrl(requestUrl)
  return parsed ? resolveAssetPath(rootDir, parsed.pathname) : null
}

/**
 * The traversal guard on its own, for an already-parsed URL pathname: shared by the `app://`
 * protocol handler and the browser transport's static file server.
 */
export function resolveAssetPath(rootDir: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null // malformed percent-encoding
  }
  // NUL/control characters never name a file; `\` and `:` are Windows path syntax; a `%` left after
  // decoding means double encoding, which only matters if some later layer decodes again.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f\\:%]/.test(decoded)) return null
  const relative = decoded.slice(1) // drop the one leading `/`; `//etc` (from `/%2fetc`) stays absolute
  const segments = relative.split('/')
  if (segments.some((segment) => segment === '..' || segment === '.')) return null
  if (relative === '') return resolve(rootDir, 'index.html')
  if (isAbsolute(relative) || win32.isAbsolute(relative)) return null
  const root = resolve(rootDir)
  const file = resolve(root, relative)
  return file.startsWith(root + sep) ? file : null
}
