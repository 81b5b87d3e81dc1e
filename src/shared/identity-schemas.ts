import { z } from 'zod'

/** Tenants, sign-in and permissions as the renderer sees them. Never a token: see docs/reference/identity.md §msal. */

export const featureAccessSchema = z.object({
  feature: z.string(),
  label: z.string(),
  permission: z.string(),
  writes: z.boolean(),
  available: z.boolean(),
  reason: z.string().nullable(),
})
export type FeatureAccessView = z.infer<typeof featureAccessSchema>

export const signInStateSchema = z.enum(['not-needed', 'signed-in', 'signed-out', 'needs-sign-in'])
export type SignInState = z.infer<typeof signInStateSchema>

export const tenantSummarySchema = z.object({
  /** The tenant id (GUID), or `demo` for the embedded demo tenant. */
  id: z.string(),
  displayName: z.string(),
  /** The domain it was added by, or its verified default domain. */
  domain: z.string().nullable(),
  kind: z.enum(['embedded-mock', 'graph']),
  cloud: z.string(),
  clientId: z.string().nullable(),
  active: z.boolean(),
  signIn: signInStateSchema,
  /** Signed-in account (user@domain), shown so the technician knows who they act as. */
  username: z.string().nullable(),
  /** Why sign-in is needed again, in words; null when signed in. */
  signInReason: z.string().nullable(),
  granted: z.array(z.string()),
  access: z.array(featureAccessSchema),
})
export type TenantSummary = z.infer<typeof tenantSummarySchema>

export const tokenStorageSchema = z.object({ mode: z.enum(['encrypted-file', 'memory-only']), description: z.string() })

export const identityOverviewSchema = z.object({
  tenants: z.array(tenantSummarySchema),
  storage: tokenStorageSchema,
  clouds: z.array(z.object({ id: z.string(), displayName: z.string() })),
  /** The delegated permissions the admin grants (least privilege), for the add-tenant instructions. */
  requiredPermissions: z.array(z.string()),
  /** Whether sign-in to real tenants is available in this process (not in the headless CLI). */
  signInAvailable: z.boolean(),
})
export type IdentityOverview = z.infer<typeof identityOverviewSchema>

export const signInFlowSchema = z.enum(['browser', 'device-code'])
export type SignInFlow = z.infer<typeof signInFlowSchema>

export const startSignInRequestSchema = z
  .object({
    /** An existing tenant to sign in to again; null when adding one (`add`). */
    tenantId: z.string().min(1).max(100).nullable().default(null),
    add: z
      .object({ tenant: z.string().trim().min(1).max(253), clientId: z.string().trim().min(1).max(100), cloud: z.string().min(1).max(40).default('global') })
      .strict()
      .nullable()
      .default(null),
    flow: signInFlowSchema.default('browser'),
  })
  .strict()

export const identityExplanationSchema = z.object({
  problem: z.string(),
  title: z.string(),
  fix: z.string(),
  code: z.string().nullable(),
  permissions: z.array(z.string()),
  needsInteractiveSignIn: z.boolean(),
})

/** Progress of one sign-in attempt, pushed as it happens. */
export const signInProgressSchema = z.discriminatedUnion('state', [
  /** Browser mode: the renderer opens this sign-in page in a new tab (Electron opens the system browser itself). */
  z.object({ attemptId: z.string(), state: z.literal('open-browser'), url: z.string(), openedBySystem: z.boolean() }),
  z.object({
    attemptId: z.string(),
    state: z.literal('device-code'),
    userCode: z.string(),
    verificationUri: z.string(),
    expiresAt: z.string(),
    message: z.string().nullable(),
  }),
  z.object({ attemptId: z.string(), state: z.literal('signed-in'), tenantId: z.string(), displayName: z.string() }),
  z.object({ attemptId: z.string(), state: z.literal('failed'), explanation: identityExplanationSchema, detail: z.string() }),
  z.object({ attemptId: z.string(), state: z.literal('cancelled') }),
])
export type SignInProgress = z.infer<typeof signInProgressSchema>
