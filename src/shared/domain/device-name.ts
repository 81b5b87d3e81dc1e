import { cite, type Citation } from './citation'

/**
 * Device names and the profile's "Apply device name template" (docs/reference/autopilot.md §1.5):
 * - at most 15 characters; letters, numbers and hyphens only; not all numbers (docs/reference/autopilot.md §1.5);
 * - `%SERIAL%` = the hardware-specific serial number; `%RAND:x%` = x random digits (§1.5);
 * - Entra join only: for hybrid join the template is greyed out and the domain join profile's
 *   computer name prefix names the device; a per-device name on the record is ignored
 *   (§1.5).
 *
 * Where the docs are silent, nothing is assumed:
 * - No truncation rule for a long `%SERIAL%` is documented, so a name over 15 characters is
 *   reported as too long, not shortened.
 * - "Letters" is read as ASCII letters (A–Z, a–z); the docs don't discuss other alphabets.
 * - Macros are recognised as the docs spell them (upper case); `%serial%` is flagged.
 * - A template using `%SERIAL%` twice, or a name starting with a hyphen, is not discussed; allowed.
 */

export const MAX_DEVICE_NAME_LENGTH = 15
export const DEVICE_NAME_CITATION: Citation = cite('§1.5', 'profiles-create')
export const HYBRID_NAME_CITATION: Citation = cite('§1.5', 'hybrid-profile', 'hybrid-domain-join', 'manual-registration-edit')

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'serial' } | { kind: 'rand'; digits: number }

export type NameIssueCode =
  | 'empty'
  | 'too-long'
  | 'invalid-character'
  | 'all-digits'
  | 'unknown-macro'
  | 'bad-rand'
  | 'unterminated-macro'
  | 'no-serial'
  | 'serial-length'
  | 'may-be-all-digits'

export interface NameIssue {
  code: NameIssueCode
  message: string
  /** Position in the template (or name) where the problem starts, when there is one. */
  index?: number
}

export interface TemplateValidation {
  valid: boolean
  template: string
  parts: TemplatePart[]
  errors: NameIssue[]
  /** Not errors: what depends on the serial number of each device. */
  warnings: NameIssue[]
  /** Characters fixed by the template: literal text plus the `%RAND:x%` digits. */
  fixedLength: number
  usesSerial: boolean
  usesRandom: boolean
  /** The longest serial number that keeps the name within 15 characters; null without `%SERIAL%`. */
  maxSerialLength: number | null
  citation: Citation
}

const allowedChar = /^[A-Za-z0-9-]$/
const digitsOnly = /^\d+$/

function describeChar(char: string): string {
  if (char === ' ') return 'a space'
  const code = char.codePointAt(0) ?? 0
  return code < 0x20 || code === 0x7f ? `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${char}"`
}

/** Capitalises the start of a message that opens with a described character ("a space" → "A space"). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** Splits a template into text, `%SERIAL%` and `%RAND:x%` parts, with syntax errors. */
export function parseDeviceNameTemplate(template: string): { parts: TemplatePart[]; errors: NameIssue[] } {
  const parts: TemplatePart[] = []
  const errors: NameIssue[] = []
  let text = ''
  const flush = (): void => {
    if (text) parts.push({ kind: 'text', text })
    text = ''
  }
  let i = 0
  while (i < template.length) {
    const char = template[i] ?? ''
    if (char !== '%') {
      if (!allowedChar.test(char)) {
        errors.push({
          code: 'invalid-character',
          index: i,
          message: `${sentence(describeChar(char))} is not allowed: names can have letters, numbers and hyphens only.`,
        })
      }
      text += char
      i += 1
      continue
    }
    const end = template.indexOf('%', i + 1)
    if (end < 0) {
      errors.push({ code: 'unterminated-macro', index: i, message: 'A "%" starts a macro that is never closed: use %SERIAL% or %RAND:x%.' })
      break
    }
    const body = template.slice(i + 1, end)
    const rand = /^RAND:(\d{1,3})$/.exec(body)
    if (body === 'SERIAL') {
      flush()
      parts.push({ kind: 'serial' })
    } else if (rand?.[1] !== undefined) {
      const digits = Number(rand[1])
      if (digits < 1) errors.push({ code: 'bad-rand', index: i, message: '%RAND:x% needs x of at least 1 (the number of random digits).' })
      else {
        flush()
        parts.push({ kind: 'rand', digits })
      }
    } else if (/^RAND\b/i.test(body)) {
      errors.push({ code: 'bad-rand', index: i, message: `%${body}% is not a valid random macro: write %RAND:x% with x the number of digits, e.g. %RAND:4%.` })
    } else if (/^serial$/i.test(body)) {
      errors.push({ code: 'unknown-macro', index: i, message: `%${body}% is not recognised: the docs spell the macro %SERIAL%.` })
    } else {
      errors.push({ code: 'unknown-macro', index: i, message: `%${body}% is not a macro: only %SERIAL% and %RAND:x% are documented.` })
    }
    i = end + 1
  }
  flush()
  return { parts, errors }
}

