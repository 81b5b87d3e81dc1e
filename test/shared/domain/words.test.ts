import { describe, expect, it } from 'vitest'
import { count, countShown, inWords } from '@shared/domain/words'

describe('words', () => {
  it('counts with a regular English plural', () => {
    expect([0, 1, 2].map((n) => count(n, 'registered device'))).toEqual(['0 registered devices', '1 registered device', '2 registered devices'])
  })

  it('counts a number already formatted for display the same way', () => {
    expect(['0', '1', '1,234'].map((shown) => countShown(shown, 'device'))).toEqual(['0 devices', '1 device', '1,234 devices'])
  })

  it('shows a code in words, and a code it does not know as it is — even one named like an object property', () => {
    const words = inWords({ notAssigned: 'Not assigned' })
    expect(words('notAssigned')).toBe('Not assigned')
    expect(words('someFutureStatus')).toBe('someFutureStatus')
    expect(words('constructor')).toBe('constructor')
    expect(words('toString')).toBe('toString')
  })
})
