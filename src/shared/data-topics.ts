import { z } from 'zod'

/**
 * What a `data:changed` event says changed: domain topics, never storage names. The core maps its
 * writes onto these; the renderer's stores follow the topics they show. Adding a topic is a contract
 * change (both sides), renaming a table is not.
 */
export const dataTopics = [
  /** Cached devices (list rows, card facts, pending marks). */
  'devices',
  /** Sync runs: last run, last success, device count. */
  'sync',
  /** Changes waiting for or delivered to Intune (the outbox). */
  'outbox',
  /** Cached Entra users (assignment search). */
  'users',
  /** Deployment profiles and their assignments. */
  'profiles',
  /** Tenant-wide state an online action changes (Autopilot sync throttle). */
  'tenant',
  /** Remembered preferences. */
  'preferences',
  /** Jobs (customer / purchase orders). */
  'jobs',
  /** A job's manifest of expected devices. */
  'manifest',
  /** Devices at the bench and their stages. */
  'bench',
  /** Provisioning attempts recorded at the bench. */
  'attempts',
  /** Whether Intune answered the last call (online / offline). */
  'connectivity',
  /** Hardware-hash imports: checks, the upload queue and its results. */
  'registration',
  /** Customer tenants, which one is active, sign-in state and granted permissions. */
  'identity',
  /** The database on this PC: damage found by the check after start (app info's notice). */
  'database',
  /** The demo tenant's simulated PCs: a press or a steering, from whichever window or screen made it. */
  'simulator',
] as const

export const dataTopicSchema = z.enum(dataTopics)
export type DataTopic = z.infer<typeof dataTopicSchema>

/** The payload of the `data:changed` event. */
export const dataChangedSchema = z.object({ topics: z.array(dataTopicSchema) }).strict()
export type DataChanged = z.infer<typeof dataChangedSchema>

/** Builds a `data:changed` payload; the argument type keeps emitters to declared topics. */
export const dataChanged = (...topics: DataTopic[]): DataChanged => ({ topics })

/** Whether a change names any of `wanted`. */
export const touches = (change: DataChanged, wanted: readonly DataTopic[]): boolean => change.topics.some((topic) => wanted.includes(topic))