/** Checks a concrete device name (the record's Device name, or a template's output). */
export function validateDeviceName(name: string): { valid: boolean; errors: NameIssue[] } {
  const errors: NameIssue[] = []
  if (name.length === 0) errors.push({ code: 'empty', message: 'The device name is empty.' })
  if (name.length > MAX_DEVICE_NAME_LENGTH) {
    errors.push({ code: 'too-long', message: `${name.length} characters: device names must be ${MAX_DEVICE_NAME_LENGTH} characters or less.` })
  }
  const chars = [...name]
  const bad = chars.findIndex((char) => !allowedChar.test(char))
  if (bad >= 0) {
    // Every kind of wrong character at once: fixing "_" only to be told about the space next is a wasted round.
    const kinds = [...new Set(chars.filter((char) => !allowedChar.test(char)))].map(describeChar)
    const listed = kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]!}`
    errors.push({
      code: 'invalid-character',
      index: bad,
      message: `${sentence(listed)} ${kinds.length === 1 ? 'is' : 'are'} not allowed: names can have letters, numbers and hyphens only.`,
    })
  }
  if (digitsOnly.test(name)) errors.push({ code: 'all-digits', message: "Names can't be all numbers." })
  return { valid: errors.length === 0, errors }
}

export function validateDeviceNameTemplate(template: string): TemplateValidation {
  const { parts, errors } = parseDeviceNameTemplate(template)
  const warnings: NameIssue[] = []
  if (template.length === 0) errors.push({ code: 'empty', message: 'The template is empty.' })
  const literal = parts.map((part) => (part.kind === 'text' ? part.text : '')).join('')
  const randDigits = parts.reduce((sum, part) => sum + (part.kind === 'rand' ? part.digits : 0), 0)
  const serialCount = parts.filter((part) => part.kind === 'serial').length
  const fixedLength = literal.length + randDigits
  let maxSerialLength: number | null = null

  if (serialCount > 0) {
    // Each %SERIAL% adds at least one character.
    if (fixedLength + serialCount > MAX_DEVICE_NAME_LENGTH) {
      errors.push({
        code: 'too-long',
        message: `The fixed part is ${fixedLength} characters: with a serial number the name exceeds ${MAX_DEVICE_NAME_LENGTH}.`,
      })
    } else {
      maxSerialLength = Math.floor((MAX_DEVICE_NAME_LENGTH - fixedLength) / serialCount)
      warnings.push({
        code: 'serial-length',
        message: `Serial numbers longer than ${maxSerialLength} characters make the name longer than ${MAX_DEVICE_NAME_LENGTH}; the docs give no truncation rule, so check the preview per device.`,
      })
    }
    if (literal === '' || digitsOnly.test(literal)) {
      warnings.push({ code: 'may-be-all-digits', message: "A serial number made of digits only would give an all-number name, which isn't allowed." })
    }
  } else if (fixedLength > MAX_DEVICE_NAME_LENGTH) {
    errors.push({ code: 'too-long', message: `${fixedLength} characters: device names must be ${MAX_DEVICE_NAME_LENGTH} characters or less.` })
  }
  if (serialCount === 0 && fixedLength > 0 && (literal === '' || digitsOnly.test(literal))) {
    errors.push({ code: 'all-digits', message: "This template only makes numbers: names can't be all numbers." })
  }
  return {
    valid: errors.length === 0,
    template,
    parts,
    errors,
    warnings,
    fixedLength,
    usesSerial: serialCount > 0,
    usesRandom: randDigits > 0,
    maxSerialLength,
    citation: DEVICE_NAME_CITATION,
  }
}

export interface DeviceNamePreview {
  /** For display: random digits not supplied are shown as `#`. */
  display: string
  /** The concrete name, or null when random digits were not supplied or the template is invalid. */
  name: string | null
  valid: boolean
  length: number
  errors: NameIssue[]
  citation: Citation
}

