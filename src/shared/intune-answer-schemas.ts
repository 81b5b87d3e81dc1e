import { z } from 'zod'
import type { IntuneAnswer } from './domain/intune-answer'

/** Intune's error answer kept with a failed change or upload (src/shared/domain/intune-answer.ts), for "Details for support". */
export const intuneAnswerSchema = z.object({
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  requestId: z.string().nullable(),
  clientRequestId: z.string().nullable(),
  activityId: z.string().nullable(),
  date: z.string().nullable(),
  retryAfterSeconds: z.number().nullable(),
  raw: z.string(),
  body: z.enum(['graph', 'json', 'empty', 'html', 'text']),
}) satisfies z.ZodType<IntuneAnswer>

/** A stored error: the words shown, and Intune's answer when Intune gave one. */
export const storedErrorSchema = z.object({ code: z.string(), message: z.string(), intune: intuneAnswerSchema.nullable().optional() })
export type StoredError = z.infer<typeof storedErrorSchema>
