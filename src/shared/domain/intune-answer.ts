import { explainGraphAuthError } from './identity-errors'
import { explainImportError, importErrorLabel } from './import-errors'
import type { Feature } from './permissions'

/**
 * Intune's error answers, read and said in the technician's words (docs/reference/graph-api.md §B9).
 *
 * Graph answers `{"error":{"code","message","innerError":{"request-id","date","client-request-id"}}}`;
 * Intune's backend puts a JSON document in `message` whose `Message` ends in "- Operation ID (for
 * customer support): … - Activity ID: … - Url: …". That text is for Microsoft support, not for the
 * bench: it goes into "Details for support", and the sentence says what happened in admin-center words.
 * Never branch on Intune's message text beyond finding a documented Autopilot error code in it.
 * Pure: the core reads the answer (graph-error.ts), the renderer shows it; both use these words.
 */
export interface IntuneAnswer {
  status: number
  /** Graph's `error.code` ("InternalServerError", "BadRequest"…), '' when the body had none. */
  code: string
  /** Intune's message, the readable part only (no Operation ID, Activity ID or internal Url); '' when none. */
  message: string
  requestId: string | null
  clientRequestId: string | null
  activityId: string | null
  /** innerError.date, else the Date header, as sent. */
  date: string | null
  retryAfterSeconds: number | null
  /** The body as received, cut to RAW_LIMIT characters, bearer tokens blanked: what support may quote. */
  raw: string
  /** What the body was, when it was not Graph's error JSON. */
  body: 'graph' | 'json' | 'empty' | 'html' | 'text'
}

/** Enough of a body for support (an Intune error is ~700 characters); a proxy's page is not kept whole. */
export const RAW_LIMIT = 2_000

/** Where the answer came from, so the sentence names the thing that was not done. */
export type AnswerContext = 'change' | 'upload' | null

export interface AnswerHeaders {
  requestId?: string | null
  clientRequestId?: string | null
  date?: string | null
  retryAfterSeconds?: number | null
}

/** The answer of an HTTP error: any body (Graph JSON, Intune's nested JSON, HTML, text, nothing) gives one. */
export function readIntuneAnswer(status: number, bodyText: string, headers: AnswerHeaders = {}): IntuneAnswer {
  const text = typeof bodyText === 'string' ? bodyText : ''
  const answer: IntuneAnswer = {
    status,
    code: '',
    message: '',
    requestId: clean(headers.requestId),
    clientRequestId: clean(headers.clientRequestId),
    activityId: null,
    date: clean(headers.date),
    retryAfterSeconds: headers.retryAfterSeconds ?? null,
    raw: redact(text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text),
    body: text.trim() === '' ? 'empty' : /^\s*</.test(text) ? 'html' : 'text',
  }
  if (answer.body !== 'text') return answer
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    answer.message = oneLine(redact(text.slice(0, RAW_LIMIT))).slice(0, 300)
    return answer
  }
  const error = isObject(parsed) && isObject(parsed['error']) ? parsed['error'] : null
  if (!error) {
    answer.body = 'json'
    return answer
  }
  answer.body = 'graph'
  if (typeof error['code'] === 'string') answer.code = oneLine(error['code']).slice(0, 100)
  const inner = isObject(error['innerError']) ? error['innerError'] : isObject(error['innererror']) ? error['innererror'] : {}
  answer.requestId ??= clean(inner['request-id'])
  answer.clientRequestId ??= clean(inner['client-request-id'])
  if (typeof inner['date'] === 'string') answer.date = clean(inner['date'])
  if (typeof error['message'] === 'string') {
    const nested = readNested(error['message'])
    answer.message = nested.message
    answer.activityId = nested.activityId
    if (answer.retryAfterSeconds === null && nested.retryAfter !== null) answer.retryAfterSeconds = nested.retryAfter
  }
  return answer
}

/** Intune's nested JSON message, or a plain one: the readable part, and the Activity ID out of it. */
function readNested(message: string): { message: string; activityId: string | null; retryAfter: number | null } {
  let text = message
  let retryAfter: number | null = null
  try {
    const nested = JSON.parse(message) as unknown
    if (isObject(nested) && typeof nested['Message'] === 'string') {
      text = nested['Message']
      if (typeof nested['RetryAfter'] === 'number' && Number.isFinite(nested['RetryAfter']) && nested['RetryAfter'] >= 0) retryAfter = nested['RetryAfter']
    }
  } catch {
    // a plain-text message
  }
  const activityId = /Activity ID:\s*([0-9a-f-]{8,64})/i.exec(text)?.[1] ?? null
  // "An error has occurred - Operation ID (for customer support): … - Activity ID: … - Url: …": only what precedes the ids is for people.
  const readable = text.split(/\s+-\s+(?:Operation ID|Activity ID|Url)\b/i)[0] ?? ''
  return { message: oneLine(redact(readable)).slice(0, 300), activityId, retryAfter }
}

