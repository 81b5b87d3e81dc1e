import { z } from 'zod'

/**
 * The OOBE simulator channels (demo tenant only): the embedded mock's device simulator
 * (`/_sim/…`, docs/mock-intune.md "Device simulator") as the app sees it. Only what the Simulator
 * screen shows is kept; the mock may send more.
 */
export const simActions = ['power-on', 'power-off', 'win5', 'next', 'continue', 'back', 'refresh', 'provision', 'reseal', 'retry', 'reset', 'wipe'] as const
export const simActionSchema = z.enum(simActions)
export type SimAction = z.infer<typeof simActionSchema>

/**
 * What the simulated PC's next pre-provisioning attempt does (mock `PUT /_sim/devices/{key}/steering`):
 * demos and training show a failure on purpose. 'random' clears the steering (seeded TPM failures).
 */
export const simSteeringSchema = z.enum(['random', 'success', 'tpmFailure', 'deviceSetupFailure'])
export type SimSteering = z.infer<typeof simSteeringSchema>

export const simDeviceSummarySchema = z.object({
  id: z.string(),
  serialNumber: z.string(),
  manufacturer: z.string().default(''),
  model: z.string().default(''),
  windows: z.string().default(''),
  scenario: z.string().optional(),
  screen: z.string(),
  profileName: z.string().nullable().default(null),
})
export type SimDeviceSummary = z.infer<typeof simDeviceSummarySchema>

const simStepSchema = z.object({
  phase: z.string(),
  name: z.string(),
  status: z.string(),
})

export const simAttemptSchema = z.object({
  number: z.number(),
  elapsedSeconds: z.number(),
  endsAt: z.string(),
  phase: z.string().nullable(),
  steps: z.array(simStepSchema),
  error: z
    .object({ code: z.string(), name: z.string(), message: z.string(), step: z.string(), customErrorMessage: z.string().nullable().default(null) })
    .nullable()
    .default(null),
})

export const simDeviceViewSchema = z.object({
  device: z.object({
    id: z.string(),
    serialNumber: z.string(),
    manufacturer: z.string().default(''),
    model: z.string().default(''),
    windows: z.string().default(''),
    scenario: z.string().optional(),
  }),
  power: z.string(),
  screen: z.string(),
  title: z.string().nullable().default(null),
  actions: z.array(z.string()),
  organizationName: z.string().nullable().default(null),
  profileName: z.string().nullable().default(null),
  assignedUser: z.string().nullable().default(null),
  addressableUserName: z.string().nullable().default(null),
  /** The QR text exactly as Windows builds it; null when the screen shows no code (no profile). */
  qrPayload: z.string().nullable().default(null),
  message: z.string().nullable().default(null),
  attempt: simAttemptSchema.nullable().default(null),
  /** The forced outcome of the next attempt, if any (used up by that attempt). */
  steering: z
    .object({ next: z.string(), errorCode: z.string().nullable().default(null) })
    .nullable()
    .default(null),
})
export type SimDeviceView = z.infer<typeof simDeviceViewSchema>

export const simKeySchema = z.string().trim().min(1).max(100)
