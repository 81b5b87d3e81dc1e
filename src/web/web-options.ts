import { homedir } from 'node:os'
import { join } from 'node:path'

export interface WebOptions {
  port: number
  dataDir: string
  open: boolean
}

/**
 * The per-user app data folder, the same one Electron's `app.getPath('userData')` uses for this app,
 * so desktop and web mode share a cache (and the data-folder lock keeps them from running at once).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const name = 'autopilot-bench'
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name)
}

export class UsageError extends Error {}

export function parseWebArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WebOptions {
  const options: WebOptions = { port: 0, dataDir: env.AB_DATA_DIR ?? defaultDataDir(env), open: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = () => {
      const next = inline ?? argv[++i]
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value.`)
      return next
    }
    if (flag === '--port') {
      const port = Number(value())
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535.')
      options.port = port
    } else if (flag === '--data-dir') options.dataDir = value()
    else if (flag === '--no-open') options.open = false
    else throw new UsageError(`Unknown option ${arg}. Options: --port N, --data-dir DIR, --no-open.`)
  }
  return options
}
