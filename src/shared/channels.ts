import { z } from 'zod'
import { listDevicesRequestSchema, listDevicesResponseSchema, deviceSummarySchema, refreshDeviceResponseSchema } from './device-schemas'
import { syncProgressSchema, syncStatusSchema } from './sync-schemas'
import { appInfoSchema, preferenceKeySchema, preferenceValueSchema } from './app-schemas'
import { deviceChangeSchema, outboxItemSchema, outboxSummarySchema } from './change-schemas'
import { searchUsersRequestSchema, searchUsersResponseSchema } from './user-schemas'
import { simActionSchema, simDeviceSummarySchema, simDeviceViewSchema, simKeySchema, simSteeringSchema } from './simulator-schemas'
import { actionResultSchema, autopilotSyncStateSchema, onlineActionSchema } from './action-schemas'
import { deviceCardSchema, profileListItemSchema } from './card-schemas'
import {
  attemptEventSchema,
  attemptRecordSchema,
  benchDeviceSchema,
  benchRemovalSchema,
  benchJobInputSchema,
  benchJobSchema,
  handoverReportSchema,
  manifestDiffSchema,
  manifestImportResultSchema,
  manifestRowInputSchema,
  manifestRowSchema,
  manifestCsvSchema,
  MAX_MANIFEST_REQUEST_BYTES,
} from './bench-schemas'
import {
  archiveReviewSchema,
  diagnosticsProgressSchema,
  exportBundleResponseSchema,
  exportScopeSchema,
  maxArchiveBase64Chars,
  openArchiveRequestSchema,
  redactionFlagsSchema,
} from './diagnostics-schemas'
import { dataChangedSchema } from './data-topics'
import {
  checkFilesResponseSchema,
  checkDraftSchema,
  cleanCsvExportSchema,
  discardImportResponseSchema,
  MAX_CHECK_BASE64_CHARS,
  MAX_CHECK_FILES,
  registrationFileInputSchema,
  registrationImportSchema,
  recycleActionSchema,
  recyclePlanSchema,
  recycleStepResultSchema,
  prestagePlanSchema,
} from './registration-schemas'
import { identityOverviewSchema, signInProgressSchema, startSignInRequestSchema } from './identity-schemas'

const empty = z.object({}).strict()
/** A scanned device the active cache missed: its serial, its Autopilot device id (a QR's ZtdId), or both. */
const scannedDevice = z
  .object({ serialNumber: z.string().trim().min(1).max(100).nullable().default(null), ztdId: z.string().trim().min(1).max(100).nullable().default(null) })
  .strict()
  .refine((r) => r.serialNumber !== null || r.ztdId !== null, { message: 'Give a serial number or a device id.' })
const deviceId = z.string().min(1).max(100)
const jobId = z.string().min(1).max(100)

/**
 * The request/response contract, one entry per channel, named `domain:verb-noun`.
 * Both transports (Electron IPC and the loopback HTTP server) dispatch through this map.
 */
