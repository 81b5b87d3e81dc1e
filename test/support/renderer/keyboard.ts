import { act } from '@testing-library/react'

/**
 * Keys as a browser delivers them, with explicit event times (`timeStamp`, which the scan capture
 * reads): a keydown on the focused element and, unless a listener prevented it, the browser's own
 * default action — the character goes into a focused text field, Enter clicks a focused button. So a
 * test sees what a technician would: stray characters in a field, a button pressed by a scanner's Enter.
 */
export function createKeyboard(start = performance.now() + 1) {
  let clock = start
  const setValue = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value)
    field.dispatchEvent(new Event('input', { bubbles: true }))
  }
  /** One key `afterMs` after the previous one; returns whether its default action ran. */
  const press = (key: string, afterMs: number, init: KeyboardEventInit = {}): boolean => {
    clock += afterMs
    const target = (document.activeElement as HTMLElement | null) ?? document.body
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
    Object.defineProperty(event, 'timeStamp', { value: clock })
    let proceed = true
    act(() => {
      proceed = target.dispatchEvent(event)
      if (!proceed) return
      if (
        key.length === 1 &&
        !init.ctrlKey &&
        (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type)))
      ) {
        const at = target.selectionStart ?? target.value.length
        const end = target.selectionEnd ?? at
        setValue(target, target.value.slice(0, at) + key + target.value.slice(end))
        target.setSelectionRange(at + 1, at + 1)
      } else if (key === 'Enter' && target instanceof HTMLButtonElement) target.click()
    })
    return proceed
  }
  return {
    press,
    /** A keyboard-wedge scanner, a moment after the last key: `gapMs` per key (a few ms), then the terminator. */
    scan(text: string, terminator: 'Enter' | 'Tab' | null = 'Enter', gapMs = 4) {
      ;[...text].forEach((key, index) => press(key, index === 0 ? 500 : gapMs))
      if (terminator) press(terminator, gapMs)
    },
    /** A person: `gapMs` (≥ 80 ms) between keys. */
    type(text: string, terminator: 'Enter' | 'Tab' | null = 'Enter', gapMs = 120) {
      for (const key of text) press(key, gapMs)
      if (terminator) press(terminator, gapMs)
    },
  }
}
