import { z } from 'zod'
import { cite, type Citation } from './citation'
import { attemptActions, FAILURE_STAGE_LABELS, failureStages, type AttemptAction, type FailureStage, type KnowledgeEntry } from './error-knowledge'
import { explainError } from './explain-error'
import { isVirtualMachineModel, unblockEligibility } from './oem'
import { domainProfileStatuses } from './readiness'
import { inWords } from './words'

/**
 * One pre-provisioning attempt = one press of Provision (Windows 10) / Next (Windows 11) on the
 * device (docs/bench-jobs.md). Intune gives no live signal, so the technician declares what the device
 * shows and this pure state machine records it with timestamps:
 *
 *   idle ──provision-pressed──▶ provisioning ──succeeded──▶ succeeded ──resealed──▶ resealed
 *                                   │    └──cancelled──▶ closed        (enrollment-confirmed on either)
 *                                   └──failed(code?)──▶ failed ──next-action──▶ closed
 *                                                          └─code-entered─┘ (correct the code)
 *
 * A Retry or Reset on the device starts a new attempt (the caller creates it); this one is closed
 * with the action chosen. Which actions are offered after a failure comes from the knowledge base
 * (entry.attemptActions); an unknown or missing code offers them all.
 *
 * Times: ISO 8601 strings supplied with each event (the reducer never reads the clock). Events
 * must not go back in time.
 */

export const attemptPhases = ['idle', 'provisioning', 'succeeded', 'failed', 'resealed', 'closed'] as const
export type AttemptPhase = (typeof attemptPhases)[number]

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO 8601 date-time')

/**
 * The user Intune had assigned when the technician flow ran, where it was not the job manifest's (the core adds it to
 * P and S from its cache, its outbox and the manifest). The technician flow installs the assigned user's device-context
 * apps (docs/reference/autopilot.md §1.4, §3 "Preparation"), so a device provisioned while an assignment still waited to
 * reach Intune carries the other user's; the docs say nothing of what a user changed after pre-provisioning does.
 */
export const userMismatchSchema = z.object({
  /** Intune's user then ('' for none). */
  inIntune: z.string().max(500),
  /** The job manifest's user. */
  manifest: z.string().max(500),
  /** Whether an assignment of the manifest's user was waiting to reach Intune (made here, not confirmed). */
  waiting: z.boolean(),
})
export type UserMismatch = z.infer<typeof userMismatchSchema>

/** The phase the device's screen showed the failure in (Device preparation / Device setup / Account setup), when known. */
const stageField = z.enum(failureStages).nullable().default(null)

export const attemptEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('provision-pressed'), at: isoTime, userMismatch: userMismatchSchema.optional() }),
  z.object({ type: z.literal('succeeded'), at: isoTime, userMismatch: userMismatchSchema.optional() }),
  /** `code`: what the technician typed or picked (any spelling), or null when none was shown. */
  z.object({ type: z.literal('failed'), at: isoTime, code: z.string().max(500).nullable().default(null), during: z.enum(failureStages).nullable().optional() }),
  /** `during` left out keeps the phase recorded before; null clears it. */
  z.object({ type: z.literal('code-entered'), at: isoTime, code: z.string().max(500), during: z.enum(failureStages).nullable().optional() }),
  z.object({ type: z.literal('resealed'), at: isoTime }),
  z.object({ type: z.literal('enrollment-confirmed'), at: isoTime, managedDeviceId: z.string().nullable().default(null) }),
  z.object({
    type: z.literal('next-action'),
    at: isoTime,
    action: z.enum(attemptActions),
    /** The device's profile status when the action is chosen (Unblock doesn't work on Fix pending). */
    profileStatus: z.enum(domainProfileStatuses).nullable().default(null),
  }),
  z.object({ type: z.literal('cancelled'), at: isoTime, reason: z.string().max(500).default('') }),
])
export type AttemptEvent = z.input<typeof attemptEventSchema>
type ParsedEvent = z.output<typeof attemptEventSchema>