/** Intune's own placeholder, which says nothing. */
const GENERIC = /^(an error has occurred|an internal server error occurred)\.?$/i

/** What Intune said that a technician can use: a documented Autopilot error, else its message when it says something. */
function usefulPart(answer: IntuneAnswer): string {
  const autopilot = autopilotErrorIn(answer.message)
  if (autopilot) return autopilot
  if (answer.message && !GENERIC.test(answer.message)) return answer.message
  return ''
}

/** A documented Autopilot import error named in Intune's message (806 ZtdDeviceAlreadyAssigned…), explained. */
function autopilotErrorIn(message: string): string | null {
  const name = /\b(Ztd[A-Za-z]+|InvalidZtdHardwareHash|StorageError)\b/.exec(message)?.[1] ?? null
  const number = /\b(806|808|819)\b/.exec(message)?.[1]
  if (!name && !number) return null
  const explained = explainImportError(number ? Number(number) : null, name)
  if (explained.meaning.includes('which the Autopilot docs do not describe')) return null
  return `${importErrorLabel(explained)}: ${explained.meaning}`
}

const what = (context: AnswerContext): string => (context === 'change' ? 'the change' : context === 'upload' ? 'the upload' : 'the request')

/**
 * One sentence, in admin-center words, of what happened ("Intune had an internal error (HTTP 500) and did
 * not take the change."). What to do next is the caller's: it knows whether the app tries again.
 */
export function intuneAnswerSentence(
  answer: IntuneAnswer,
  context: AnswerContext = null,
  options: { feature?: Feature | null; /** Names what was refused ("batch 2") in place of the context's word. */ subject?: string } = {},
): string {
  const s = answer.status
  const http = `(HTTP ${s})`
  const thing = options.subject ?? what(context)
  const feature = options.feature ?? null
  const useful = usefulPart(answer)
  const portal = answer.body === 'html' ? ' The answer was a web page, not Intune’s: a proxy or sign-in portal on this network may be in the way.' : ''
  let sentence: string
  if (s === 401 || s === 403) {
    const explained = explainGraphAuthError({ status: s, message: answer.message, feature: feature ?? defaultFeature(context) })
    sentence = explained ? `${explained.title.replace(/\s*(\(\d{3}\))?\.$/, '')} ${http}. ${explained.fix}` : `Intune refused ${thing} ${http}.`
  } else if (s === 404) {
    sentence =
      context === 'change'
        ? `The device is no longer in Intune ${http}: its record is gone, so the change cannot be made.`
        : context === 'upload'
          ? `Intune no longer has what the upload asked for ${http}: the record is gone.`
          : `Intune no longer has this record ${http}: it is gone.`
  } else if (s === 429) {
    const wait = answer.retryAfterSeconds ? `; it asked to wait ${waitWords(answer.retryAfterSeconds)}` : ''
    sentence = `Intune is throttling requests ${http}${wait}.`
  } else if (s === 503) {
    sentence = `Intune was temporarily unavailable ${http}${context ? ` and did not take ${thing}` : ''}.`
  } else if (s === 409) {
    sentence = `Intune is busy with this already ${http}${useful ? `: ${useful}` : ''}.`
  } else if (s === 400) {
    sentence = useful
      ? `Intune refused ${thing} as not valid ${http}: ${withoutStop(useful)}.`
      : `Intune refused ${thing} as not valid ${http} and gave no reason.`
  } else if (s >= 500) {
    sentence = `Intune had an internal error ${http}${context ? ` and did not take ${thing}` : ''}.`
  } else if (s >= 400) {
    sentence = `Intune refused ${thing} ${http}${useful ? `: ${withoutStop(useful)}` : ''}.`
  } else {
    sentence = `Intune answered ${thing} with an error ${http}.`
  }
  return sentence + portal
}

const defaultFeature = (context: AnswerContext): Feature | null => (context === 'change' ? 'autopilot-write' : context === 'upload' ? 'autopilot-import' : null)