export const channels = {
  'app:get-info': { request: empty, response: appInfoSchema },
  'devices:list-devices': { request: listDevicesRequestSchema.strict(), response: listDevicesResponseSchema },
  'devices:get-device': {
    request: z.object({ id: z.string().min(1).max(100) }).strict(),
    response: deviceSummarySchema.nullable(),
  },
  'devices:find-by-serial': {
    request: z.object({ serialNumber: z.string().trim().min(1).max(100) }).strict(),
    response: z.array(deviceSummarySchema),
  },
  /** Asked only when the active tenant's cache misses a scan: does another tenant on this bench know the device? */
  'devices:find-in-other-tenants': {
    request: scannedDevice,
    response: z.object({ otherTenant: z.object({ id: z.string(), displayName: z.string() }).nullable() }),
  },
  /**
   * Asked only when a scan finds no device: when this app's Recycle deleted its Windows Autopilot registration
   * (the audit log, by device id or serial), so the scan says so as the bench row does; null: it never did.
   */
  'devices:deleted-here': { request: scannedDevice, response: z.object({ deletedAt: z.string().nullable() }) },
  /**
   * Asked only when a scan's record is gone and the cache has no other record of its serial: Intune's Windows
   * Autopilot devices with exactly this serial (registered again since), cached on the way. `checked: false`:
   * Intune could not be asked (`notice` says why), so nothing can be told about a new registration.
   */
  'devices:find-by-serial-in-intune': {
    request: z.object({ serialNumber: z.string().trim().min(1).max(100) }).strict(),
    response: z.object({
      devices: z.array(deviceSummarySchema),
      checked: z.boolean(),
      notice: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  },
  'devices:refresh-device': {
    request: z.object({ id: z.string().min(1).max(100) }).strict(),
    response: refreshDeviceResponseSchema,
  },
  'changes:queue-change': {
    request: z.object({ deviceId: z.string().min(1).max(100), change: deviceChangeSchema }).strict(),
    response: z.object({ item: outboxItemSchema.nullable() }),
  },
  'changes:list-changes': {
    request: z.object({ deviceId: z.string().min(1).max(100).nullable().default(null), includeFinished: z.boolean().default(false) }).strict(),
    response: z.array(outboxItemSchema),
  },
  'changes:retry-change': { request: z.object({ id: z.number().int().positive() }).strict(), response: z.object({ item: outboxItemSchema.nullable() }) },
  'changes:discard-change': { request: z.object({ id: z.number().int().positive() }).strict(), response: z.object({ item: outboxItemSchema.nullable() }) },
  'changes:resolve-conflict': {
    request: z.object({ id: z.number().int().positive(), choice: z.enum(['keep-mine', 'take-intune']) }).strict(),
    response: z.object({ item: outboxItemSchema.nullable() }),
  },
  'changes:get-summary': { request: empty, response: outboxSummarySchema },
  'users:search-users': { request: searchUsersRequestSchema, response: searchUsersResponseSchema },
  'sync:start-sync': { request: empty, response: z.object({ runId: z.string() }) },
  'sync:get-status': { request: empty, response: syncStatusSchema },
  /** Stops the running sync between pages; what it saved stays, nothing is deleted. `cancelled` is false when no sync was running. */
  'sync:cancel-sync': { request: empty, response: z.object({ cancelled: z.boolean() }) },
  'prefs:get-preference': {
    request: z.object({ key: preferenceKeySchema }).strict(),
    response: z.object({ value: preferenceValueSchema }),
  },
  'prefs:set-preference': {
    request: z.object({ key: preferenceKeySchema, value: preferenceValueSchema }).strict(),
    response: z.object({}),
  },
  'simulator:list-devices': {
    request: z.object({ search: z.string().trim().max(100).default('') }).strict(),
    response: z.object({ devices: z.array(simDeviceSummarySchema) }),
  },
  'simulator:get-device': { request: z.object({ key: simKeySchema }).strict(), response: simDeviceViewSchema },
  'simulator:press': { request: z.object({ key: simKeySchema, action: simActionSchema }).strict(), response: simDeviceViewSchema },
  'simulator:steer': {
    request: z
      .object({
        key: simKeySchema,
        nextAttempt: simSteeringSchema,
        errorCode: z
          .string()
          .regex(/^0x[0-9a-fA-F]{8}$/)
          .nullable()
          .default(null),
      })
      .strict(),
    response: simDeviceViewSchema,
  },

  // Technician flow: device card, readiness, online-only Intune actions.
  'devices:get-device-card': {
    request: z.object({ id: deviceId, jobId: jobId.nullable().default(null) }).strict(),
    response: deviceCardSchema.nullable(),
  },
  'devices:list-group-tags': {
    request: z.object({ prefix: z.string().max(100).default(''), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    response: z.object({ tags: z.array(z.string()) }),
  },
  'devices:run-online-action': {
    request: z.object({ action: onlineActionSchema, deviceId: deviceId.nullable().default(null) }).strict(),
    response: actionResultSchema,
  },
  'autopilot:get-sync-state': { request: empty, response: autopilotSyncStateSchema },
  'profiles:list-profiles': { request: empty, response: z.object({ profiles: z.array(profileListItemSchema) }) },
  'jobs:list-jobs': { request: z.object({ includeClosed: z.boolean().default(false) }).strict(), response: z.object({ jobs: z.array(benchJobSchema) }) },
  'jobs:save-job': { request: z.object({ id: jobId.nullable().default(null), job: benchJobInputSchema }).strict(), response: benchJobSchema },
  'jobs:close-job': { request: z.object({ id: jobId }).strict(), response: benchJobSchema },
  /** Where a job's group tag leads (the device card's profile explanation, group-tag-outcome.ts); null outcome: no tag. */
  'jobs:check-group-tag': {
    request: z.object({ groupTag: z.string().max(512), expectedProfileId: z.string().max(200).nullable().default(null) }).strict(),
    response: z.object({
      outcome: z
        .object({
          kind: z.enum(['expected', 'other-profile', 'no-profile', 'some-profile']),
          profileName: z.string().nullable(),
          certain: z.boolean(),
          chain: z.string(),
          warning: z.string().nullable(),
        })
        .nullable(),
    }),
  },
  'jobs:import-manifest': {
    request: z.object({ jobId, csv: manifestCsvSchema, replace: z.boolean().default(true), restoreLeadingZeros: z.boolean().default(false) }).strict(),
    response: manifestImportResultSchema,
    maxRequestBytes: MAX_MANIFEST_REQUEST_BYTES,
  },
  'jobs:preview-manifest': {
    request: z.object({ jobId, csv: manifestCsvSchema, restoreLeadingZeros: z.boolean().default(false) }).strict(),
    response: manifestDiffSchema,
    maxRequestBytes: MAX_MANIFEST_REQUEST_BYTES,
  },
  /** Adds or edits one row; `originalSerial` is the row's serial before the edit (null for a new row). */
  'jobs:save-manifest-row': {
    request: z.object({ jobId, originalSerial: z.string().max(100).nullable().default(null), row: manifestRowInputSchema }).strict(),
    response: manifestRowSchema,
  },
  'jobs:remove-manifest-row': { request: z.object({ jobId, serialNumber: z.string().min(1).max(100) }).strict(), response: z.object({}) },
  'jobs:list-manifest': { request: z.object({ jobId }).strict(), response: z.object({ rows: z.array(manifestRowSchema) }) },
  'jobs:get-handover-report': { request: z.object({ jobId }).strict(), response: handoverReportSchema },
  'jobs:export-handover-csv': { request: z.object({ jobId }).strict(), response: z.object({ fileName: z.string(), csv: z.string() }) },
  'bench:list-devices': { request: z.object({ jobId: jobId.nullable().default(null) }).strict(), response: z.object({ devices: z.array(benchDeviceSchema) }) },
  // scanId: the renderer's id of the one scan that resolved the device (its cached answer and its online refresh both
  // add it): one bench_scans row per scan id however often it is sent. Without one, each call is a scan of its own.
  'bench:add-device': {
    request: z.object({ deviceId, jobId: jobId.nullable().default(null), scanId: z.string().min(1).max(100).optional() }).strict(),
    response: benchDeviceSchema,
  },
  // removed: what was taken off (null: the device was not at the bench), for Undo through bench:restore-device.
  'bench:remove-device': { request: z.object({ deviceId }).strict(), response: z.object({ removed: benchRemovalSchema.nullable().optional() }) },
  // Undo of a removal: puts the row and the job visit back exactly as they were; conflict when the device is at the bench again.
  'bench:restore-device': { request: z.object({ removed: benchRemovalSchema }).strict(), response: benchDeviceSchema },
  /** `eventId`: the stored event, which an undo names. */
  'attempts:record-event': {
    request: z.object({ deviceId, event: attemptEventSchema }).strict(),
    response: z.object({ attempt: attemptRecordSchema, device: benchDeviceSchema, eventId: z.number().int().positive() }),
  },
  /**
   * Takes back the device's last recorded key within the grace period (UNDO_GRACE_SECONDS), never Intune's
   * enrollment confirmation. With `eventId` (from attempts:record-event; the app always sends it) only
   * that key, while it is still the device's last event: never another station's key.
   */
  'attempts:undo-last-event': {
    request: z.object({ deviceId, eventId: z.number().int().positive().optional() }).strict(),
    response: z.object({ undone: z.object({ type: z.string(), at: z.string() }).passthrough(), device: benchDeviceSchema.nullable() }),
  },
  'attempts:void-attempt': {
    request: z
      .object({
        deviceId,
        attemptNumber: z.number().int().min(1),
        reason: z.string().trim().min(3, 'Say why the attempt is void (at least 3 characters).').max(500),
      })
      .strict(),
    response: z.object({ device: benchDeviceSchema.nullable() }),
  },
  'attempts:list-attempts': { request: z.object({ deviceId }).strict(), response: z.object({ attempts: z.array(attemptRecordSchema) }) },

  // Diagnostics. Slow, big channels say so: dispatch and the HTTP transport honour these.
  'diagnostics:export-bundle': {
    request: z.object({ scope: exportScopeSchema, redact: redactionFlagsSchema.default({ serials: false, users: false }) }).strict(),
    response: exportBundleResponseSchema,
    timeoutMs: 120_000,
  },
  'diagnostics:open-archive': {
    request: openArchiveRequestSchema,
    response: archiveReviewSchema,
    timeoutMs: 120_000,
    maxRequestBytes: maxArchiveBase64Chars + 64 * 1024,
  },

  // Registration by hardware hash (docs/registration.md).
  'registration:check-files': {
    request: z.object({ files: z.array(registrationFileInputSchema).min(1).max(MAX_CHECK_FILES) }).strict(),
    response: checkFilesResponseSchema,
    timeoutMs: 120_000,
    maxRequestBytes: MAX_CHECK_BASE64_CHARS + 64 * 1024,
  },
  'registration:export-clean-csv': { request: z.object({ checkId: z.string().max(100) }).strict(), response: cleanCsvExportSchema },
  'registration:confirm-upload': { request: z.object({ checkId: z.string().max(100) }).strict(), response: registrationImportSchema },
  'registration:get-status': {
    request: z.object({ importId: z.string().max(100).nullable().default(null) }).strict(),
    response: z.object({ current: registrationImportSchema.nullable(), recent: z.array(registrationImportSchema.omit({ rows: true })) }),
  },
  /**
   * The last check of dropped files that was not uploaded: kept in SQLite, so a restart of the app (a technician
   * who checked 200 hashes) finds it again rather than dropping the files anew. Null when none waits.
   */
  'registration:get-draft': { request: empty, response: z.object({ draft: checkDraftSchema.nullable() }) },
  /** Forgets that check (Discard): its rows and hashes are deleted, so it does not come back at the next start. */
  'registration:discard-draft': { request: z.object({ checkId: z.string().min(1).max(100) }).strict(), response: z.object({ discarded: z.boolean() }) },
  /** A Failed upload (or one waiting between tries) is tried again now, its retry budget whole again. */
  'registration:retry-import': { request: z.object({ importId: z.string().min(1).max(100) }).strict(), response: registrationImportSchema },
  /**
   * Abandons a Failed upload (or one waiting between tries) once Intune is known not to be processing any of
   * it; `evenIfUnchecked` discards it when Intune could not be asked. Its hashes are cleared.
   */
  'registration:discard-import': {
    request: z.object({ importId: z.string().min(1).max(100), evenIfUnchecked: z.boolean().default(false) }).strict(),
    response: discardImportResponseSchema,
  },
  /**
   * The newest upload on this PC that holds this serial's hardware hash and is not finished: Failed, still
   * under way, or registered and waiting to appear. A scan that finds no device says so instead of "upload its hash".
   */
  'registration:find-held-hash': {
    request: z.object({ serialNumber: z.string().trim().min(1).max(100) }).strict(),
    response: z.object({
      upload: z.object({ importId: z.string(), state: z.string(), createdAt: z.string(), registered: z.boolean() }).nullable(),
    }),
  },
  /** Bulk pre-staging of a job's manifest onto its registered devices, through the outbox. */
  'prestage:get-plan': { request: z.object({ jobId }).strict(), response: prestagePlanSchema },
  'prestage:apply': { request: z.object({ jobId }).strict(), response: prestagePlanSchema },
  /** What a device that comes back has in Intune (Autopilot, Intune and Entra records, user), so only the steps that apply are offered. */
  'recycle:get-plan': { request: z.object({ deviceId }).strict(), response: recyclePlanSchema },
  /** One step of a recycle flow (src/shared/domain/recycle-flows.ts); destructive steps need the serial typed again. */
  'recycle:run-step': {
    request: z.object({ deviceId, action: recycleActionSchema, confirmSerial: z.string().max(200).default('') }).strict(),
    response: recycleStepResultSchema,
  },
  // Customer tenants and sign-in (docs/reference/identity.md). Sign-in runs in the core; progress arrives as `identity:sign-in` events.
  'identity:get-overview': { request: empty, response: identityOverviewSchema },
  'identity:start-sign-in': { request: startSignInRequestSchema, response: z.object({ attemptId: z.string() }) },
  'identity:cancel-sign-in': { request: z.object({ attemptId: z.string().min(1).max(100) }).strict(), response: z.object({ cancelled: z.boolean() }) },
  'identity:sign-out': { request: z.object({ tenantId: z.string().min(1).max(100) }).strict(), response: z.object({}) },
  'identity:remove-tenant': { request: z.object({ tenantId: z.string().min(1).max(100) }).strict(), response: z.object({}) },
  /** Closes the active tenant's cache and opens the other's; answers when the new one is ready. */
  'identity:switch-tenant': {
    request: z.object({ tenantId: z.string().min(1).max(100) }).strict(),
    response: z.object({ active: z.string() }),
    timeoutMs: 60_000,
  },
} as const

/** Events pushed from main to the renderer. */
export const events = {
  /** Cached data changed: which domain topics (src/shared/data-topics.ts), never which tables. */
  'data:changed': dataChangedSchema,
  'sync:progress': syncProgressSchema,
  'diagnostics:progress': diagnosticsProgressSchema,
  'identity:sign-in': signInProgressSchema,
} as const

export type Channel = keyof typeof channels
export type EventName = keyof typeof events
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>
export type ParsedRequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const channelNames = Object.keys(channels) as Channel[]
export const eventNames = Object.keys(events) as EventName[]

export const isChannel = (value: unknown): value is Channel => typeof value === 'string' && Object.prototype.hasOwnProperty.call(channels, value)
export const isEventName = (value: unknown): value is EventName => typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value)
