import { z } from 'zod'

export const userSummarySchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string(),
  mail: z.string(),
  /** Whether the user has any licence assigned (null: Graph did not say). Intune licensing is checked by the readiness panel. */
  licensed: z.boolean().nullable(),
})
export type UserSummary = z.infer<typeof userSummarySchema>

export const searchUsersRequestSchema = z
  .object({
    query: z.string().trim().min(1).max(100),
    limit: z.number().int().min(1).max(100).default(25),
    /** Only the users this app has seen before (the cache), at once, without asking Intune: the picker's first look while Intune is asked. */
    cacheOnly: z.boolean().optional(),
  })
  .strict()

export const searchUsersResponseSchema = z.object({
  users: z.array(userSummarySchema),
  source: z.enum(['cache', 'online']),
  /** Why the online search did not run or failed (e.g. offline); the cached matches are still shown. */
  notice: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type SearchUsersResponse = z.infer<typeof searchUsersResponseSchema>