const waitWords = (seconds: number): string => {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (seconds < 90) return plural(Math.max(1, Math.round(seconds)), 'second')
  if (seconds < 5_400) return plural(Math.round(seconds / 60), 'minute')
  return plural(Math.round(seconds / 3_600), 'hour')
}

export interface SupportDetail {
  label: string
  value: string
}

/** What Microsoft support asks for, in the order they ask: ids and date first, the raw answer last. */
export function intuneAnswerDetails(answer: IntuneAnswer): SupportDetail[] {
  const list: SupportDetail[] = [{ label: 'HTTP status', value: [String(answer.status), answer.code].filter(Boolean).join(' ') }]
  if (answer.message) list.push({ label: 'Intune’s message', value: answer.message })
  if (answer.requestId) list.push({ label: 'request-id', value: answer.requestId })
  if (answer.clientRequestId && answer.clientRequestId !== answer.requestId) list.push({ label: 'client-request-id', value: answer.clientRequestId })
  if (answer.activityId && answer.activityId !== answer.requestId) list.push({ label: 'Activity ID', value: answer.activityId })
  if (answer.date) list.push({ label: 'Date (UTC)', value: answer.date })
  list.push({ label: 'Intune’s answer', value: answer.raw === '' ? '(empty)' : readableRaw(answer.raw) })
  return list
}

/** Graph's JSON indented, Intune's JSON-in-a-string unpacked, so support reads it without unescaping; anything else as received. */
function readableRaw(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as unknown
    const error = isObject(parsed) && isObject(parsed['error']) ? parsed['error'] : null
    if (error && typeof error['message'] === 'string') {
      try {
        const nested = JSON.parse(error['message']) as unknown
        if (isObject(nested)) error['message'] = nested
      } catch {
        // a plain-text message stays as it is
      }
    }
    return JSON.stringify(parsed, null, 2)
  } catch {
    return raw
  }
}

/** The details as plain text for the clipboard (one "label: value" a line). */
export const supportText = (details: readonly SupportDetail[]): string => details.map((detail) => `${detail.label}: ${detail.value}`).join('\n')

/**
 * A stored error as the screens show it: the sentence first, Intune's answer kept for support. An error
 * saved with its answer (`intune`) shows its message; one saved before answers were kept (or any text
 * with "Intune answered 500 Code: … (request-id …)" in it) is split there: its words before, the rest to support.
 */
export function presentError(error: { code: string; message: string; intune?: IntuneAnswer | null }): {
  sentence: string
  support: SupportDetail[] | null
} {
  if (error.intune) return { sentence: error.message, support: intuneAnswerDetails(error.intune) }
  const found = answerInText(error.message)
  if (!found) return { sentence: error.message, support: null }
  return { sentence: [found.before, intuneAnswerSentence(found.answer)].filter(Boolean).join(' '), support: intuneAnswerDetails(found.answer) }
}

/** "Intune answered 500 InternalServerError: An error … (request-id X)" in an older message (GraphError's wording). */
export function answerInText(message: string): { before: string; answer: IntuneAnswer } | null {
  const match = /Intune answered ([45]\d\d) ([A-Za-z0-9_.-]+)(?::\s*([\s\S]*?))?(?:\s*\(request-id ([^)\s]+)\))?\s*$/.exec(message)
  if (!match) return null
  const before = message
    .slice(0, match.index)
    .replace(/\s*(Intune's last answer|Intune’s last answer)?:?\s*$/i, '')
    .trim()
  const rest = match[3] ?? ''
  const nested = readNested(rest)
  const answer: IntuneAnswer = {
    status: Number(match[1]),
    code: match[2]!,
    message: nested.message,
    requestId: match[4] ?? null,
    clientRequestId: null,
    activityId: nested.activityId,
    date: null,
    retryAfterSeconds: null,
    raw: redact(message.slice(match.index)),
    body: 'graph',
  }
  return { before: before ? `${withoutStop(before)}.` : '', answer }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()
const withoutStop = (text: string): string => text.replace(/[.\s]+$/, '')
/** A header or id value: one short printable line, or null. */
const clean = (value: unknown): string | null => {
  if (typeof value !== 'string') return null
  const line = oneLine(value).slice(0, 200)
  return line === '' ? null : line
}
/** A token must never reach a screen or the clipboard, even if some proxy echoes one back. */
const redact = (text: string): string =>
  text.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[removed]').replace(/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, '[token removed]')