/**
 * The name a template gives one device. `random` supplies the `%RAND:x%` digits: a string of digits
 * used in order, or a function returning numbers in [0, 1) (e.g. Math.random). Without it the digits
 * are shown as `#` (and count as digits for the rules). The serial is used as given, trimmed of
 * surrounding whitespace; characters it brings that names can't have are reported, not removed.
 */
export function previewDeviceName(template: string, serial: string, random?: string | (() => number)): DeviceNamePreview {
  const validation = validateDeviceNameTemplate(template)
  const syntaxErrors = validation.errors.filter((issue) => issue.code !== 'too-long' && issue.code !== 'all-digits')
  const cleanSerial = serial.trim()
  const errors: NameIssue[] = [...syntaxErrors]
  if (validation.usesSerial && cleanSerial === '')
    errors.push({ code: 'no-serial', message: 'The template uses %SERIAL% but the device has no serial number.' })

  const supplied = typeof random === 'string' ? [...random].filter((char) => /\d/.test(char)) : []
  let used = 0
  const nextDigit = (): string | null => {
    if (typeof random === 'function') {
      const value = random()
      return String(Math.min(9, Math.max(0, Math.floor((Number.isFinite(value) ? value : 0) * 10))))
    }
    const digit = supplied[used]
    used += 1
    return digit ?? null
  }

  let display = ''
  let concrete = ''
  let complete = true
  for (const part of validation.parts) {
    if (part.kind === 'text') {
      display += part.text
      concrete += part.text
    } else if (part.kind === 'serial') {
      display += cleanSerial
      concrete += cleanSerial
    } else {
      for (let n = 0; n < part.digits; n += 1) {
        const digit = nextDigit()
        if (digit === null) {
          complete = false
          display += '#'
          concrete += '0'
        } else {
          display += digit
          concrete += digit
        }
      }
    }
  }
  if (syntaxErrors.length === 0) {
    for (const issue of validateDeviceName(concrete).errors) {
      if (issue.code === 'too-long') {
        errors.push({ ...issue, message: `${issue.message} The docs give no rule for shortening a long serial number.` })
      } else if (!(issue.code === 'empty' && errors.some((e) => e.code === 'no-serial'))) {
        errors.push(issue)
      }
    }
  }
  const valid = errors.length === 0
  return { display, name: valid && complete ? concrete : null, valid, length: display.length, errors, citation: DEVICE_NAME_CITATION }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Whether a concrete name is what the template gives this serial (random digits match any digits).
 * Case-insensitive: Windows computer names are not case-sensitive (a Windows convention; the
 * Autopilot docs don't discuss case). null when the template is invalid or the serial is missing.
 */
export function matchesDeviceNameTemplate(name: string, template: string, serial: string): boolean | null {
  const { parts, errors } = parseDeviceNameTemplate(template)
  if (errors.length > 0 || template === '') return null
  const cleanSerial = serial.trim()
  if (parts.some((part) => part.kind === 'serial') && cleanSerial === '') return null
  const pattern = parts
    .map((part) => (part.kind === 'text' ? escapeRegExp(part.text) : part.kind === 'serial' ? escapeRegExp(cleanSerial) : `\\d{${part.digits}}`))
    .join('')
  return new RegExp(`^${pattern}$`, 'i').test(name)
}