export const failureSchema = z.object({
  kind: z.literal('failure'),
  at: isoTime,
  /** What the technician entered, verbatim. */
  input: z.string().nullable(),
  /** The canonical code / number when recognised, else the normalised input, else null. */
  code: z.string().nullable(),
  /** Knowledge-base entry id, when the code is known. */
  knowledgeId: z.string().nullable(),
  lookup: z.enum(['known', 'undocumented', 'unknown', 'none']),
  /** Where the device's screen showed the failure, when known (older records: none). */
  during: stageField,
})

export const timelineEntrySchema = z.object({ type: z.string(), at: isoTime, label: z.string() })
export type TimelineEntry = z.infer<typeof timelineEntrySchema>

export const attemptStateSchema = z.object({
  id: z.string(),
  serialNumber: z.string(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: isoTime,
  phase: z.enum(attemptPhases),
  provisionPressedAt: isoTime.nullable(),
  outcome: z.discriminatedUnion('kind', [z.object({ kind: z.literal('success'), at: isoTime }), failureSchema]).nullable(),
  resealedAt: isoTime.nullable(),
  enrollmentConfirmedAt: isoTime.nullable(),
  managedDeviceId: z.string().nullable(),
  nextAction: z.object({ action: z.enum(attemptActions), at: isoTime }).nullable(),
  cancelledAt: isoTime.nullable(),
  timeline: z.array(timelineEntrySchema),
  /** Intune's user when P or S was recorded, where it was not the manifest's (the first such; it lasts). */
  userMismatch: userMismatchSchema.nullable().optional(),
})
export type AttemptState = z.infer<typeof attemptStateSchema>

export type AttemptErrorCode = 'invalid-event' | 'invalid-transition' | 'time-before-previous' | 'action-not-offered' | 'unblock-not-eligible'
export type AttemptTransition = { ok: true; state: AttemptState } | { ok: false; state: AttemptState; error: { code: AttemptErrorCode; message: string } }

/** The first user mismatch an attempt met stays (the technician flow started with that user); a later P or S never clears it. */
const mismatchOf = (state: AttemptState, seen: UserMismatch | undefined): Pick<AttemptState, 'userMismatch'> | Record<string, never> =>
  state.userMismatch ? {} : seen ? { userMismatch: seen } : {}

export function createAttempt(init: {
  id: string
  serialNumber: string
  manufacturer?: string | null
  model?: string | null
  createdAt: string
}): AttemptState {
  return {
    id: init.id,
    serialNumber: init.serialNumber,
    manufacturer: init.manufacturer ?? null,
    model: init.model ?? null,
    createdAt: init.createdAt,
    phase: 'idle',
    provisionPressedAt: null,
    outcome: null,
    resealedAt: null,
    enrollmentConfirmedAt: null,
    managedDeviceId: null,
    nextAction: null,
    cancelledAt: null,
    timeline: [],
  }
}

export const ATTEMPT_ACTION_LABELS: Record<AttemptAction, string> = {
  retry: 'Retry (on the device)',
  reset: 'Reset (on the device)',
  'delete-record': 'Delete the Intune device record',
  unblock: 'Unblock device',
  'fix-profile': 'Fix the deployment profile',
  're-register': 'Deregister and register again',
  abandon: 'Set the device aside',
}

/** An attempt's phase as the bench shows it; a phase this version does not know is shown as it is. */
export const ATTEMPT_PHASE_LABELS: Record<AttemptPhase, string> = {
  idle: 'Not started',
  provisioning: 'Provisioning',
  succeeded: 'Succeeded',
  failed: 'Failed',
  resealed: 'Resealed',
  closed: 'Closed',
}
export const attemptPhaseWords = inWords(ATTEMPT_PHASE_LABELS)

/**
 * An attempt's stage with its outcome, as the bench row said it: a failure closed by the next step
 * chosen is "Failed (0x80180014) — retried", not "Closed". `outcome` is the outcome's kind or
 * 'cancelled'; `phase` may also be a summary QR's 'cancelled'. Unknown phases as they are.
 */
export function attemptStageWords(attempt: { phase: string; errorCode?: string | null; outcome?: string | null; nextAction?: string | null }): string {
  if (attempt.phase === 'failed' || attempt.outcome === 'failure') {
    const failed = attempt.errorCode ? `Failed (${attempt.errorCode})` : 'Failed'
    const next = attempt.nextAction
    if (!next) return failed
    return `${failed} — ${next === 'retry' ? 'retried' : next === 'reset' ? 'reset' : `next: ${attemptActionWords(next)}`}`
  }
  if (attempt.phase === 'cancelled' || (attempt.phase === 'closed' && attempt.outcome === 'cancelled')) return 'Cancelled'
  return attemptPhaseWords(attempt.phase)
}

/**
 * How an attempt ended, for attemptStageWords: its outcome's kind ('success', 'failure'), 'cancelled' when
 * it was cancelled without one, else null. Reads stored and exported states alike (fields may be missing).
 */
export function attemptOutcome(state: { outcome?: unknown; cancelledAt?: unknown } | null | undefined): string | null {
  const kind = state?.outcome && typeof state.outcome === 'object' ? (state.outcome as { kind?: unknown }).kind : undefined
  if (typeof kind === 'string') return kind
  return state?.cancelledAt ? 'cancelled' : null
}

/** A voided attempt as the bench names it: "Void: <reason>" (the reason is the technician's own words). */
export const voidedWords = (reason: string): string => (reason.trim() ? `Void: ${reason.trim()}` : 'Void')

/** A recorded next step in words (ATTEMPT_ACTION_LABELS); unknown values as they are. */
export const attemptActionWords = inWords(ATTEMPT_ACTION_LABELS)

/** The knowledge-base entry for the attempt's failure, when known. */
export function failureEntry(state: AttemptState): KnowledgeEntry | null {
  if (state.outcome?.kind !== 'failure' || state.outcome.input === null) return null
  const result = explainError(state.outcome.input, state.outcome.during ?? null)
  return result.status === 'known' ? result.entry : null
}

/**
 * The virtual-machine timeout (0x800705B4) on a model that is not Hyper-V's "Virtual Machine": the
 * docs' cause (no TPM 2.0, a virtual machine) is not shown, and the code is otherwise "a general
 * timeout" (docs/reference/autopilot.md §6.3), so setting the device aside is not the first step.
 */
const timeoutOnKnownModel = (state: AttemptState, entry: KnowledgeEntry) => entry.action === 'unsupported-vm' && isVirtualMachineModel(state.model) === false

/** Next actions offered for the attempt's current state; recommended first. Empty unless failed. */
export function validNextActions(state: AttemptState): AttemptAction[] {
  if (state.phase !== 'failed') return []
  const entry = failureEntry(state)
  if (!entry) return [...attemptActions]
  const ordered = timeoutOnKnownModel(state, entry)
    ? [...entry.attemptActions.filter((action) => action !== 'abandon'), 'abandon' as const]
    : entry.attemptActions
  return [...new Set<AttemptAction>([...ordered, 'abandon'])]
}

/**
 * What the device itself tells about its failure, beside the code's explanation: the virtual-machine
 * timeout on a model that is not one (Retry is then recommended, and the explanation's first step —
 * don't pre-provision it — would contradict the button). Null when there is nothing to add.
 */
export function failureNote(state: AttemptState): string | null {
  const entry = failureEntry(state)
  if (!entry || !timeoutOnKnownModel(state, entry)) return null
  return `${state.model} is not a Hyper-V virtual machine. If it has TPM 2.0 (enabled, not in Reduced Functionality Mode), this is the general timeout the docs name without another cause: retry first, and note what the device's screen says took too long.`
}

/** The next action offered as recommended: the knowledge entry's first, in this device's case (validNextActions); null for an unknown code. */
export function recommendedNextAction(state: AttemptState): AttemptAction | null {
  const entry = failureEntry(state)
  return entry ? (validNextActions(state)[0] ?? null) : null
}

type FailureInfo = Omit<z.infer<typeof failureSchema>, 'kind' | 'at'>

function describeFailure(input: string | null, during: FailureStage | null): FailureInfo {
  if (input === null || input.trim() === '') return { input: null, code: null, knowledgeId: null, lookup: 'none', during }
  const result = explainError(input, during)
  switch (result.status) {
    case 'known':
      return { input, code: result.entry.code ?? result.normalised, knowledgeId: result.entry.id, lookup: 'known', during }
    case 'undocumented':
      return { input, code: result.normalised, knowledgeId: null, lookup: 'undocumented', during }
    case 'unknown':
      return { input, code: result.normalised, knowledgeId: null, lookup: 'unknown', during }
    case 'empty':
      return { input: null, code: null, knowledgeId: null, lookup: 'none', during }
  }
}

/** "during Device setup (Apps)" for a failure whose phase is known; '' otherwise. */
export const duringWords = (during: FailureStage | null | undefined): string => (during ? ` during ${FAILURE_STAGE_LABELS[during]}` : '')

function failureLabel(failure: FailureInfo): string {
  const during = duringWords(failure.during)
  if (failure.lookup === 'none') return `Failed (no error code entered)${during}`
  const entry = failure.input ? explainError(failure.input, failure.during) : null
  if (entry?.status === 'known') return `Failed: ${failure.code ?? failure.input ?? ''}${during} — ${entry.entry.title}`
  return `Failed: ${failure.code ?? failure.input ?? ''}${during} (${failure.lookup === 'undocumented' ? 'no documented meaning' : 'not in the knowledge base'})`
}

/**
 * A stored timeline label of a failure ("Failed: <code> — <title>", "Code entered: <code> — <title>") with its
 * explanation taken again from the code it shows. An exported bundle is text anyone can edit: a review that
 * showed the stored words showed 0x80180005 with 0x80180014's title after the code alone was changed.
 * Other labels come back as they are.
 */
export function relabelFailure(label: string): string {
  const match = /^(Failed|Code entered): (\S+?)(?: during (.+?))?(?: — [\s\S]*| \((?:no documented meaning|not in the knowledge base)\))$/.exec(label)
  if (!match) return label
  // The phase the label names (duringWords) goes with the code: 0x800705B4 reads otherwise in Device setup.
  const during = (Object.keys(FAILURE_STAGE_LABELS) as FailureStage[]).find((stage) => FAILURE_STAGE_LABELS[stage] === match[3]) ?? null
  const fresh = failureLabel(describeFailure(match[2]!, during))
  return match[1] === 'Failed' ? fresh : `Code entered: ${fresh.replace(/^Failed: /, '')}`
}

const refuse = (state: AttemptState, code: AttemptErrorCode, message: string): AttemptTransition => ({ ok: false, state, error: { code, message } })

const phaseWords: Record<AttemptPhase, string> = {
  idle: 'before Provision',
  provisioning: 'while provisioning',
  succeeded: 'after success',
  failed: 'after a failure',
  resealed: 'after Reseal',
  closed: 'once the attempt is closed',
}

/** Applies one event. Invalid events and transitions are refused with the state unchanged. */
export function attemptReducer(state: AttemptState, rawEvent: AttemptEvent): AttemptTransition {
  const parsed = attemptEventSchema.safeParse(rawEvent)
  if (!parsed.success)
    return refuse(state, 'invalid-event', `Invalid event: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`)
  const event: ParsedEvent = parsed.data
  const at = Date.parse(event.at)
  const last = state.timeline[state.timeline.length - 1]
  const floor = last ? Date.parse(last.at) : Date.parse(state.createdAt)
  if (!Number.isNaN(floor) && at < floor) {
    return refuse(state, 'time-before-previous', `The event time ${event.at} is before the previous one (${last?.at ?? state.createdAt}).`)
  }
  const invalid = (): AttemptTransition => refuse(state, 'invalid-transition', `"${event.type}" is not possible ${phaseWords[state.phase]}.`)
  const push = (label: string): TimelineEntry[] => [...state.timeline, { type: event.type, at: event.at, label }]

  switch (event.type) {
    case 'provision-pressed':
      if (state.phase !== 'idle') return invalid()
      return {
        ok: true,
        state: { ...state, phase: 'provisioning', provisionPressedAt: event.at, timeline: push('Provision pressed'), ...mismatchOf(state, event.userMismatch) },
      }
    case 'succeeded':
      if (state.phase !== 'provisioning') return invalid()
      return {
        ok: true,
        state: {
          ...state,
          phase: 'succeeded',
          outcome: { kind: 'success', at: event.at },
          timeline: push('Success screen'),
          ...mismatchOf(state, event.userMismatch),
        },
      }
    case 'failed': {
      if (state.phase !== 'provisioning') return invalid()
      const failure = describeFailure(event.code, event.during ?? null)
      return { ok: true, state: { ...state, phase: 'failed', outcome: { kind: 'failure', at: event.at, ...failure }, timeline: push(failureLabel(failure)) } }
    }
    case 'code-entered': {
      if (state.phase !== 'failed' || state.outcome?.kind !== 'failure') return invalid()
      const failure = describeFailure(event.code, event.during === undefined ? (state.outcome.during ?? null) : event.during)
      if (failure.lookup === 'none') return refuse(state, 'invalid-event', 'Enter an error code.')
      // The failure keeps its time; the correction is a timeline entry of its own.
      return {
        ok: true,
        state: { ...state, outcome: { ...state.outcome, ...failure }, timeline: push(`Code entered: ${failureLabel(failure).replace(/^Failed: /, '')}`) },
      }
    }
    case 'resealed':
      if (state.phase !== 'succeeded') return invalid()
      return { ok: true, state: { ...state, phase: 'resealed', resealedAt: event.at, timeline: push('Resealed (device shut down)') } }
    case 'enrollment-confirmed':
      if ((state.phase !== 'succeeded' && state.phase !== 'resealed') || state.enrollmentConfirmedAt !== null) return invalid()
      return {
        ok: true,
        state: { ...state, enrollmentConfirmedAt: event.at, managedDeviceId: event.managedDeviceId, timeline: push('Enrollment confirmed in Intune') },
      }
    case 'next-action': {
      if (state.phase !== 'failed') return invalid()
      const offered = validNextActions(state)
      if (!offered.includes(event.action)) {
        const entry = failureEntry(state)
        return refuse(
          state,
          'action-not-offered',
          `${ATTEMPT_ACTION_LABELS[event.action]} is not a fix for ${entry ? `${entry.code ?? entry.title} (${entry.title})` : 'this failure'}; offered: ${offered.map((action) => ATTEMPT_ACTION_LABELS[action]).join(', ')}.`,
        )
      }
      if (event.action === 'unblock') {
        const eligibility = unblockEligibility(state.manufacturer, state.model, event.profileStatus === 'fixPending')
        if (!eligibility.eligible) return refuse(state, 'unblock-not-eligible', eligibility.reason)
      }
      return {
        ok: true,
        state: {
          ...state,
          phase: 'closed',
          nextAction: { action: event.action, at: event.at },
          timeline: push(`Next: ${ATTEMPT_ACTION_LABELS[event.action]}`),
        },
      }
    }
    case 'cancelled':
      if (state.phase !== 'idle' && state.phase !== 'provisioning') return invalid()
      return {
        ok: true,
        state: { ...state, phase: 'closed', cancelledAt: event.at, timeline: push(event.reason ? `Cancelled: ${event.reason}` : 'Cancelled') },
      }
  }
}

/** Applies events in order; stops at the first refused one. */
export function replayAttempt(initial: AttemptState, events: readonly AttemptEvent[]): AttemptTransition {
  let state = initial
  for (const event of events) {
    const result = attemptReducer(state, event)
    if (!result.ok) return result
    state = result.state
  }
  return { ok: true, state }
}

/** Milliseconds since Provision: up to the outcome once there is one, else up to `now`. Null before Provision. */
export function elapsedMs(state: AttemptState, now: string): number | null {
  if (state.provisionPressedAt === null) return null
  const end = state.outcome ? state.outcome.at : now
  return Math.max(0, Date.parse(end) - Date.parse(state.provisionPressedAt))
}

/** `1:05:09` / `4:07`: elapsed time as the device's own screen shows it (h:mm:ss, or m:ss under an hour). */
export function formatElapsed(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`
}

// ---- After success: reseal checklist and user-flow window ---------------------------------------

/** docs/reference/autopilot.md §3.3 / §9: "wait at least 90 minutes after running the Technician flow". */
export const USER_FLOW_MIN_WAIT_MINUTES = 90
/** docs/reference/autopilot.md §3.3 / §9: "within six months after the Technician flow finishes". */
export const USER_FLOW_MAX_MONTHS = 6

export interface ChecklistItem {
  id: string
  text: string
  citation: Citation
}

/** What the technician does and knows after the success screen (§3.2 step 7, §3.3). */
export const RESEAL_CHECKLIST: readonly ChecklistItem[] = [
  {
    id: 'reseal-shuts-down',
    text: 'Select Reseal on the success screen: it shuts the device down.',
    citation: cite('§3.2', 'pp-technician-flow', 'pre-provision-technician-flow'),
  },
  {
    id: 'do-not-power-on',
    text: "Outside testing, don't turn the device back on: box it and ship it to the user.",
    citation: cite('§3.2', 'pp-technician-flow', 'pre-provision'),
  },
  {
    id: 'success-means-enrollment',
    text: 'The success screen proves enrollment, not that apps and configuration finished; that holds only with an ESP that shows progress.',
    citation: cite('§3.2', 'pp-technician-flow-tips', 'pre-provision'),
  },
  {
    id: 'wait-90-minutes',
    text: 'The user flow should start no earlier than 90 minutes after the technician flow, so tokens refresh (this mainly affects lab and test benches).',
    citation: cite('§3.3, §9', 'pre-provision-user-flow', 'pp-user-flow-tips'),
  },
  {
    id: 'within-6-months',
    text: 'The user flow should run within six months of the technician flow, or the Intune Management Extension certificates may no longer be valid.',
    citation: cite('§3.3, §9', 'pre-provision-user-flow', 'pp-user-flow-tips'),
  },
  {
    id: 'compliance-resets',
    text: 'Expected: the device shows compliant after the technician flow, noncompliant when the user flow starts, then it is re-evaluated.',
    citation: cite('§3.3', 'pre-provision-user-flow', 'faq'),
  },
]

/** UTC calendar months, clamped to the end of the target month (Aug 31 + 6 months = Feb 28/29). */
export function addMonthsUtc(iso: string, months: number): string {
  const date = new Date(iso)
  const day = date.getUTCDate()
  const target = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  )
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(day, lastDay))
  return target.toISOString()
}

export interface UserFlowWindow {
  /** When the technician flow finished: the success the technician declared. */
  technicianFlowFinishedAt: string
  /** No earlier than this (+90 minutes). */
  earliestUserFlowAt: string
  /** Within this (+6 months). */
  userFlowDeadline: string
  citation: Citation
}

/**
 * The user-flow window after a successful attempt. The docs count from when the technician flow
 * "finishes" / "completes"; we take the success the technician declared (the success screen), not
 * the Reseal, which only shuts the device down. Null unless the attempt succeeded.
 */
export function userFlowWindow(state: AttemptState): UserFlowWindow | null {
  if (state.outcome?.kind !== 'success') return null
  const finished = state.outcome.at
  return {
    technicianFlowFinishedAt: finished,
    earliestUserFlowAt: new Date(Date.parse(finished) + USER_FLOW_MIN_WAIT_MINUTES * 60_000).toISOString(),
    userFlowDeadline: addMonthsUtc(finished, USER_FLOW_MAX_MONTHS),
    citation: cite('§3.3, §9', 'pre-provision-user-flow'),
  }
}
