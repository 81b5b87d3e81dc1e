import { randomBytes } from 'node:crypto'
import type { MockClock } from './clock'
import { parseFaultSpec, FaultSpecError } from './faults/faults'
import type { ThrottleMode } from './faults/throttle'
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
  /** The only bearer token accepted. Default: a random 256-bit token made for this start (see `MockIntune.token`). */
  token?: string
  /** Server-driven page size: default page and largest $top honoured. Default 1000, as Intune. */
  pageSize?: number
  /** A JSON file that keeps every change across restarts (written atomically after each change). Default: none (in memory). */
  stateFile?: string
  /** Fault injection spec (see faults/faults.ts); default: the MOCK_INTUNE_FAULTS environment variable, else none. */
  faults?: string
  /** 'intune' (default): Intune's per-app budget → 429 + Retry-After; 'off' for tests about something else. */
  throttle?: ThrottleMode
  /** Divides Intune's delays (10-min sync rule, ~95 s imports, assignment, ESP…). Default 60: a demo pace. 1 = real time. */
  speed?: number
  /** Probability that a pre-provisioning attempt hits the intermittent TPM attestation failure 0x81039001. Default 0.05. */
  tpmFailureRate?: number
  /** Injectable clock (tests pass a ManualClock). Default: the wall clock, movable with POST /_sim/clock/advance. */
  clock?: MockClock
}

/**
 * A fresh bearer token: 256 random bits, base64url (43 characters). There is no fixed default token:
 * the mock serves a cached copy of a tenant, and any process on the machine could present a token
 * that is written in the docs.
 */
export const randomToken = (): string => randomBytes(32).toString('base64url')

export const MAX_PAGE_SIZE = 10_000
/** The embedded demo's pace: 10 minutes of Intune time pass in 10 seconds. */
export const DEFAULT_SPEED = 60
export const DEFAULT_TPM_FAILURE_RATE = 0.05

export interface ResolvedOptions {
  port: number
  host: string
  seed: number
  devices: number
  token: string
  pageSize: number
  stateFile: string | undefined
  faults: string
  throttle: ThrottleMode
  speed: number
  tpmFailureRate: number
  clock: MockClock | undefined
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer from ${min} to ${max} (got ${value})`)
  return value
}

function numberIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new RangeError(`${name} must be a number from ${min} to ${max} (got ${value})`)
  return value
}

/** Fills defaults and rejects nonsense early, with a message naming the option. */
export function resolveOptions(options: MockIntuneOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? randomToken()
  if (host.trim() === '') throw new RangeError('host must not be empty')
  if (!/^[\x21-\x7e]+$/.test(token)) throw new RangeError('token must be non-empty printable ASCII without spaces')
  const throttle = options.throttle ?? 'intune'
  if (throttle !== 'off' && throttle !== 'intune') throw new RangeError(`throttle must be 'off' or 'intune' (got ${String(throttle)})`)
  const faults = options.faults ?? env.MOCK_INTUNE_FAULTS ?? ''
  try {
    parseFaultSpec(faults)
  } catch (error) {
    if (error instanceof FaultSpecError) throw new RangeError(`faults: ${error.message}`)
    throw error
  }
  if (options.stateFile !== undefined && options.stateFile.trim() === '') throw new RangeError('stateFile must not be empty')
  return {
    port: integerIn('port', options.port ?? 0, 0, 65_535),
    host,
    seed: integerIn('seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER),
    devices: integerIn('devices', options.devices ?? 2000, 0, MAX_DEVICES),
    token,
    pageSize: integerIn('pageSize', options.pageSize ?? 1000, 1, MAX_PAGE_SIZE),
    stateFile: options.stateFile,
    faults,
    throttle,
    speed: numberIn('speed', options.speed ?? DEFAULT_SPEED, 0.01, 100_000),
    tpmFailureRate: numberIn('tpmFailureRate', options.tpmFailureRate ?? DEFAULT_TPM_FAILURE_RATE, 0, 1),
    clock: options.clock,
  }
}
