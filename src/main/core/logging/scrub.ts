import { existsSync, realpathSync } from 'node:fs'
import { dirname, join, posix, resolve, win32 } from 'node:path'

/**
 * Removes secrets from anything about to be logged. Key names catch structured fields; the registered
 * secrets, the Bearer pattern and the JWT shape catch tokens that slipped into free text (URLs, error
 * messages). Paths of this machine (the app's install folder, the user's home) are cut down too, so a
 * logged stack reads `out/main/index.js:12:5` or `~/…`, never who installed the app where.
 */
const secretKey = /token|authorization|password|secret|cookie|api[-_]?key/i
const bearer = /\bBearer\s+[A-Za-z0-9\-._~+/=]+/gi
const tokenInFragmentOrQuery = /([#?&](?:access_)?token=)[^&\s"']+/gi
/** A JWT (or any JOSE compact form): base64url of `{"…` then at least one more dotted part. */
const jwtLike = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g
/** `file://` before an absolute path (`file:///home/…`, `file:///C:/…`): the path part is then scrubbed like any other. */
const fileUrlPrefix = /file:\/\/\/?(?=\/|[A-Za-z]:[\\/])/gi

/** Cuts bearer tokens, JWT-looking strings and `?token=` values out of a text. */
export function scrubTokens(value: string): string {
  return value.replace(bearer, 'Bearer [redacted]').replace(jwtLike, '[redacted-jwt]').replace(tokenInFragmentOrQuery, '$1[redacted]')
}

/** A folder whose absolute path should never leave this machine, and what to write instead. */
export interface MachinePath {
  path: string
  /** '' makes paths under it relative (`out/main/index.js`); otherwise e.g. '~' or '[data]'. */
  replacement: string
}

/** One separator as it may appear: `/`, `\`, or `\\` (a backslash inside JSON text). */
const SEP = String.raw`(?:\\{1,2}|/)`
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A path pattern that matches with either separator, JSON-escaped backslashes, and `%20` for spaces (stack URLs). */
function pathPattern(path: string): string {
  const parts = path.split(/[\\/]+/).filter((part, i) => part !== '' || i === 0)
  // Not in the middle of a longer name: `/root` must not match inside `/srv/chroot/…`.
  return `(?<![A-Za-z0-9_.\\-])${parts.map((part) => escapeRegExp(part).replace(/ /g, '(?: |%20)')).join(SEP)}`
}

/** Absolute as given (POSIX or Windows form, whatever this OS is), else resolved against the working directory. */
const absolutePath = (path: string): string => (posix.isAbsolute(path) || win32.isAbsolute(path) ? path : resolve(path))

/** Whether cutting this folder out of texts means anything: not a filesystem root, not a bare drive. */
function usable(path: string | undefined): path is string {
  if (!path || path.trim() === '') return false
  const trimmed = absolutePath(path).replace(/[\\/]+$/, '')
  return trimmed.length >= 3 && !/^[A-Za-z]:$/.test(trimmed)
}

/** The path and, when it differs (a symlinked /tmp, macOS /var → /private/var), its real path. */
function withRealPath(path: string): string[] {
  try {
    const real = realpathSync(path)
    return real === path ? [path] : [path, real]
  } catch {
    return [path]
  }
}

/**
 * Replaces the given folders in a text, longest first (an app installed in the home folder becomes
 * relative, not `~/…`). A folder matches only as a whole path segment: `/home/ann` leaves `/home/anna`
 * alone. Works on plain text and on JSON text (escaped backslashes) alike, and drops `file://`.
 */
export function createPathScrubber(paths: readonly MachinePath[]): (text: string) => string {
  const entries = paths
    .filter((entry) => usable(entry.path))
    .flatMap((entry) => withRealPath(absolutePath(entry.path).replace(/(.)[\\/]+$/, '$1')).map((path) => ({ path, replacement: entry.replacement })))
    .sort((a, b) => b.path.length - a.path.length)
  if (entries.length === 0) return (text) => text.replace(fileUrlPrefix, '')
  const patterns = entries.map((entry) => {
    // Under the folder: keep the rest (relative when the replacement is ''); the folder itself: the replacement or '.'.
    const under = new RegExp(`${pathPattern(entry.path)}${SEP}`, 'gi')
    const itself = new RegExp(`${pathPattern(entry.path)}(?![A-Za-z0-9_\\-]|\\.[A-Za-z0-9_\\-])`, 'gi')
    return { under, itself, replacement: entry.replacement }
  })
  return (text) => {
    let out = text.replace(fileUrlPrefix, '')
    for (const { under, itself, replacement } of patterns) {
      out = out.replace(under, replacement === '' ? '' : `${replacement}/`).replace(itself, replacement === '' ? '.' : replacement)
    }
    return out
  }
}

/**
 * The app's own folder: the nearest folder with a package.json above the bundled worker
 * (out/main/db-worker.js → the app, `resources/app.asar` when packaged), else above the working
 * directory (tests, `npm run` scripts). Undefined if neither has one.
 */
export function findAppRoot(startPaths: readonly string[]): string | undefined {
  for (const start of startPaths) {
    let dir = resolve(start)
    for (let depth = 0; depth < 8; depth++) {
      if (existsSync(join(dir, 'package.json'))) return dir
      const up = dirname(dir)
      if (up === dir) break
      dir = up
    }
  }
  return undefined
}

export interface ScrubberOptions {
  /** Folders cut out of every string (see createPathScrubber); default none. */
  paths?: readonly MachinePath[]
}

export function createScrubber(options: ScrubberOptions = {}) {
  const secrets = new Set<string>()
  const scrubPaths = createPathScrubber(options.paths ?? [])

  function scrubString(value: string): string {
    let out = scrubTokens(value)
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]')
    return scrubPaths(out)
  }

  function scrub(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return scrubString(value)
    if (depth > 6 || value === null || typeof value !== 'object') return value
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1))
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) out[key] = secretKey.test(key) ? '[redacted]' : scrub(inner, depth + 1)
    return out
  }

  return {
    /** Registers a secret value (e.g. a tenant's token) so it is cut out of every log line. */
    addSecret(secret: string) {
      if (secret.length >= 8) secrets.add(secret)
    },
    scrub,
    scrubString,
  }
}

export type Scrubber = ReturnType<typeof createScrubber>
