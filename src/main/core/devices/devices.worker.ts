import { createDevicesRepo } from '../repos/devices-repo'
import { refreshDevice } from '../sync/refresh-device.worker'
import { createOutboxRepo } from '../repos/outbox-repo'
import { otherTenantCacheHas, type OtherTenantQuery } from '../repos/other-tenant-caches-repo'
import type { DeviceSummary } from '@shared/device-schemas'
import { confirmEnrollments } from '../bench/bench.worker'
import { channelMethod, internalMethod, type GraphArgs, type WorkerContext } from '../worker/method'
import { graphFor } from '../worker/graph.worker'
import { dataChanged } from '@shared/data-topics'
import { createAuditLogRepo } from '../repos/audit-log-repo'

/** Adds each device's unsent values, so every list and card can mark them pending. */
export function withPending<T extends DeviceSummary>(ctx: WorkerContext, devices: T[]): T[] {
  const pending = createOutboxRepo(ctx.db).pendingValues(devices.map((d) => d.id))
  return devices.map((d) => ({ ...d, pending: pending.get(d.id) ?? [] }))
}

/** The device list, lookups and the on-demand refresh, in the database worker. */
export const devicesMethods = {
  ...channelMethod('devices:list-devices', { readOnly: true }, (ctx, args) => {
    const page = createDevicesRepo(ctx.db).list(args.search, args.limit, args.after, args.position)
    return { ...page, items: withPending(ctx, page.items) }
  }),
  ...channelMethod('devices:get-device', { readOnly: true }, (ctx, args) => {
    const device = createDevicesRepo(ctx.db).get(args.id.toLowerCase())
    return device ? withPending(ctx, [device])[0]! : null
  }),
  ...channelMethod('devices:find-by-serial', { readOnly: true }, (ctx, args) => withPending(ctx, createDevicesRepo(ctx.db).findBySerial(args.serialNumber))),
  // A scan that found nothing: did this app's Recycle delete it (bench-readiness.worker.ts asks the same of a bench row)?
  ...channelMethod('devices:deleted-here', { readOnly: true }, (ctx, args) => ({
    deletedAt: createAuditLogRepo(ctx.db).lastAtOf('recycle-delete-autopilot-record', { deviceId: args.ztdId, serialNumber: args.serialNumber }),
  })),
  // Read-only peeks into other tenants' cache files (never this worker's own database); the main-thread
  // handler (devices-handlers.ts) names the files from the tenant registry.
  ...internalMethod('devices.find-in-other-caches', { readOnly: true }, (_ctx, args: { files: { tenantId: string; file: string }[] } & OtherTenantQuery) => {
    const hit = args.files.find((candidate) => otherTenantCacheHas(candidate.file, args))
    return hit ? hit.tenantId : null
  }),
  // A scan whose record is gone (deleted here, or Intune said not found) and whose serial the cache lacks: was it
  // registered again since (a new hash upload, outside this app too)? Intune is listed by serial (contains() is what
  // Graph supports, docs/reference/graph-api.md §B1; eq answers 400), exact matches are fetched by id as a scan's
  // refresh does, so they are cached with their profile and a serial scan finds them from now on.
  ...internalMethod(
    'devices.find-by-serial-in-intune',
    { readOnly: false, graph: { maxRetries: 1, timeoutMs: 10_000 } },
    async (ctx, args: GraphArgs & { serialNumber: string }) => {
      const graph = graphFor(ctx, args)
      const serial = args.serialNumber.trim()
      const filter = encodeURIComponent(`contains(serialNumber,'${serial.replace(/'/g, "''")}')`)
      const body = (await graph.getJson(`/deviceManagement/windowsAutopilotDeviceIdentities?$filter=${filter}`, { correlationId: args.correlationId })) as {
        value?: Array<{ id?: unknown; serialNumber?: unknown }>
      }
      const ids = (body.value ?? [])
        .filter((d) => typeof d.id === 'string' && typeof d.serialNumber === 'string' && d.serialNumber.trim().toUpperCase() === serial.toUpperCase())
        .map((d) => d.id as string)
      const found: DeviceSummary[] = []
      for (const id of ids.slice(0, 10)) {
        const result = await refreshDevice(ctx.db, graph, id, args.correlationId)
        if (result.device) found.push(result.device)
      }
      if (found.length > 0) ctx.emit('data:changed', dataChanged('devices'))
      return withPending(ctx, found)
    },
  ),
  // A technician is waiting at the bench: one quick retry, then the cached row with the reason.
  // Named internally: the main-thread handler (devices-handlers.ts) also tells the core whether Intune answered.
  ...internalMethod('devices.refresh', { readOnly: false, graph: { maxRetries: 1, timeoutMs: 10_000 } }, async (ctx, args: GraphArgs & { id: string }) => {
    const result = await refreshDevice(ctx.db, graphFor(ctx, args), args.id, args.correlationId)
    ctx.emit('data:changed', dataChanged('devices'))
    confirmEnrollments(ctx) // an enrollment the refresh just saw confirms the technician's declared success
    return { ...result, device: result.device ? withPending(ctx, [result.device])[0]! : null }
  }),
}
