import { z } from 'zod'
import { listDevicesRequestSchema, listDevicesResponseSchema, deviceSummarySchema, refreshDeviceResponseSchema } from './device-schemas'
import { syncProgressSchema, syncStatusSchema } from './sync-schemas'
import { appInfoSchema, preferenceKeySchema, preferenceValueSchema } from './app-schemas'

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
