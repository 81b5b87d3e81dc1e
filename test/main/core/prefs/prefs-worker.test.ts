import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { prefsMethods } from '@core/prefs/prefs.worker'
import type { WorkerContext } from '@core/worker/method'
import { benchListPreferenceKeys, preferenceKeySchema } from '@shared/app-schemas'

describe('setting a preference', () => {
  it('changes the bench topic too only for the preferences the bench list depends on', async () => {
    const db = new Database(':memory:')
    migrate(db)
    const emitted: unknown[] = []
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: (_name: string, payload: unknown) => emitted.push(payload) } as WorkerContext
    const set = prefsMethods['prefs:set-preference']
    for (const key of preferenceKeySchema.options) await set.run(ctx, { key, value: 'x' })
    const withBench = preferenceKeySchema.options.filter((_key, i) => (emitted[i] as { topics: string[] }).topics.includes('bench'))
    expect(withBench).toEqual(['bench.activeJobId', 'bench.network'])
    expect(withBench).toEqual([...benchListPreferenceKeys])
    expect(emitted.every((payload) => (payload as { topics: string[] }).topics.includes('preferences'))).toBe(true)
    db.close()
  })
})
