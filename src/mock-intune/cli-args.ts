import type { EntraOptions } from './entra/entra-options'
import type { MockIntuneOptions } from './options'

export const USAGE = `Usage: mock-intune [--port P] [--host H] [--seed S] [--devices N] [--token T] [--page-size N]
                   [--state FILE] [--faults SPEC] [--throttle off|intune] [--speed X] [--tpm-failure-rate R]
                   [--auth entra [--token-lifetime S] [--password P] [--client-id GUID] [--redirect-uri URI]
                    [--consent DOMAIN=SCOPES|none] [--block-device-code DOMAIN|all] [--device-code-lifetime S]
                    [--clock-skew S] [--cert-dir DIR]]

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

Sign-in with a mock Microsoft Entra ID (docs/mock-intune.md#sign-in-with-entra---auth-entra):
  --auth entra          Graph accepts only signed JWTs from the mock's identity provider (https on
                        127.0.0.1, one authority per tenant, two tenants: seeds S and S+1); --token
                        and --state are not used (--state is refused); --port and --host apply
                        to Graph. Prints instead, each on its own line:
                          graph: <Graph root URL>
                          authority: https://127.0.0.1:PORT/<tenant id> domain=<tenant domain>   (one per tenant)
                          ca: <path of the CA certificate (PEM) that signs the TLS certificate>
                          client-id: <the mock's public-client app registration>
                          password: <the test accounts' password>
                        Test accounts per tenant: tech@<domain> (Autopilot read/write),
                        reader@<domain> (read only), nobody@<domain> (no Intune role).
  --token-lifetime S    access token lifetime in seconds (default 3600)
  --password P          the test accounts' password (default: a random one, printed)
  --client-id GUID      the app registration's client id (default: a random GUID, printed)
  --redirect-uri URI    the registered redirect URI (default http://localhost, any port)
  --consent D=SCOPES    the delegated Graph permissions consented in tenant D (domain or tenant id),
                        comma-separated, or 'none' (AADSTS65001); repeatable (default: all)
  --block-device-code D Conditional Access blocks device code flow in tenant D, or 'all' (AADSTS53003);
                        repeatable
  --device-code-lifetime S  seconds before a device code expires (expired_token; default 900)
  --clock-skew S        the identity provider's clock runs S seconds ahead (negative: behind)
  --cert-dir DIR        where the CA and server certificate are written (default: a new temp folder)
`

export type CliCommand = { kind: 'run'; options: MockIntuneOptions; entra?: EntraOptions } | { kind: 'help' } | { kind: 'error'; message: string }

const INTEGER = { '--port': 'port', '--seed': 'seed', '--devices': 'devices', '--page-size': 'pageSize' } as const
const DECIMAL = { '--speed': 'speed', '--tpm-failure-rate': 'tpmFailureRate' } as const
const TEXT = { '--host': 'host', '--token': 'token', '--state': 'stateFile', '--faults': 'faults' } as const
/** Options of the Entra identity provider; they need --auth entra. */
const ENTRA_INTEGER = { '--token-lifetime': 'tokenLifetime', '--device-code-lifetime': 'deviceCodeLifetime' } as const
const ENTRA_TEXT = { '--password': 'password', '--client-id': 'clientId', '--redirect-uri': 'redirectUri', '--cert-dir': 'certDir' } as const
const ENTRA_OTHER = new Set(['--clock-skew', '--consent', '--block-device-code'])

const known = (name: string): boolean =>
  name in INTEGER ||
  name in DECIMAL ||
  name in TEXT ||
  name in ENTRA_INTEGER ||
  name in ENTRA_TEXT ||
  ENTRA_OTHER.has(name) ||
  name === '--throttle' ||
  name === '--auth'

/** Parses `--name value` and `--name=value`; range checks happen later in resolveOptions() / resolveEntraOptions(). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const options: MockIntuneOptions = {}
  const entra: EntraOptions = {}
  let auth: string | undefined
  let entraFlag: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined
    if (!known(name)) return { kind: 'error', message: `Unknown option: ${arg}` }
    const value = inline ?? argv[++i]
    // An empty fault spec is meaningful (no faults, even if the environment sets some).
    if (value === undefined || (value === '' && name !== '--faults')) return { kind: 'error', message: `Missing value for ${name}` }
    if (name in ENTRA_INTEGER || name in ENTRA_TEXT || ENTRA_OTHER.has(name)) entraFlag ??= name
    if (name in INTEGER || name in ENTRA_INTEGER) {
      if (!/^\d+$/.test(value)) return { kind: 'error', message: `${name} needs a non-negative integer, got '${value}'` }
      if (name in INTEGER) options[INTEGER[name as keyof typeof INTEGER]] = Number(value)
      else entra[ENTRA_INTEGER[name as keyof typeof ENTRA_INTEGER]] = Number(value)
    } else if (name in DECIMAL) {
      if (!/^\d+(\.\d+)?$/.test(value)) return { kind: 'error', message: `${name} needs a non-negative number, got '${value}'` }
      options[DECIMAL[name as keyof typeof DECIMAL]] = Number(value)
    } else if (name === '--throttle') {
      if (value !== 'off' && value !== 'intune') return { kind: 'error', message: `--throttle needs 'off' or 'intune', got '${value}'` }
      options.throttle = value
    } else if (name === '--auth') {
      if (value !== 'entra') return { kind: 'error', message: `--auth needs 'entra', got '${value}'` }
      auth = value
    } else if (name === '--clock-skew') {
      if (!/^-?\d+$/.test(value)) return { kind: 'error', message: `--clock-skew needs a whole number of seconds, got '${value}'` }
      entra.clockSkew = Number(value)
    } else if (name === '--consent') {
      const split = value.indexOf('=')
      if (split <= 0) return { kind: 'error', message: `--consent needs DOMAIN=SCOPES (or DOMAIN=none), got '${value}'` }
      const scopes = value.slice(split + 1)
      entra.consent = { ...entra.consent, [value.slice(0, split)]: scopes === 'none' || scopes === '' ? [] : scopes.split(',').map((s) => s.trim()) }
    } else if (name === '--block-device-code') {
      entra.blockDeviceCode = [...(entra.blockDeviceCode ?? []), value]
    } else if (name in ENTRA_TEXT) {
      entra[ENTRA_TEXT[name as keyof typeof ENTRA_TEXT]] = value
    } else {
      options[TEXT[name as keyof typeof TEXT]] = value
    }
  }
  if (auth === undefined && entraFlag !== undefined) return { kind: 'error', message: `${entraFlag} needs --auth entra` }
  return auth === undefined ? { kind: 'run', options } : { kind: 'run', options, entra }
}
