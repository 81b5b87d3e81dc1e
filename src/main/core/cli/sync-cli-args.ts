import { readFileSync, statSync } from 'node:fs'

/**
 * The headless sync's command line, validated before anything opens: pure apart from reading the
 * token file, so every refusal is a usage error (exit 2) with a sentence that says what to do.
 */
export const syncUsage = `usage: GRAPH_TOKEN=… npm run --silent sync -- --graph-url URL --data-dir DIR [--token-file FILE]

  --graph-url URL     Graph's root: https://graph.microsoft.com, or a mock's http://127.0.0.1:PORT
                      (the app adds /beta and /v1.0; plain http only for loopback hosts)
  --data-dir DIR      the data folder (its cache database, lock and logs/app.log)
  --token-file FILE   read the bearer token from FILE instead of the GRAPH_TOKEN environment variable
  --tenant NAME       a saved sign-in (not available yet)
  --help              this text

The token never goes on the command line. stdout gets exactly one JSON line:
  {"ok":true|false,"code":null|"<error code>","message":"…","devicesInCache":N|null,"seconds":S}
Exit 0: the pass completed. 1: it failed or was cancelled (Ctrl+C or SIGTERM; press Ctrl+C twice to quit at once). 2: usage.
Progress goes to stderr when it is a terminal; the log goes to DIR/logs/app.log.
`

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface SyncCliOptions {
  graphRoot: string
  dataDir: string
  token: string
  /** Where the token came from, for the log (never the token itself). */
  tokenSource: 'GRAPH_TOKEN' | 'token-file'
}

const valueFlags = new Set(['--graph-url', '--data-dir', '--token-file', '--tenant'])
/** Larger than any real bearer token (Entra ID access tokens are a few KB); refuses to slurp a wrong file. */
const maxTokenFileBytes = 64 * 1024

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http may carry a token to. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true
  return /^127(\.\d{1,3}){3}$/.test(host)
}

/** Graph's root as given: https (or http on loopback), no credentials, path, query or fragment. Returns it without a trailing slash. */
export function parseGraphRoot(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UsageError(`--graph-url ${JSON.stringify(raw)} is not a URL; give Graph's root, e.g. https://graph.microsoft.com.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--graph-url must be an https URL, not ${url.protocol}.`)
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `--graph-url uses plain http to ${url.hostname}: the token would cross the network unencrypted. Use https (http is allowed only for loopback hosts such as 127.0.0.1).`,
    )
  }
  if (url.username || url.password) throw new UsageError('--graph-url must not contain a user name or password.')
  if (url.search || url.hash) throw new UsageError("--graph-url must not have a query or fragment; give Graph's root, e.g. https://graph.microsoft.com.")
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new UsageError(`--graph-url must be Graph's root without a path (the app adds /beta and /v1.0 itself); got path ${url.pathname}.`)
  }
  return url.origin
}

/** A bearer token is printable ASCII without spaces (it goes into an HTTP header as is). */
export function checkToken(token: string, source: string): string {
  const trimmed = token.trim()
  if (trimmed === '') throw new UsageError(`The token from ${source} is empty.`)
  if (!/^[\x21-\x7e]+$/.test(trimmed))
    throw new UsageError(`The token from ${source} contains spaces, line breaks or non-ASCII characters; a bearer token cannot.`)
  return trimmed
}

function readTokenFile(file: string): string {
  let size: number
  try {
    const stat = statSync(file)
    if (!stat.isFile()) throw new UsageError(`--token-file ${file} is not a file.`)
    size = stat.size
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`Cannot read --token-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
  }
  if (size > maxTokenFileBytes) throw new UsageError(`--token-file ${file} is ${size} bytes; a token file holds only the token.`)
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`Cannot read --token-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
  }
}

export type ParsedArgs = { help: true } | { help: false; options: SyncCliOptions }

/** Parses `--name value` and `--name=value`; every problem is a UsageError. */
export function parseSyncArgs(argv: string[], env: Record<string, string | undefined>): ParsedArgs {
  const given = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.indexOf('=')
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    if (name === '--token' || name.startsWith('--token=') || name === '--access-token' || name === '-t') {
      throw new UsageError(
        '--token is refused: a token on the command line is visible to other users (process list) and kept in shell history and scheduler logs. Put it in the GRAPH_TOKEN environment variable or a file read with --token-file.',
      )
    }
    if (name === '--help' || name === '-h') return { help: true }
    if (!valueFlags.has(name)) throw new UsageError(name.startsWith('-') ? `Unknown option ${name}.` : `Unexpected argument ${JSON.stringify(name)}.`)
    if (given.has(name)) throw new UsageError(`${name} was given twice.`)
    let value: string | undefined
    if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1)
    else value = argv[++i]
    if (value === undefined || (value.startsWith('--') && eq <= 0)) throw new UsageError(`${name} needs a value.`)
    given.set(name, value)
  }
  if (given.has('--tenant')) {
    throw new UsageError('--tenant: sign-in is not available yet; use GRAPH_TOKEN (or --token-file) with --graph-url.')
  }
  const rawUrl = given.get('--graph-url')
  if (rawUrl === undefined || rawUrl === '') throw new UsageError("--graph-url is missing: give Graph's root, e.g. https://graph.microsoft.com.")
  const dataDir = given.get('--data-dir')
  if (dataDir === undefined || dataDir === '') throw new UsageError('--data-dir is missing: give the data folder that holds the cache.')
  const graphRoot = parseGraphRoot(rawUrl)
  const tokenFile = given.get('--token-file')
  const envToken = env.GRAPH_TOKEN
  if (tokenFile !== undefined && envToken !== undefined && envToken !== '') {
    throw new UsageError('Both GRAPH_TOKEN and --token-file are set; give the token one way only.')
  }
  if (tokenFile !== undefined) {
    return { help: false, options: { graphRoot, dataDir, token: checkToken(readTokenFile(tokenFile), `--token-file ${tokenFile}`), tokenSource: 'token-file' } }
  }
  if (envToken === undefined) throw new UsageError('No token: set GRAPH_TOKEN or give --token-file FILE.')
  return { help: false, options: { graphRoot, dataDir, token: checkToken(envToken, 'GRAPH_TOKEN'), tokenSource: 'GRAPH_TOKEN' } }
}

/**
 * The cache file is per tenant: an Entra ID access token names its tenant (`tid`); any other token
 * (a mock's) falls back to the Graph host, so two hosts never share a cache. The claim is read, not
 * trusted: it only picks a file name.
 */
export function tenantIdFor(graphRoot: string, token: string): string {
  const payload = token.split('.')[1]
  if (payload) {
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown }
      if (typeof claims.tid === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(claims.tid)) return claims.tid.toLowerCase()
    } catch {
      // not a JWT
    }
  }
  return `graph-${new URL(graphRoot).host}`
}
