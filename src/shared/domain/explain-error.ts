import { EXPORT_LOGS_STEP, ERROR_KNOWLEDGE, stageEntryFor, UNDOCUMENTED_CODES, type FailureStage, type KnowledgeEntry } from './error-knowledge'
import { normaliseErrorInput } from './error-input'

export type MatchedBy = 'code' | 'number' | 'symbol' | 'message'

export type ExplainResult =
  | {
      status: 'known'
      input: string
      /** What the input was read as: a canonical code, a number, or the text. */
      normalised: string
      matchedBy: MatchedBy
      entry: KnowledgeEntry
      /** Other entries the same input matches (e.g. "Something went wrong" has two). */
      alternatives: readonly KnowledgeEntry[]
    }
  | {
      /** Mentioned in the references, but no documented meaning (docs/reference/autopilot.md §10.1). */
      status: 'undocumented'
      input: string
      normalised: string
      message: string
      advice: readonly string[]
      mentionedIn: string
    }
  | { status: 'unknown'; input: string; normalised: string | null; message: string; advice: readonly string[] }
  | { status: 'empty'; input: string }

/** What to do with a code the knowledge base doesn't hold: honest, and still useful at the bench. */
export const UNKNOWN_CODE_ADVICE: readonly string[] = [
  EXPORT_LOGS_STEP,
  "Search Microsoft's Windows Autopilot troubleshooting documentation (Troubleshooting FAQ, Known issues) for the code.",
  'Retry on the device when the problem is easily fixed (e.g. network); otherwise Reset to start over (export the logs first).',
]

const byCode = new Map<string, KnowledgeEntry>()
const byNumber = new Map<string, KnowledgeEntry>()
const bySymbol = new Map<string, KnowledgeEntry[]>()
for (const entry of ERROR_KNOWLEDGE) {
  if (entry.kind === 'hresult' && entry.code) byCode.set(entry.code, entry)
  if ((entry.kind === 'event' || entry.kind === 'import-error') && entry.code) byNumber.set(entry.code, entry)
  for (const symbol of entry.symbols) {
    const key = symbol.toLowerCase()
    bySymbol.set(key, [...(bySymbol.get(key) ?? []), entry])
  }
}
const undocumented = new Map(UNDOCUMENTED_CODES.map((item) => [item.code, item]))

