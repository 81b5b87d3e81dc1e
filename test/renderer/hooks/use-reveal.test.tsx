import { render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useReveal } from '@renderer/hooks/use-reveal'

function Notice({ notice }: { notice: { text: string } | null }) {
  const ref = useReveal<HTMLParagraphElement>(notice)
  return notice ? <p ref={ref}>{notice.text}</p> : null
}

describe('useReveal', () => {
  const scrolled: Array<{ text: string | null; options: unknown }> = []
  // jsdom has no scrollIntoView: record each call with the element it was made on.
  Element.prototype.scrollIntoView = function (this: Element, options?: unknown) {
    scrolled.push({ text: this.textContent, options })
  }
  afterEach(() => {
    scrolled.length = 0
  })

  it('scrolls each new notice into view once, as little as it must, and nothing while there is none', () => {
    const first = { text: "'failed' is not possible after success" }
    const { rerender } = render(<Notice notice={null} />)
    expect(scrolled).toEqual([])
    rerender(<Notice notice={first} />)
    expect(scrolled).toEqual([{ text: first.text, options: { block: 'nearest' } }])
    // A re-render with the same notice (any data:changed) does not scroll the screen again.
    rerender(<Notice notice={first} />)
    expect(scrolled).toHaveLength(1)
    const second = { text: 'Intune refused the change' }
    rerender(<Notice notice={second} />)
    expect(scrolled.map((call) => call.text)).toEqual([first.text, second.text])
    rerender(<Notice notice={null} />)
    expect(scrolled).toHaveLength(2)
  })
})
