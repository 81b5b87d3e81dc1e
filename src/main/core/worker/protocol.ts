import type { ErrorCode } from '@shared/error-codes'
import type { OpenReport } from '../db/open-database'
import type { MethodManifest } from './method'
import type { LogLevel } from '../logging/log-sink'

/** Messages between the core (main thread) and the database worker. */
export interface WorkerInit {
  dbFile: string
  uncleanExit: boolean
  /** Lets tests crash the worker on purpose; never set by the app. */
  allowTestHooks?: boolean
}

export type MainToWorker =
  | { type: 'call'; id: number; method: string; args: unknown }
  | { type: 'close' }
  /** The answer to a worker's token-request: a fresh Graph token, or why there is none. */
  | { type: 'token'; id: number; ok: true; token: string }
  | { type: 'token'; id: number; ok: false; error: { code: ErrorCode; message: string } }

export type { LogLevel } from '../logging/log-sink'

export type WorkerToMain =
  | { type: 'ready'; report: OpenReport; methods: MethodManifest }
  | { type: 'fatal'; code: ErrorCode; message: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: { code: ErrorCode; message: string } }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'log'; level: LogLevel; msg: string; fields: Record<string, unknown> }
  | { type: 'closed' }
  /** A request met a damaged page (damage-found.ts); the marker is written. Sent once per worker. */
  | { type: 'damaged'; problem: string }
  /** A Graph call got 401 mid-run: the worker asks the core for a fresh token (the sign-in lives on the main thread). */
  | { type: 'token-request'; id: number }
