import { devicesMethods } from '../devices/devices.worker'
import { usersMethods } from '../users/users.worker'
import { outboxMethods } from '../outbox/outbox.worker'
import { syncMethods } from '../sync/sync.worker'
import { prefsMethods } from '../prefs/prefs.worker'
import { intuneMethods } from '../intune/intune.worker'
import { cardMethods } from '../card/card.worker'
import { benchMethods } from '../bench/bench.worker'
import { diagnosticsMethods } from '../diagnostics/diagnostics.worker'
import { registrationMethods } from '../registration/registration.worker'
import { recycleMethods } from '../registration/recycle.worker'
import { prestageMethods } from '../registration/prestage.worker'
import { healthMethods } from './health.worker'
import type { MethodManifest, WorkerMethod } from './method'

type AnyMethod = WorkerMethod<never, unknown>

/** Merges the feature tables; a name defined twice is a programming error, caught when the worker loads. */
function registry<T extends Record<string, AnyMethod>[]>(...tables: T): UnionToIntersection<T[number]> {
  const all: Record<string, AnyMethod> = {}
  for (const table of tables) {
    for (const [name, method] of Object.entries(table)) {
      if (name in all) throw new Error(`worker method ${name} is defined twice`)
      all[name] = method
    }
  }
  return all as UnionToIntersection<T[number]>
}
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never

/**
 * Every operation of the database worker, in one table assembled from the feature folders. A method
 * that serves a channel has the channel's name (`devices:list-devices`); the rest are dotted.
 */
export const workerMethods = registry(
  devicesMethods,
  usersMethods,
  outboxMethods,
  syncMethods,
  prefsMethods,
  intuneMethods,
  cardMethods,
  benchMethods,
  registrationMethods,
  recycleMethods,
  prestageMethods,
  diagnosticsMethods,
  healthMethods,
)

export type WorkerMethods = typeof workerMethods
export type MethodName = keyof WorkerMethods & string
export type MethodArgs<M extends MethodName> = WorkerMethods[M] extends WorkerMethod<infer A, unknown> ? A : never
export type MethodResult<M extends MethodName> = WorkerMethods[M] extends WorkerMethod<never, infer R> ? Awaited<R> : never

/** Looks a method up by a name that came over the wire. */
export const methodNamed = (name: string): WorkerMethod<unknown, unknown> | undefined =>
  Object.prototype.hasOwnProperty.call(workerMethods, name) ? (workerMethods as unknown as Record<string, WorkerMethod<unknown, unknown>>)[name] : undefined

/** What the core learns about the methods when the worker is ready. */
export const methodManifest = (): MethodManifest =>
  Object.fromEntries(
    Object.entries(workerMethods as unknown as Record<string, AnyMethod>).map(([name, m]) => [name, { readOnly: m.readOnly, graph: m.graph !== null }]),
  )
