/**
 * One scan capture for the whole window (docs/bench-ui.md "Scan capture"). A USB keyboard-wedge
 * scanner "types" its code a few ms per key and ends it with Enter or Tab; a person types 80–250 ms
 * per key. This recogniser, fed every `keydown` in the capture phase on `window` (before any control
 * or React handler sees it), takes such a burst away from whatever has focus and hands its text over.
 *
 * - Keys more than `maxGapMs` apart (by the event's own `timeStamp`, so a busy main thread does not
 *   make a person look fast) never form a burst; a burst is `minLength` such keys, then Enter/Tab.
 * - The first keys cannot be known to be a scanner's: they go where they would have gone (a person is
 *   never slowed down). When the `minLength`-th fast key confirms the burst, what they typed into a
 *   text field is undone (the field gets back its value and caret from before the first key); from
 *   then on every key and the terminator are `preventDefault()`ed and stopped, so nothing leaks and
 *   no Enter reaches the focused row or button. No app handler acts on a printable key at once (the
 *   Bench letters wait 90 ms and give up when a second key follows), so the first keys do no harm.
 * - A focused `<select>` would jump to an option on every letter (type-ahead) and fire `change`: its
 *   printable keys are held instead, and given to it as type-ahead if they turn out not to be a scan.
 * - A confirmed burst that ends without Enter/Tab is not a scan: its text is put back in the field.
 * - A scanner may pause mid-code (a wireless scanner's radio, a loaded machine): a confirmed burst goes
 *   on across a pause of up to `resumeGapMs`, and the few keys (two or more, fast) of a run a pause
 *   cut short just before a burst (in the same place) are taken back into it. The burst itself must still be `minLength`
 *   fast keys in a row, so a fast typist's rolled pairs never add up to one.
 * - Auto-repeat, IME composition, Ctrl/Meta chords and other keys end a run; Shift, CapsLock and dead
 *   keys (scanners press Shift for capitals and JSON punctuation) do not.
 */

/** The text field a burst was typed in, with its value and selection from before the burst's first key. */
export interface ScannedField {
  element: TextField
  value: string
  start: number
  end: number
}

export interface ScanCaptureOptions {
  /**
   * A confirmed burst's text (without its terminator), the field it was typed in (already given back
   * its value from before the burst) and the key that ended it: the caller decides whether it is a
   * scan to look up or text for that field.
   */
  onScan(text: string, scanned: { field: ScannedField | null; target: EventTarget | null; terminator: 'Enter' | 'Tab' }): void
  /** Keys further apart than this are a person's (default 40 ms). */
  maxGapMs?: number
  /** The longest pause a scanner may make mid-code (default 150 ms: under a person's reaction to a scan). */
  resumeGapMs?: number
  /** Fewest characters in a burst (default 5; serial numbers are 5+ characters, a QR payload ~150). */
  minLength?: number
  /** Events the capture leaves alone entirely (e.g. the Scan screen's own scan field). */
  ignore?(event: KeyboardEvent): boolean
  /** For tests; the event's timeStamp otherwise. */
  now?(event: KeyboardEvent): number
}

export interface ScanCapture {
  handleKeyDown(event: KeyboardEvent): void
  /** Forgets the current run (and cancels its timer). */
  dispose(): void
}

export const scanCaptureDefaults = { maxGapMs: 40, resumeGapMs: 150, minLength: 5 } as const

export type TextField = HTMLInputElement | HTMLTextAreaElement

const nonTextInputs = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image', 'color', 'range'])
const passiveKeys = new Set(['Shift', 'CapsLock', 'Dead', 'AltGraph'])

const textFieldOf = (target: EventTarget | null): TextField | null => {
  if (target instanceof HTMLTextAreaElement) return target
  if (target instanceof HTMLInputElement && !nonTextInputs.has(target.type)) return target
  return null
}

/**
 * Sets a (React-controlled) field's value so React sees the change: the native setter, then `input`.
 * A script's value skips the field's `maxLength`, which typing keeps: it is kept here too (a 500-character
 * code given back to the 200-character device search was refused as too big, under a stale list).
 */
