import { z } from 'zod'
import { listDevicesRequestSchema, listDevicesResponseSchema, deviceSummarySchema, refreshDeviceResponseSchema } from './device-schemas'
import { syncProgressSchema, syncStatusSchema } from './sync-schemas'
import { appInfoSchema, preferenceKeySchema, preferenceValueSchema } from './app-schemas'
import { deviceChangeSchema, outboxItemSchema, outboxSummarySchema } from './change-schemas'
import { searchUsersRequestSchema, searchUsersResponseSchema } from './user-schemas'
import { simActionSchema, simDeviceSummarySchema, simDeviceViewSchema, simKeySchema } from './simulator-schemas'

const empty = z.object({}).strict()

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
} as const

/** Events pushed from main to the renderer. */
export const events = {
  'db:changed': z.object({ tables: z.array(z.string()) }),
  'sync:progress': syncProgressSchema,
} as const

export type Channel = keyof typeof channels
export type EventName = keyof typeof events
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>
export type ParsedRequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const channelNames = Object.keys(channels) as Channel[]
export const eventNames = Object.keys(events) as EventName[]

export const isChannel = (value: unknown): value is Channel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(channels, value)
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value)
