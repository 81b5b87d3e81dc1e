import { parsePayload } from '@qr/payload/parse-payload'
import { setFieldValue, type ScannedField } from './scan-capture'

/**
 * Where a scanner burst typed in a text field goes (docs/bench-ui.md "Scan capture").
 *
 * - Fields of the bench flow — the Bench, the device card, the device search — are marked
 *   `data-scan-lands` (on the field or a container): there a scan means "the next device", and it is
 *   looked up and shown on the Bench, as from a row or a button.
 * - Every other text field gets the scan as text, as a keyboard-wedge scanner does in any program: a
 *   form being filled in (a new job, a tenant's client id, a manifest pasted line by line) keeps what
 *   was typed, and the window stays where it is. A scan there used to move the window to the Bench
 *   and throw the form away.
 * - A field that asks for a serial number (`data-scan-serial`) gets the serial of a scanned Win×5 QR
 *   code, not its JSON; with `data-scan-submits` the scanner's Enter acts as Enter there (find, look up).
 */
export function scanLandsFrom(field: ScannedField | null): boolean {
  return field === null || field.element.closest('[data-scan-lands]') !== null
}

/**
 * A scan made with the focus on a control that takes no text (a dropdown, a radio button, a button) in
 * work not yet saved — a form, or a panel marked `data-scan-keeps` — outside the bench flow: moving the
 * window to the Bench would throw that work away, so the scan is not used (the status bar says so). Says what keeps
 * the window, so the status bar names it: a question asked in the page (`data-scan-keeps="question"`,
 * confirm-question.tsx) is answered, not saved; any other form or panel is work not saved yet. Null: the scan is used.
 */
export function scanKeptBy(target: EventTarget | null): 'question' | 'work' | null {
  if (!(target instanceof Element) || target.closest('[data-scan-lands]')) return null
  const keeper = target.closest('form, [data-scan-keeps]')
  if (!keeper) return null
  return keeper.getAttribute('data-scan-keeps') === 'question' ? 'question' : 'work'
}

/**
 * Work open on the Bench that a landing scan would throw away: the failure code field after F (the selection would
 * move to the scanned device and the failure being recorded would go without a word). Such work marks itself
 * `data-scan-holds` with the sentence the status bar says; wherever the focus is, the scan is not used until it is
 * saved or cancelled, as a question asked in the page (`data-scan-keeps="question"`) holds it. Null: nothing holds it.
 */
export function scanHeldBy(root: ParentNode = document): string | null {
  return root.querySelector('[data-scan-holds]')?.getAttribute('data-scan-holds') ?? null
}

/** Where Tab goes from `element`: the next control in the page's Tab order (enabled, not taken out of it). */
function nextInTabOrder(element: HTMLElement): HTMLElement | null {
  const candidates = Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href], [tabindex]')).filter(
    (candidate) => candidate.tabIndex >= 0 && !candidate.hasAttribute('disabled') && !(candidate instanceof HTMLInputElement && candidate.type === 'hidden'),
  )
  return candidates[candidates.indexOf(element) + 1] ?? null
}

/** The serial number in a scanned code (a Win×5 QR's, or a box label's serial as it is); null when it names none. */
export function serialInScan(text: string): string | null {
  const parsed = parsePayload(text)
  if (!parsed.ok || parsed.value.kind === 'block') return null
  return parsed.value.serialNumber
}

/** Puts a scan into the field it was typed in, where its caret was, and acts on the scanner's Enter as the field would. */
export function putScanInField(text: string, scanned: { field: ScannedField; terminator: 'Enter' | 'Tab' }): void {
  const { element, value, start, end } = scanned.field
  const wantsSerial = element.hasAttribute('data-scan-serial')
  const scan = wantsSerial ? (serialInScan(text) ?? text.trim()) : text
  // A list typed into a box (a manifest pasted line by line) gets one scan per line.
  const inserted = element instanceof HTMLTextAreaElement && scanned.terminator === 'Enter' ? `${scan}\n` : scan
  setFieldValue(element, value.slice(0, start) + inserted + value.slice(end), start + inserted.length)
  // A scanner set to end with Tab moves on to the next field, as it does in any program (the capture
  // took the key itself): two scans were glued together in one field.
  if (scanned.terminator === 'Tab') {
    nextInTabOrder(element)?.focus()
    return
  }
  if (!element.hasAttribute('data-scan-submits')) return
  // After the field's new value has rendered (the handlers read it from state, not from the DOM): a
  // synthetic Enter reaches the field's own key handler (React listens to dispatched events) but never
  // submits a form by itself, so the form is asked to, unless the handler took the key.
  setTimeout(() => {
    if (!element.isConnected) return
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })
    element.dispatchEvent(enter)
    if (!enter.defaultPrevented) element.form?.requestSubmit()
  }, 0)
}
