import type Database from 'better-sqlite3'
import { AppFailure, toEnvelopeError } from '../app-error'
import type { GraphClient } from '../graph/graph-client'
import { mapGraphDevice } from '../graph/device-mapper'
import { createDevicesRepo } from '../repos/devices-repo'
import type { RefreshDeviceResponse } from '@shared/device-schemas'

const devicePath = (id: string) =>
  `/deviceManagement/windowsAutopilotDeviceIdentities/${encodeURIComponent(id)}?$expand=deploymentProfile,intendedDeploymentProfile`

/**
 * On-demand freshness: a scanned device is fetched by id on every scan, so the technician never waits
 * for a full sync. Offline or throttled, the cached row is answered with a notice saying why. A 404
 * means the record was deleted in Intune since the last sync: it leaves the cache.
 */
export async function refreshDevice(db: Database.Database, graph: GraphClient, id: string, correlationId: string): Promise<RefreshDeviceResponse> {
  const devices = createDevicesRepo(db)
  const key = id.toLowerCase()
  try {
    const row = mapGraphDevice(await graph.getJson(devicePath(key), { correlationId }))
    if (!row) throw new AppFailure('upstream', 'Intune sent a device without an id or serial number.')
    devices.save([row], new Date().toISOString())
    return { device: devices.get(row.id), source: 'online', notice: null }
  } catch (error) {
    const envelope = toEnvelopeError(error)
    if (envelope.code === 'not-found') {
      devices.remove(key)
      return { device: null, source: 'online', notice: envelope }
    }
    return { device: devices.get(key), source: 'cache', notice: envelope }
  }
}