export function setFieldValue(field: TextField, given: string, givenCaret: number): void {
  const value = field.maxLength >= 0 ? given.slice(0, field.maxLength) : given
  const caret = Math.min(givenCaret, value.length)
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value)
  try {
    field.setSelectionRange(caret, caret)
  } catch {
    // number, email…: no selection API; the value is what matters.
  }
  field.dispatchEvent(new Event('input', { bubbles: true }))
}

/** Letters typed into a `<select>` within this long of each other add up to one search, as browsers do. */
const typeAheadWindowMs = 1000

/**
 * What a `<select>` does with typed letters: the first option whose label starts with them; one
 * letter (typed once, or again and again: "uuu") steps on from the selected option to the next that
 * starts with it, as browsers do.
 */
function typeAhead(select: HTMLSelectElement, typed: string): void {
  const wanted = typed.toLowerCase()
  const options = Array.from(select.options).filter((option) => !option.disabled)
  const label = (option: HTMLOptionElement) => option.text.trim().toLowerCase()
  let match = options.find((option) => label(option).startsWith(wanted))
  if (!match || /^(.)\1*$/.test(wanted)) {
    const starting = options.filter((option) => label(option).startsWith(wanted.charAt(0)))
    const at = starting.findIndex((option) => option.selected)
    match = starting[(at + 1) % Math.max(1, starting.length)] ?? match
  }
  if (!match || match.selected) return
  select.value = match.value
  select.dispatchEvent(new Event('change', { bubbles: true }))
}

/** Keys of a run that ended unconfirmed, kept a moment in case a scanner paused in its first keys. */
interface CutShort {
  target: EventTarget | null
  /** The field as it was before the first of these keys. */
  field: ScannedField | null
  text: string
  last: number
}

interface Run {
  target: EventTarget | null
  /** The text field the first key went to, and its value and selection before it. */
  field: ScannedField | null
  select: HTMLSelectElement | null
  text: string
  last: number
  confirmed: boolean
  /** Keys typed just before this run that a scanner's pause cut off from it. */
  cutShort: CutShort | null
}

