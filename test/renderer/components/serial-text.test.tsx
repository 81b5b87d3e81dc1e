import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SerialText } from '@renderer/components/serial-text'
import { Words } from '@renderer/components/words'

const parts = (container: HTMLElement, selector: string) => [...container.querySelectorAll(selector)].map((part) => part.textContent)

describe('text that must fit a 1024 window without breaking where it should not', () => {
  it('a long serial may break once, at the hyphen nearest its middle; a short one or one without hyphens stays whole', () => {
    expect(parts(render(<SerialText serial="0003-5855-6170-7464-0231-9419-35" />).container, '.serial-text__part')).toEqual([
      '0003-5855-6170-',
      '7464-0231-9419-35',
    ])
    expect(render(<SerialText serial="0003-5855-6170-7464-0231-9419-35" />).container.querySelectorAll('wbr')).toHaveLength(1)
    expect(parts(render(<SerialText serial="FAB-LAP-002" />).container, '.serial-text__part')).toEqual(['FAB-LAP-002'])
    expect(parts(render(<SerialText serial="NXMRWEK0016C9C7600B2400" />).container, '.serial-text__part')).toEqual(['NXMRWEK0016C9C7600B2400'])
  })

  it('a button label wraps between words, never at a hyphen inside one ("Hand-/over/report")', () => {
    const { container } = render(<Words text="Hand-over report" />)
    expect(parts(container, '.words__word')).toEqual(['Hand-over', 'report'])
    expect(container.textContent).toBe('Hand-over report')
  })
})
