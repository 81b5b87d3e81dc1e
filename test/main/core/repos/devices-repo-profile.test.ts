import { describe, expect, it } from 'vitest'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb } from '@support/bench-fixture'
import { syntheticDevice } from '../../../../bench/support/synthetic-devices'

describe('devices repo: the assigned profile id', () => {
  const tempDir = useTempDirs()

  it('keeps the id a list page does not carry, and drops it once Intune says Not assigned', () => {
    const { db } = openBenchDb(tempDir(), 0)
    const repo = createDevicesRepo(db)
    const device = { ...syntheticDevice(1), profileStatus: 'assigned' as const, profileId: 'prof-1' }
    const profileIdOf = () => repo.getRow(device.id)!.profile_id
    // A device read by id with $expand=deploymentProfile carries it.
    repo.save([device], '2026-11-01T00:00:00.000Z')
    expect(profileIdOf()).toBe('prof-1')
    // The list (no $expand) carries none: still assigned, the id is kept.
    repo.save([{ ...device, profileId: '' }], '2026-11-02T00:00:00.000Z')
    expect(profileIdOf()).toBe('prof-1')
    // Still on its way to another profile: the one assigned until then is kept.
    repo.save([{ ...device, profileId: '', profileStatus: 'assigning' }], '2026-11-03T00:00:00.000Z')
    expect(profileIdOf()).toBe('prof-1')
    // A group tag whose group has no profile: Intune says Not assigned, so no profile is assigned.
    repo.save([{ ...device, profileId: '', profileStatus: 'notAssigned' }], '2026-11-04T00:00:00.000Z')
    expect(profileIdOf()).toBe('')
    db.close()
  })
})
