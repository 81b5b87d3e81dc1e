import { describe, expect, it, vi } from 'vitest'
import { channelNames, isChannel } from '@shared/channels'
import type { Core } from '@core/create-core'
import { createHandlers, createMainThreadHandlers } from '@core/handlers'
import { workerMethods } from '@core/worker/registry.worker'

/** A core with just enough for the handler map to be built and forwards to be watched. */
function stubCore(usesGraph: (method: string) => boolean = () => false) {
  const call = vi.fn(async (method: string, args: unknown) => ({ method, args }))
  const core = {
    tenant: { id: 't', displayName: 'T', kind: 'embedded-mock', graphBaseUrl: 'http://127.0.0.1:1/beta', getToken: async () => 'tok' },
    db: { call, usesGraph },
    graphArgs: async (correlationId: string) => ({ baseUrl: 'http://127.0.0.1:1/beta', token: 'tok', correlationId }),
  } as unknown as Core
  return { core, call }
}

const methodNames = Object.keys(workerMethods)
const ctx = { correlationId: 'c-1', log: { log: () => undefined } }

describe('routing: one name per operation', () => {
  it('routes every channel: a main-thread handler or the worker method of the same name', () => {
    const mainThread = Object.keys(createMainThreadHandlers(stubCore().core))
    const unrouted = channelNames.filter((channel) => !mainThread.includes(channel) && !methodNames.includes(channel))
    expect(unrouted).toEqual([])
    const handlers = createHandlers(stubCore().core)
    expect(channelNames.filter((channel) => typeof handlers[channel] !== 'function')).toEqual([])
  })

  it('never shadows a worker method named like a channel with a main-thread handler', () => {
    const mainThread = Object.keys(createMainThreadHandlers(stubCore().core))
    expect(mainThread.filter((channel) => methodNames.includes(channel))).toEqual([])
  })

  it('names worker methods either after a channel or with a dot (internal), never anything in between', () => {
    expect(methodNames.filter((name) => name.includes(':') && !isChannel(name))).toEqual([])
    expect(methodNames.filter((name) => !name.includes(':') && !name.includes('.'))).toEqual([])
  })

  it('forwards a channel to its worker method with the request unchanged', async () => {
    const { core, call } = stubCore()
    await createHandlers(core)['devices:get-device']({ id: 'abc' }, ctx)
    expect(call).toHaveBeenCalledWith('devices:get-device', { id: 'abc' })
  })

  it('adds Graph arguments when the worker method declares graph', async () => {
    // No forwarded channel declares graph today (user search moved to a main-thread handler): a stub says this one does.
    const { core, call } = stubCore((method) => method === 'devices:get-device')
    await createHandlers(core)['devices:get-device']({ id: 'abc' }, ctx)
    expect(call).toHaveBeenCalledWith('devices:get-device', { id: 'abc', baseUrl: 'http://127.0.0.1:1/beta', token: 'tok', correlationId: 'c-1' })
  })

  it('declares read-only-ness and Graph use on each method definition', () => {
    const method = (name: string) => workerMethods[name as keyof typeof workerMethods]
    expect(methodNames.filter((name) => typeof method(name).readOnly !== 'boolean')).toEqual([])
    // The methods that skipped committing an open bulk-sync transaction before the rename still do…
    const readOnly = [
      'attempts:list-attempts',
      'autopilot:get-sync-state',
      'bench:list-devices',
      // The card, read again whenever devices change; its stage move commits the sync's write itself (bench-stage.worker.ts).
      'card.get',
      'changes:list-changes',
      'devices:find-by-serial',
      'devices:get-device',
      'devices:list-devices',
      'devices:list-group-tags',
      'diagnostics.export',
      'health.check',
      'jobs.handover-report',
      'jobs:get-handover-report',
      'jobs:list-jobs',
      'jobs:list-manifest',
      'outbox.summary',
      'prefs:get-preference',
      'profiles:list-profiles',
      'sync.summary',
      // Known offline, the user search reads only the cached users.
      'users.search-cached',
    ]
    expect(readOnly.filter((name) => method(name).readOnly !== true)).toEqual([])
    // …and every writer still commits it first.
    const writers = [
      'attempts.confirm-enrollments',
      'attempts:record-event',
      'bench:add-device',
      'bench:remove-device',
      'bench:restore-device',
      'card.verify-online',
      'changes:discard-change',
      'devices.refresh',
      'intune.action',
      'jobs.save',
      'jobs:close-job',
      'jobs:import-manifest',
      'outbox.act',
      'outbox.deliver',
      'outbox.queue',
      'prefs:set-preference',
      'sync.run',
      'test.crash',
      'test.hang',
      'users.search',
    ]
    expect(writers.filter((name) => method(name).readOnly !== false)).toEqual([])
    const graph = ['card.verify-online', 'devices.refresh', 'intune.action', 'outbox.deliver', 'sync.run', 'users.search']
    expect(graph.filter((name) => method(name).graph === null)).toEqual([])
    expect(method('devices.refresh').graph).toEqual({ maxRetries: 1, timeoutMs: 10_000 })
  })
})
