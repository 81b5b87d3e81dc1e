import { afterEach, describe, expect, it, vi } from 'vitest'
import { refocusWhenLost } from '@renderer/hooks/use-focus-after-action'

afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

const boxAt = (top: number) => ({ top, bottom: top + 40, left: 0, right: 100, width: 100, height: 40, x: 0, y: top, toJSON: () => ({}) }) as DOMRect

describe('refocusWhenLost', () => {
  it('puts a lost keyboard on the target', () => {
    vi.useFakeTimers()
    document.body.innerHTML = '<input id="user">'
    const input = document.getElementById('user') as HTMLInputElement
    refocusWhenLost(() => input)
    vi.advanceTimersByTime(0)
    expect(document.activeElement).toBe(input)
  })

  it('brings the focused target back into view when the page pushed it below the window, and leaves focus a person moved alone', () => {
    vi.useFakeTimers()
    document.body.innerHTML = '<input id="user"><button id="other">x</button>'
    const input = document.getElementById('user') as HTMLInputElement
    input.focus()
    let top = 300
    vi.spyOn(input, 'getBoundingClientRect').mockImplementation(() => boxAt(top))
    const scrolled = vi.fn()
    input.scrollIntoView = scrolled
    refocusWhenLost(() => input)
    vi.advanceTimersByTime(60)
    expect(scrolled).not.toHaveBeenCalled()
    // A panel arrives above it (the card re-read after the change): the field is now below the window.
    top = window.innerHeight + 200
    vi.advanceTimersByTime(100)
    expect(scrolled).toHaveBeenCalledWith({ block: 'nearest' })
    // The person tabs elsewhere: their focus is not taken back, nor the page scrolled to the field.
    scrolled.mockClear()
    ;(document.getElementById('other') as HTMLButtonElement).focus()
    vi.advanceTimersByTime(2000)
    expect(scrolled).not.toHaveBeenCalled()
    expect(document.activeElement?.id).toBe('other')
  })
})
