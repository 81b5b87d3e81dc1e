/**
 * A collection page's top-level `@odata.nextLink`, found before the page is parsed, so the next page
 * can be asked for while this one is still arriving or being parsed (paging.ts): on a distant Graph
 * every page costs its latency plus its transfer and parse, and only the latency has to be waited for.
 *
 * Graph may put the link before `value` (Microsoft's paging examples show it after `@odata.context`)
 * or after it (what our mock does). Both are found without reading inside `value`, whose strings are
 * the tenant's data and may contain anything, including text that looks like a link:
 * - the head: the object's members are read one by one from `{` while their values are strings,
 *   numbers or literals, until the first other member (`value`);
 * - the tail: the same, backwards from the closing `}`, once the whole body is in.
 * A member read this way is a top-level member whenever the text is valid JSON; the caller still
 * parses the page and compares its link with the one found here (a mismatch, or invalid JSON, cancels
 * the early request).
 */

const NEXT_LINK = '@odata.nextLink'

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
const isPrimitiveChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2b || c === 0x2d || c === 0x2e

/** Index past the JSON string starting at `start` (a `"`), or -1 when it does not end within `text`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) i++
    else if (c === 0x22) return i + 1
  }
  return -1
}

/** The string token's value, or undefined when it is not a valid JSON string. */
function stringValue(token: string): string | undefined {
  try {
    const value: unknown = JSON.parse(token)
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * From the start of a body: the link (a string), `null` when the head's primitive members end without
 * one (look in the tail later), or `undefined` when `head` is too short to tell yet.
 */
export function nextLinkInHead(head: string): string | null | undefined {
  let i = 0
  const skip = () => {
    while (i < head.length && isSpace(head.charCodeAt(i))) i++
  }
  skip()
  if (i >= head.length) return undefined
  if (head.charCodeAt(i) !== 0x7b) return null // not an object: the parser will say so
  i++
  for (;;) {
    skip()
    if (i >= head.length) return undefined
    if (head.charCodeAt(i) !== 0x22) return null // `}` or anything else: no member left to read here
    const keyEnd = stringEnd(head, i)
    if (keyEnd < 0) return undefined
    const key = stringValue(head.slice(i, keyEnd))
    i = keyEnd
    skip()
    if (i >= head.length) return undefined
    if (key === undefined || head.charCodeAt(i) !== 0x3a) return null
    i++
    skip()
    if (i >= head.length) return undefined
    const c = head.charCodeAt(i)
    if (c === 0x22) {
      const valueEnd = stringEnd(head, i)
      if (valueEnd < 0) return undefined
      if (key === NEXT_LINK) return stringValue(head.slice(i, valueEnd)) ?? null
      i = valueEnd
    } else if (isPrimitiveChar(c)) {
      while (i < head.length && isPrimitiveChar(head.charCodeAt(i))) i++
      if (i >= head.length) return undefined
    } else {
      return null // `value`'s array (or another object): the head's simple members are over
    }
    skip()
    if (i >= head.length) return undefined
    const after = head.charCodeAt(i)
    if (after !== 0x2c) return null
    i++
  }
}

/** Start of the JSON string that ends with the `"` at `end` (its opening quote), or -1. */
function stringStart(text: string, end: number): number {
  for (let i = end - 1; i >= 0; i--) {
    if (text.charCodeAt(i) !== 0x22) continue
    // A quote inside a string is escaped: an odd number of backslashes before it.
    let slashes = 0
    while (i - 1 - slashes >= 0 && text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++
    if (slashes % 2 === 0) return i
  }
  return -1
}

/** From the end of a complete body: the link among the trailing primitive members, or null. */
export function nextLinkInTail(body: string): string | null {
  let i = body.length - 1
  const skip = () => {
    while (i >= 0 && isSpace(body.charCodeAt(i))) i--
  }
  skip()
  if (i < 0 || body.charCodeAt(i) !== 0x7d) return null
  i--
  for (;;) {
    skip()
    if (i < 0) return null
    // The member's value, read backwards: a string, or a number or literal.
    const c = body.charCodeAt(i)
    let value: string | undefined
    if (c === 0x22) {
      // A closing quote is never escaped: an escaped one means the `}` above was inside a string (a cut body).
      if (stringStart(body, i + 1) !== i) return null
      const start = stringStart(body, i)
      if (start < 0) return null
      value = stringValue(body.slice(start, i + 1))
      i = start - 1
    } else if (isPrimitiveChar(c)) {
      while (i >= 0 && isPrimitiveChar(body.charCodeAt(i))) i--
    } else {
      return null // `]` or `}`: a member that is not a primitive (`value`)
    }
    skip()
    if (i < 0 || body.charCodeAt(i) !== 0x3a) return null
    i--
    skip()
    if (i < 0 || body.charCodeAt(i) !== 0x22) return null
    const keyStart = stringStart(body, i)
    if (keyStart < 0) return null
    const key = stringValue(body.slice(keyStart, i + 1))
    if (key === NEXT_LINK) return value ?? null
    i = keyStart - 1
    skip()
    if (i < 0 || body.charCodeAt(i) !== 0x2c) return null
    i--
  }
}

/** Heads longer than this without a verdict are left to the tail (a page's annotations are a few hundred bytes). */
const HEAD_MAX_CHARS = 16 * 1024

/**
 * Watches one page's body as it arrives and reports its `@odata.nextLink` once, as early as it can:
 * from the head while chunks come in, else from the tail when the body is complete (before it is parsed).
 */
export function watchNextLink(report: (link: string) => void): { chunk(bytes: Uint8Array): void; complete(body: string): void } {
  const decoder = new TextDecoder()
  let head = ''
  let state: 'head' | 'tail' | 'done' = 'head'
  const found = (link: string | null) => {
    state = 'done'
    if (link) report(link)
  }
  return {
    chunk(bytes) {
      if (state !== 'head') return
      head += decoder.decode(bytes, { stream: true })
      const link = nextLinkInHead(head)
      if (link === undefined) {
        if (head.length > HEAD_MAX_CHARS) state = 'tail'
      } else if (link === null) state = 'tail'
      else found(link)
      if (state !== 'head') head = ''
    },
    complete(body) {
      if (state !== 'done') found(nextLinkInTail(body))
    },
  }
}