export function createScanCapture(options: ScanCaptureOptions): ScanCapture {
  const maxGapMs = options.maxGapMs ?? scanCaptureDefaults.maxGapMs
  const resumeGapMs = Math.max(maxGapMs, options.resumeGapMs ?? scanCaptureDefaults.resumeGapMs)
  const minLength = options.minLength ?? scanCaptureDefaults.minLength
  const now = options.now ?? ((event: KeyboardEvent) => (event.timeStamp > 0 ? event.timeStamp : performance.now()))
  let run: Run | null = null
  let cutShort: CutShort | null = null
  let idle: ReturnType<typeof setTimeout> | null = null
  // A person's letters come one run each (too slow for a burst): they add up here, so "UD-AAD-Pre" finds
  // UD-AAD-PreProv rather than the first option starting with "U".
  let typed: { select: HTMLSelectElement; text: string; last: number } | null = null

  const clearIdle = () => {
    if (idle !== null) clearTimeout(idle)
    idle = null
  }

  /**
   * Ends the run without a scan: held or taken keys go back to where they were typed. A run a pause
   * ended before it was confirmed (`paused`) is kept as cut short; any other end forgets it.
   */
  const abandon = (paused = false) => {
    clearIdle()
    const ended = run
    run = null
    if (!ended) {
      // The quiet timer ended the run already: what it kept as cut short stays, for a key after a longer pause.
      if (!paused) cutShort = null
      return
    }
    cutShort = paused && !ended.confirmed && !ended.select ? { target: ended.target, field: ended.field, text: ended.text, last: ended.last } : null
    if (ended.select && !ended.confirmed) {
      const sameSearch = typed !== null && typed.select === ended.select && ended.last - typed.last <= typeAheadWindowMs
      typed = { select: ended.select, text: (sameSearch ? typed!.text : '') + ended.text, last: ended.last }
      typeAhead(ended.select, typed.text)
    } else if (ended.confirmed && ended.field) {
      const { element, value, start, end } = ended.field
      setFieldValue(element, value.slice(0, start) + ended.text + value.slice(end), start + ended.text.length)
    }
  }

  const swallow = (event: KeyboardEvent) => {
    event.preventDefault()
    event.stopImmediatePropagation()
  }

  const begin = (event: KeyboardEvent, at: number): Run => {
    const field = textFieldOf(event.target)
    const select = event.target instanceof HTMLSelectElement ? event.target : null
    return {
      target: event.target,
      field: field
        ? { element: field, value: field.value, start: field.selectionStart ?? field.value.length, end: field.selectionEnd ?? field.value.length }
        : null,
      select,
      text: '',
      last: at,
      confirmed: false,
      cutShort: null,
    }
  }

  /**
   * The keys a pause cut off just before this run, if they can only be its first keys: typed in the same
   * place a moment before it, and (in a field) still there as typed, with nothing else changed since.
   */
  const cutShortBefore = (started: Run, at: number): CutShort | null => {
    const before = cutShort
    cutShort = null
    // Two keys at least, and fast: a scanner's run. One key is as likely a person's, typed just before
    // the trigger was pulled (the e2e types "x" in the search box 100 ms before a scan): it stays theirs.
    if (!before || before.text.length < 2 || at - before.last > resumeGapMs || before.target !== started.target) return null
    if (!before.field) return started.field ? null : before
    const { element, value, start, end } = before.field
    const typed = value.slice(0, start) + before.text + value.slice(end)
    return started.field?.element === element && started.field.value === typed ? before : null
  }

  const handleKeyDown = (event: KeyboardEvent) => {
    if (options.ignore?.(event)) {
      abandon()
      return
    }
    if (event.isComposing || event.key === 'Process' || event.key === 'Unidentified') {
      abandon()
      return
    }
    if (passiveKeys.has(event.key)) return
    const at = now(event)
    // Once confirmed, the run is a scanner's: a pause mid-code does not end it.
    const fast = run !== null && at - run.last <= (run.confirmed ? resumeGapMs : maxGapMs)

    if (event.key === 'Enter' || event.key === 'Tab') {
      if (run?.confirmed && fast && !event.repeat) {
        swallow(event)
        const { text, field, target } = run
        clearIdle()
        run = null
        options.onScan(text, { field, target, terminator: event.key })
        return
      }
      abandon()
      return
    }

    // AltGr arrives as Ctrl+Alt on Windows and types characters; plain Ctrl/Meta chords do not.
    const chord = event.metaKey || (event.ctrlKey && !event.altKey)
    if (event.key.length !== 1 || chord || event.repeat) {
      abandon()
      return
    }

    if (!fast) {
      abandon(true)
      // A space never starts a code (and a held space would not press a focused button).
      if (event.key === ' ') {
        cutShort = null
        return
      }
      run = begin(event, at)
      run.cutShort = cutShortBefore(run, at)
    }
    const current = run
    if (!current) return
    current.text += event.key
    current.last = at
    clearIdle()
    // A confirmed run waits out a scanner's pause before its text goes back as typed.
    idle = setTimeout(() => abandon(true), current.confirmed ? resumeGapMs + maxGapMs : maxGapMs * 3)

    if (current.confirmed) {
      swallow(event)
      return
    }
    if (current.text.length >= minLength) {
      current.confirmed = true
      clearIdle()
      idle = setTimeout(() => abandon(true), resumeGapMs + maxGapMs)
      swallow(event)
      if (current.cutShort) {
        current.text = current.cutShort.text + current.text
        current.field = current.cutShort.field
        current.cutShort = null
      }
      // Undo what the first keys typed into the field (they went in before the burst was known).
      const field = current.field
      if (field && field.element.value !== field.value) setFieldValue(field.element, field.value, field.start)
      return
    }
    if (current.select) event.preventDefault()
    // Two fast keys: a space may be part of a code now; on a button it would press it.
    else if (event.key === ' ' && !current.field && current.text.length > 1) event.preventDefault()
  }

  return {
    handleKeyDown,
    dispose() {
      clearIdle()
      run = null
      cutShort = null
    },
  }
}
