import type Database from 'better-sqlite3'
import type { Channel, ParsedRequestOf, ResponseOf } from '@shared/channels'
import type { LogSink } from '../logging/log-sink'

/** What a worker-side method gets besides its arguments. */
export interface WorkerContext {
  db: Database.Database
  log: LogSink
  emit: (name: string, payload: unknown) => void
  /** Test hooks (crashing on purpose) are only reachable when the test harness asked for them. */
  allowTestHooks: boolean
}

/** Where and how the worker reaches Graph for one call; the token is held only for that call. */
export interface GraphArgs {
  baseUrl: string
  token: string
  correlationId: string
  timeoutMs?: number
  maxRetries?: number
  /** Whether a 401 may ask the core for a fresh token (signed-in customer tenants; docs/reference/identity.md §msal). */
  refreshable?: boolean
}

/** A method's own Graph settings; the caller's (GraphArgs) win where given. */
export interface GraphDefaults {
  timeoutMs?: number
  maxRetries?: number
}

/**
 * One operation of the database worker. `readOnly` methods skip committing an open bulk-sync
 * transaction first (every other method commits it, so a technician's change is durable on its own
 * and never depends on the sync finishing). A method that declares `graph` is given GraphArgs: the
 * router adds them (core.graphArgs) when it forwards a channel, and the worker fills in these defaults.
 */
export interface WorkerMethod<A, R> {
  readonly readOnly: boolean
  readonly graph: GraphDefaults | null
  run(ctx: WorkerContext, args: A): R | Promise<R>
}

type ArgsWith<A, G> = G extends GraphDefaults ? A & GraphArgs : A

/** What a method declares besides its code. */
export interface Declarations<G extends GraphDefaults | undefined> {
  readOnly: boolean
  graph?: G
}

type Run<A, R> = (ctx: WorkerContext, args: A) => R | Promise<R>

/**
 * The worker method that serves channel C, registered under the channel's own name; its arguments
 * and result are the channel's contract (ParsedRequestOf<C>, ResponseOf<C>), plus GraphArgs if it declares graph.
 */
export function channelMethod<C extends Channel, G extends GraphDefaults | undefined = undefined>(
  channel: C,
  declarations: Declarations<G>,
  run: Run<ArgsWith<ParsedRequestOf<C>, G>, ResponseOf<C>>,
): { [K in C]: WorkerMethod<ArgsWith<ParsedRequestOf<C>, G>, ResponseOf<C>> } {
  return { [channel]: toMethod(declarations, run) } as { [K in C]: WorkerMethod<ArgsWith<ParsedRequestOf<C>, G>, ResponseOf<C>> }
}

/** A worker method no channel reaches directly (sync run, delivery, the core's own steps, test hooks); dotted names. */
export function internalMethod<N extends `${string}.${string}`, A, R, G extends GraphDefaults | undefined = undefined>(
  name: N,
  declarations: Declarations<G>,
  run: Run<ArgsWith<A, G>, R>,
): { [K in N]: WorkerMethod<ArgsWith<A, G>, Awaited<R>> } {
  return { [name]: toMethod(declarations, run) } as { [K in N]: WorkerMethod<ArgsWith<A, G>, Awaited<R>> }
}

function toMethod<A, R>(declarations: Declarations<GraphDefaults | undefined>, run: Run<A, R>): WorkerMethod<A, R> {
  return { readOnly: declarations.readOnly, graph: declarations.graph ?? null, run }
}

/** What the worker tells the core about its methods when it is ready (the router needs `graph`). */
export type MethodManifest = Record<string, { readOnly: boolean; graph: boolean }>
