import { createHmac, randomBytes } from 'node:crypto'

export type SecretKind = 'serial' | 'user' | 'name'

/**
 * UPN-shaped strings (`name@domain.tld`), in text that has been URL- and JSON-unescaped first
 * (findUpns). The local part uses the characters Entra allows in a UPN (plus `+` for mail).
 */
const upnPattern = /[\p{L}\p{N}._'!#^~+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu

/** `%XX` sequences decoded where they form valid UTF-8 (twice, for a URL inside a query string); `\uXXXX` escapes decoded. */
export function unescapeForSearch(text: string): string {
  let out = text
  for (let i = 0; i < 2; i++) out = out.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => safeDecode(run))
  return out.replace(/\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

const safeDecode = (run: string) => {
  try {
    return decodeURIComponent(run)
  } catch {
    return run
  }
}

/** Every UPN-shaped string in a text, in plain, URL-encoded or JSON-escaped form. */
export function findUpns(text: string): string[] {
  return [...unescapeForSearch(text).matchAll(upnPattern)].map((m) => m[0].replace(/^[.'-]+|[.'-]+$/g, ''))
}

/** Lower case without changing the length (a character whose lower case is longer stays as it is). */
const lowerSameLength = (text: string) => {
  const lower = text.toLowerCase()
  return lower.length === text.length ? lower : text.replace(/[\s\S]/gu, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c))
}
const jsonEscaped = (value: string) => JSON.stringify(value).slice(1, -1)
const unicodeEscaped = (value: string, which: RegExp) => value.replace(which, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
const htmlEscaped = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
/** base64 of the value, only the groups that do not depend on what follows it. */
const base64Prefix = (value: string, url: boolean) => {
  const bytes = Buffer.from(value, 'utf8')
  const whole = bytes.subarray(0, bytes.length - (bytes.length % 3))
  return whole.toString(url ? 'base64url' : 'base64')
}

/**
 * The forms a value can take in a bundle's text: plain, JSON-escaped (also JSON inside JSON, and
 * `\uXXXX` for non-ASCII or for every punctuation mark), URL-encoded (also `+` for spaces, and
 * encoded twice), HTML-escaped (summary.html), CSV-quoted, and base64 of the plain value.
 */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>([value])
  const json = jsonEscaped(value)
  forms.add(json)
  forms.add(jsonEscaped(json))
  forms.add(unicodeEscaped(json, /[^\x20-\x7e]/g))
  forms.add(unicodeEscaped(value, /[^A-Za-z0-9 ._-]/g))
  const url = encodeURIComponent(value)
  forms.add(url)
  forms.add(url.replace(/%20/g, '+'))
  forms.add(encodeURI(value))
  forms.add(encodeURIComponent(url))
  forms.add(htmlEscaped(value))
  forms.add(value.replace(/"/g, '""'))
  for (const variant of [value, value.toLowerCase(), value.toUpperCase()]) {
    for (const url64 of [false, true]) {
      const b64 = base64Prefix(variant, url64)
      if (b64.length >= 8) forms.add(b64)
    }
  }
  return [...forms].filter((f) => f.length >= 2)
}

/**
 * Pseudonyms for a redacted bundle: HMAC-SHA256 under a random key made for this bundle and then
 * thrown away. Plain hashes of serial numbers could be brute-forced from the serial formats; without
 * the key, nobody (us included) can map a pseudonym back. The same value (case-insensitive) gets the
 * same pseudonym in every file, so the story still reads; `alias` lets several values of one person
 * (UPN, mail, Entra object id) share one token.
 *
 * Use: register every secret (`pseudonym`, `alias`), `discardKey()`, then `apply` to every string
 * written into the bundle — one left-to-right scan, so a pseudonym is never rewritten.
 */
export function createRedactor() {
  let key: Buffer | null = randomBytes(32)
  let compiled: ReturnType<typeof compile> | null = null
  const pseudonyms = new Map<string, { kind: SecretKind; token: string }>()
  /** Every spelling met (case matters for base64 forms), by normalised value. */
  const spellings = new Map<string, Set<string>>()
  const remember = (norm: string, value: string) => {
    const set = spellings.get(norm) ?? new Set([norm])
    if (!set.has(value.normalize('NFC').trim())) compiled = null
    set.add(value.normalize('NFC').trim())
    spellings.set(norm, set)
  }
  const normalise = (value: string) => value.normalize('NFC').trim().toLowerCase()

  function pseudonym(kind: SecretKind, value: string): string {
    const norm = normalise(value)
    remember(norm, value)
    const existing = pseudonyms.get(norm)
    if (existing) return existing.token
    if (!key) throw new Error('the redaction key was already discarded')
    const token = `${kind}-${createHmac('sha256', key).update(`${kind}:${norm}`).digest('hex').slice(0, 12)}`
    pseudonyms.set(norm, { kind, token })
    compiled = null
    return token
  }

  /** `value` is redacted by the token `of` already has (e.g. a user's object id → that user's UPN token). */
  function alias(value: string, of: string) {
    const norm = normalise(value)
    const target = pseudonyms.get(normalise(of))
    if (!target || norm.length < 2 || pseudonyms.has(norm)) return
    remember(norm, value)
    pseudonyms.set(norm, target)
    compiled = null
  }

  /** Every form of every value, indexed by its first three characters (lower-cased), longest first. */
  function compile() {
    const index = new Map<string, Array<{ form: string; token: string; whole: boolean }>>()
    const short: Array<{ form: string; token: string; whole: boolean }> = []
    for (const [value, { kind, token }] of pseudonyms) {
      if (value.length < 2) continue
      const forms = new Set([...(spellings.get(value) ?? [value])].flatMap(encodedForms).map(lowerSameLength))
      // Serials (5+ characters) and UPNs are specific enough to be replaced anywhere, even glued to
      // other text (`LDNPF4SER1X`, `%2Fanna%40contoso.com`). Names and other values only as whole
      // words: a user called "Ben" must not turn "BENCH-LDN" into nonsense.
      const whole = kind === 'name' || (kind === 'serial' && value.length < 5) || (kind === 'user' && !value.includes('@'))
      for (const form of forms) {
        const entry = { form, token, whole }
        if (form.length < 3) short.push(entry)
        else index.set(form.slice(0, 3), [...(index.get(form.slice(0, 3)) ?? []), entry])
      }
    }
    for (const list of index.values()) list.sort((a, b) => b.form.length - a.form.length)
    return { index, short }
  }

  const wordChar = /[\p{L}\p{N}_]/u
  const boundaryBefore = (text: string, i: number, form: string) =>
    !wordChar.test(form[0]!) || i === 0 || !wordChar.test(text[i - 1]!) || /%[0-9a-f]{2}$|\\u[0-9a-f]{4}$/i.test(text.slice(Math.max(0, i - 6), i))
  const boundaryAfter = (text: string, end: number, form: string) => !wordChar.test(form[form.length - 1]!) || end >= text.length || !wordChar.test(text[end]!)

  return {
    pseudonym,
    alias,
    /** Is this value (any case) already registered? */
    has: (value: string) => pseudonyms.has(normalise(value)),
    /** Replaces every registered value, in every encoded form, anywhere in a text (case-insensitive). */
    apply(text: string): string {
      compiled ??= compile()
      const { index, short } = compiled
      const lower = lowerSameLength(text)
      let out = ''
      let last = 0
      for (let i = 0; i < lower.length - 1;) {
        const fits = (c: { form: string; whole: boolean }) =>
          lower.startsWith(c.form, i) && (!c.whole || (boundaryBefore(lower, i, c.form) && boundaryAfter(lower, i + c.form.length, c.form)))
        const hit = index.get(lower.slice(i, i + 3))?.find(fits) ?? (short.length ? short.find(fits) : undefined)
        if (!hit) {
          i++
          continue
        }
        out += text.slice(last, i) + hit.token
        i += hit.form.length
        last = i
      }
      return out + text.slice(last)
    },
    /** Forget the key: from now on no new pseudonym can be made, and none can be recomputed. */
    discardKey() {
      key = null
    },
  }
}

export type Redactor = ReturnType<typeof createRedactor>
