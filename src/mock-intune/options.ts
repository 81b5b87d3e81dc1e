import { MAX_DEVICES } from './tenant/serial-blocks'

export interface MockIntuneOptions {
  /** 0 = an ephemeral port chosen by the OS. */
  port?: number
  /** Default '127.0.0.1': the mock never listens beyond loopback unless asked to. */
  host?: string
  /** Same seed → same tenant, devices, ids and skiptokens. Default 1 (Contoso). */
  seed?: number
  /** Autopilot devices in the tenant, generated lazily. Default 2000. */
  devices?: number
  /** The only bearer token accepted. Default DEV_TOKEN. */
  token?: string
  /** Server-driven page size: default page and largest $top honoured. Default 1000, as Intune. */
  pageSize?: number
}

/** The documented development token; the mock is a local test double, never a security boundary. */
export const DEV_TOKEN = 'mock-intune-dev-token'

export const MAX_PAGE_SIZE = 10_000

export type ResolvedOptions = Required<MockIntuneOptions>

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer from ${min} to ${max} (got ${value})`)
  return value
}

/** Fills defaults and rejects nonsense early, with a message naming the option. */
export function resolveOptions(options: MockIntuneOptions = {}): ResolvedOptions {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? DEV_TOKEN
  if (host.trim() === '') throw new RangeError('host must not be empty')
  if (!/^[\x21-\x7e]+$/.test(token)) throw new RangeError('token must be non-empty printable ASCII without spaces')
  return {
    port: integerIn('port', options.port ?? 0, 0, 65_535),
    host,
    seed: integerIn('seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER),
    devices: integerIn('devices', options.devices ?? 2000, 0, MAX_DEVICES),
    token,
    pageSize: integerIn('pageSize', options.pageSize ?? 1000, 1, MAX_PAGE_SIZE),
  }
}
