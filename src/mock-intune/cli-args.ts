import type { MockIntuneOptions } from './options'

export const USAGE = `Usage: mock-intune [--port P] [--host H] [--seed S] [--devices N] [--token T] [--page-size N]

Starts the mock Intune / Microsoft Graph API and prints its base URL (e.g. http://127.0.0.1:4321)
on a line of its own once it accepts connections. Stops cleanly on SIGINT or SIGTERM.

  --port P        TCP port, 0 = ephemeral (default 0)
  --host H        listen address (default 127.0.0.1)
  --seed S        tenant seed, same seed = same devices (default 1)
  --devices N     Autopilot devices in the tenant, up to 5,000,000 (default 2000)
  --token T       the bearer token to accept (default mock-intune-dev-token)
  --page-size N   server page size and largest $top (default 1000)
`

export type CliCommand = { kind: 'run'; options: MockIntuneOptions } | { kind: 'help' } | { kind: 'error'; message: string }

const NUMERIC = { '--port': 'port', '--seed': 'seed', '--devices': 'devices', '--page-size': 'pageSize' } as const
const TEXT = { '--host': 'host', '--token': 'token' } as const

/** Parses `--name value` and `--name=value`; range checks happen later in resolveOptions(). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const options: MockIntuneOptions = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined
    const value = inline ?? argv[++i]
    if (!(name in NUMERIC) && !(name in TEXT)) return { kind: 'error', message: `Unknown option: ${arg}` }
    if (value === undefined || value === '') return { kind: 'error', message: `Missing value for ${name}` }
    if (name in NUMERIC) {
      if (!/^\d+$/.test(value)) return { kind: 'error', message: `${name} needs a non-negative integer, got '${value}'` }
      options[NUMERIC[name as keyof typeof NUMERIC]] = Number(value)
    } else {
      options[TEXT[name as keyof typeof TEXT]] = value
    }
  }
  return { kind: 'run', options }
}
