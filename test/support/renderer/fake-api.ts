import type { Api } from '@shared/api'
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from '@shared/channels'
import type { DeviceSummary } from '@shared/device-schemas'
import type { OutboxItem, OutboxSummary } from '@shared/change-schemas'
import type { Result } from '@shared/result'
import type { SyncStatus } from '@shared/sync-schemas'

type Handler<C extends Channel> = (request: RequestOf<C>) => Result<ResponseOf<C>> | Promise<Result<ResponseOf<C>>>
export type FakeHandlers = { [C in Channel]?: Handler<C> }

export interface FakeApi extends Api {
  calls: { channel: Channel; request: unknown }[]
  callsTo<C extends Channel>(channel: C): RequestOf<C>[]
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  listenerCount(event: EventName): number
  handlers: FakeHandlers
}

export const ok = <T>(value: T) => ({ ok: true as const, value })

export const emptySummary: OutboxSummary = { pending: 0, failed: 0, conflicts: 0, delivering: false }

export const idleStatus: SyncStatus = { running: false, progress: null, lastSuccessAt: null, lastError: null, deviceCount: 0, online: null }

export const defaultHandlers: FakeHandlers = {
  'app:get-info': () =>
    ok({
      version: '0.1.0',
      tenant: { id: 't1', displayName: 'Contoso Bench', kind: 'embedded-mock' as const },
      transport: 'http' as const,
      timeZone: 'Europe/Berlin',
    }),
  'devices:list-devices': () => ok({ items: [], total: 0, totalCapped: false, next: null }),
  'devices:get-device': () => ok(null),
  'sync:start-sync': () => ok({ runId: 'run-1' }),
  'sync:get-status': () => ok(idleStatus),
  'prefs:get-preference': () => ok({ value: null }),
  'prefs:set-preference': () => ok({}),
  'changes:get-summary': () => ok(emptySummary),
  'changes:list-changes': () => ok([]),
}

/** An in-memory Api: handlers per channel (overridable), a call log and an event emitter. */
export function createFakeApi(overrides: FakeHandlers = {}): FakeApi {
  const handlers: FakeHandlers = { ...defaultHandlers, ...overrides }
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const calls: { channel: Channel; request: unknown }[] = []
  return {
    handlers,
    calls,
    callsTo<C extends Channel>(channel: C) {
      return calls.filter((call) => call.channel === channel).map((call) => call.request as RequestOf<C>)
    },
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      calls.push({ channel, request })
      const handler = handlers[channel]
      if (!handler) return { ok: false, error: { code: 'not-found', message: `no fake for ${channel}` } }
      return handler(request)
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const entry = listener as (payload: never) => void
      set.add(entry)
      return () => {
        set.delete(entry)
      }
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) (listener as (p: typeof payload) => void)(payload)
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0
    },
  }
}

export function device(serial: string, overrides: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    id: `id-${serial.toLowerCase()}`,
    serialNumber: serial,
    manufacturer: 'Contoso',
    model: 'Surface Laptop 5',
    pending: [],
    groupTag: 'BENCH-A',
    userPrincipalName: `${serial.toLowerCase()}@contoso.com`,
    displayName: `PC-${serial}`,
    profileStatus: 'assigned',
    enrollmentState: 'notContacted',
    syncedAt: '2025-03-05T13:05:00.000Z',
    ...overrides,
  }
}

/** A promise you resolve from the test, to hold a handler's answer. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** An outbox item: a group tag change waiting to be sent, unless overridden. */
export function outboxItem(id: number, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id,
    deviceId: `id-dev${id}`,
    serialNumber: `DEV${id}`,
    change: { kind: 'group-tag', groupTag: 'BENCH-B' },
    base: { groupTag: 'BENCH-A' },
    intended: { groupTag: 'BENCH-B' },
    server: null,
    state: 'pending',
    attempts: 0,
    lastError: null,
    nextAttemptAt: null,
    createdAt: '2025-03-05T13:05:00.000Z',
    updatedAt: '2025-03-05T13:05:00.000Z',
    ...overrides,
  }
}
