import { join } from 'node:path'
import { openDatabase } from '@core/db/open-database'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { syntheticDevice } from '../../bench/support/synthetic-devices'

/** A migrated database on a temp folder with `count` synthetic cached devices and one cached profile. */
export function openBenchDb(dir: string, count = 5) {
  const { db } = openDatabase(join(dir, 'bench.db'), { uncleanExit: false })
  const devices: DeviceRow[] = Array.from({ length: count }, (_, i) => syntheticDevice(i + 1))
  createDevicesRepo(db).save(devices, '2026-11-01T00:00:00.000Z')
  db.prepare("INSERT INTO profiles (id, display_name, synced_at) VALUES ('prof-1', 'Contoso pre-provisioning', '2026-11-01T00:00:00Z')").run()
  return { db, devices }
}

/** Minutes after a fixed start, as ISO strings: events in the tests are declared in this order. */
export const t = (minutes: number) => new Date(Date.parse('2026-11-20T09:00:00.000Z') + minutes * 60_000).toISOString()
