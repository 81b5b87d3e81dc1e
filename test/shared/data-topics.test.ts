import { describe, expect, it } from 'vitest'
import { events } from '@shared/channels'
import { dataChanged, dataTopics, touches } from '@shared/data-topics'

describe('data:changed names domain topics', () => {
  it('accepts declared topics and refuses table names and the old { tables } shape', () => {
    expect(events['data:changed'].safeParse(dataChanged('devices', 'outbox')).success).toBe(true)
    expect(events['data:changed'].safeParse({ topics: [...dataTopics] }).success).toBe(true)
    for (const table of ['bench_jobs', 'job_manifest', 'bench_devices', 'sync_runs', 'tenant_settings', 'profile_assignments']) {
      expect(events['data:changed'].safeParse({ topics: [table] }).success).toBe(false)
    }
    expect(events['data:changed'].safeParse({ tables: ['devices'] }).success).toBe(false)
    expect(events['data:changed'].safeParse({ topics: ['devices'], tables: ['devices'] }).success).toBe(false)
  })

  it('touches() tells whether a change names any wanted topic', () => {
    expect(touches(dataChanged('jobs', 'manifest'), ['manifest'])).toBe(true)
    expect(touches(dataChanged('devices'), ['jobs', 'bench'])).toBe(false)
    expect(touches(dataChanged(), ['devices'])).toBe(false)
  })
})
