import type { MockIntuneOptions } from './options'

export const USAGE = `Usage: mock-intune [--port P] [--host H] [--seed S] [--devices N] [--token T] [--page-size N]
                   [--state FILE] [--faults SPEC] [--throttle off|intune] [--speed X] [--tpm-failure-rate R]

Starts the mock Intune / Microsoft Graph API (and its device simulator under /_sim) and prints its
base URL (e.g. http://127.0.0.1:4321) on a line of its own once it accepts connections. Without
--token it makes a random bearer token for the run and prints it on stderr. It answers only to
Host 127.0.0.1, localhost (or the --host address) and refuses browser requests (any Origin header).
Stops cleanly on SIGINT or SIGTERM.

  --port P              TCP port, 0 = ephemeral (default 0)
  --host H              listen address (default 127.0.0.1)
  --seed S              tenant seed, same seed = same devices (default 1)
  --devices N           Autopilot devices in the tenant, up to 5,000,000 (default 2000)
  --token T             the bearer token to accept (default: a random one, printed on stderr)
  --page-size N         server page size and largest $top (default 1000)
  --state FILE          keep every change in FILE across restarts (written atomically)
  --faults SPEC         inject faults, e.g. 503=0.05:retry-after=2,latency=0.1:ms=300
                        (default: $MOCK_INTUNE_FAULTS; grammar in docs/mock-intune.md)
  --throttle MODE       intune (default): 100 writes / 1000 requests per 20 s; off
  --speed X             divide Intune's delays by X (default 60; 1 = real time)
  --tpm-failure-rate R  chance of the intermittent TPM failure 0x81039001 per attempt (default 0.05)
`

export type CliCommand = { kind: 'run'; options: MockIntuneOptions } | { kind: 'help' } | { kind: 'error'; message: string }

const INTEGER = { '--port': 'port', '--seed': 'seed', '--devices': 'devices', '--page-size': 'pageSize' } as const
const DECIMAL = { '--speed': 'speed', '--tpm-failure-rate': 'tpmFailureRate' } as const
const TEXT = { '--host': 'host', '--token': 'token', '--state': 'stateFile', '--faults': 'faults' } as const

/** Parses `--name value` and `--name=value`; range checks happen later in resolveOptions(). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const options: MockIntuneOptions = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined
    if (!(name in INTEGER) && !(name in DECIMAL) && !(name in TEXT) && name !== '--throttle') return { kind: 'error', message: `Unknown option: ${arg}` }
    const value = inline ?? argv[++i]
    // An empty fault spec is meaningful (no faults, even if the environment sets some).
    if (value === undefined || (value === '' && name !== '--faults')) return { kind: 'error', message: `Missing value for ${name}` }
    if (name in INTEGER) {
      if (!/^\d+$/.test(value)) return { kind: 'error', message: `${name} needs a non-negative integer, got '${value}'` }
      options[INTEGER[name as keyof typeof INTEGER]] = Number(value)
    } else if (name in DECIMAL) {
      if (!/^\d+(\.\d+)?$/.test(value)) return { kind: 'error', message: `${name} needs a non-negative number, got '${value}'` }
      options[DECIMAL[name as keyof typeof DECIMAL]] = Number(value)
    } else if (name === '--throttle') {
      if (value !== 'off' && value !== 'intune') return { kind: 'error', message: `--throttle needs 'off' or 'intune', got '${value}'` }
      options.throttle = value
    } else {
      options[TEXT[name as keyof typeof TEXT]] = value
    }
  }
  return { kind: 'run', options }
}