const simplify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/[\s.…!"]+$/g, '')
    .trim()

/** Lookup phrases of an entry: its quoted messages and extra (non-numeric) aliases. */
function phrasesOf(entry: KnowledgeEntry): string[] {
  const extra = entry.kind === 'hresult' ? [] : entry.aliases
  return [...entry.messages, ...extra].map(simplify).filter((phrase) => phrase.length >= 4)
}

/** Entries whose message text or phrase the input contains (or that contain the input), best first. */
function matchMessages(text: string): KnowledgeEntry[] {
  const needle = simplify(text)
  if (needle.length < 4) return []
  const scored: { entry: KnowledgeEntry; score: number }[] = []
  for (const entry of ERROR_KNOWLEDGE) {
    let best = 0
    for (const phrase of phrasesOf(entry)) {
      if (needle.includes(phrase)) best = Math.max(best, phrase.length * 2)
      else if (needle.length >= 8 && phrase.includes(needle)) best = Math.max(best, needle.length)
    }
    if (best > 0) scored.push({ entry, score: best })
  }
  // Stable: equal scores keep knowledge-base order (HRESULTs first).
  return scored.sort((a, b) => b.score - a.score).map((item) => item.entry)
}

function matchSymbols(text: string): KnowledgeEntry[] {
  const exact = bySymbol.get(text.toLowerCase())
  if (exact) return exact
  const tokens = text.split(/[^A-Za-z0-9_]+/).filter(Boolean)
  const found: KnowledgeEntry[] = []
  for (const token of tokens) for (const entry of bySymbol.get(token.toLowerCase()) ?? []) if (!found.includes(entry)) found.push(entry)
  return found
}

function unknown(input: string, normalised: string | null, what: string): ExplainResult {
  return {
    status: 'unknown',
    input,
    normalised,
    message: `Unknown ${what} — not in the knowledge base (built from the error codes documented on Microsoft Learn for Windows Autopilot).`,
    advice: UNKNOWN_CODE_ADVICE,
  }
}

/**
 * Explains what a technician typed or picked: an HRESULT in any common spelling, an Autopilot event
 * ID or import error code, a symbolic name, or (part of) the message shown on screen.
 * Unknown input is reported as unknown, never guessed. `stage`: the phase the device's screen showed the
 * failure in, when known; a code that reads differently there (0x800705B4 in Device setup: the ESP's time
 * limit, not the TPM attestation's virtual machine) gets that reading.
 */
export function explainError(input: string, stage: FailureStage | null = null): ExplainResult {
  const result = explainCode(input)
  if (result.status !== 'known') return result
  const staged = stageEntryFor(result.entry.code, stage)
  return staged ? { ...result, entry: staged } : result
}

function explainCode(input: string): ExplainResult {
  const parsed = normaliseErrorInput(input)
  switch (parsed.kind) {
    case 'empty':
      return { status: 'empty', input }
    case 'hresult': {
      const entry = byCode.get(parsed.code)
      if (entry) return { status: 'known', input, normalised: parsed.code, matchedBy: 'code', entry, alternatives: [] }
      const mention = undocumented.get(parsed.code)
      if (mention) {
        return {
          status: 'undocumented',
          input,
          normalised: parsed.code,
          message: `${parsed.code} is mentioned in Autopilot sources but has no documented meaning on Microsoft Learn; none is invented here. ${mention.note}`,
          advice: UNKNOWN_CODE_ADVICE,
          mentionedIn: mention.mentionedIn,
        }
      }
      return unknown(input, parsed.code, `code ${parsed.code}`)
    }
    case 'number': {
      const entry = byNumber.get(parsed.value)
      if (entry) return { status: 'known', input, normalised: parsed.value, matchedBy: 'number', entry, alternatives: [] }
      return unknown(input, parsed.value, `number ${parsed.value} (not an Autopilot event ID or import error code in the reference)`)
    }
    case 'text': {
      const symbols = matchSymbols(parsed.text)
      const [first, ...rest] = symbols
      if (first) return { status: 'known', input, normalised: parsed.text, matchedBy: 'symbol', entry: first, alternatives: rest }
      const messages = matchMessages(parsed.text)
      const [best, ...others] = messages
      if (best) return { status: 'known', input, normalised: parsed.text, matchedBy: 'message', entry: best, alternatives: others }
      return unknown(input, null, 'error text')
    }
  }
}

export interface CodeSuggestion {
  /** What to put in the field: the canonical code, the event/import number, or the symbol. */
  value: string
  /** One line for the list: `0x80180014 — Enrollment blocked: …`. */
  label: string
  entry: KnowledgeEntry
}

function suggestionOf(entry: KnowledgeEntry): CodeSuggestion {
  const value = entry.code ?? entry.symbols[0] ?? entry.messages[0] ?? entry.title
  const prefix = entry.kind === 'event' ? `Event ${value}` : value
  return { value, label: `${prefix} — ${entry.title}`, entry }
}

/**
 * Autocomplete for the failure-code field. Matches HRESULTs by hex prefix (with or without `0x`,
 * any case, spaces ignored) or signed/unsigned decimal prefix, events and import errors by number,
 * and symbols, titles and messages by substring. An empty prefix lists the HRESULTs in
 * knowledge-base order (the pre-provisioning codes first).
 */
export function suggestCodes(prefix: string, limit = 8): CodeSuggestion[] {
  const raw = prefix.normalize('NFKC').trim()
  const compact = raw.replace(/\s+/g, '').toLowerCase()
  const found: KnowledgeEntry[] = []
  const add = (entry: KnowledgeEntry): void => {
    if (!found.includes(entry)) found.push(entry)
  }
  if (compact === '') {
    for (const entry of ERROR_KNOWLEDGE) if (entry.kind === 'hresult') add(entry)
  } else {
    const hex = compact.startsWith('0x') ? compact.slice(2) : compact
    if (/^[0-9a-f]*$/.test(hex)) {
      for (const entry of ERROR_KNOWLEDGE) {
        if (entry.kind === 'hresult' && entry.code?.slice(2).toLowerCase().startsWith(hex)) add(entry)
      }
    }
    if (/^-?\d+$/.test(compact)) {
      for (const entry of ERROR_KNOWLEDGE) {
        if (entry.kind === 'hresult' && entry.aliases.some((alias) => /^-?\d+$/.test(alias) && alias.startsWith(compact))) add(entry)
        if ((entry.kind === 'event' || entry.kind === 'import-error') && entry.code?.startsWith(compact)) add(entry)
      }
    }
    if (compact.length >= 2 && !/^(0x)?[0-9a-f]*$/.test(compact) && !/^-?\d+$/.test(compact)) {
      const needle = simplify(raw)
      for (const entry of ERROR_KNOWLEDGE) {
        const haystack = [...entry.symbols, entry.title, ...entry.messages].map(simplify)
        if (haystack.some((text) => text.includes(needle))) add(entry)
      }
    }
  }
  return found.slice(0, Math.max(0, limit)).map(suggestionOf)
}

/** The entry for a canonical code or a number, or undefined. For callers that already normalised. */
export function knowledgeFor(codeOrNumber: string): KnowledgeEntry | undefined {
  return byCode.get(codeOrNumber) ?? byNumber.get(codeOrNumber)
}
