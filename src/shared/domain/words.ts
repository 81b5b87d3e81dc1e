/** "1 device", "3 devices": a count with its noun in English, never "device(s)". Regular plurals only. */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** The same for a count already formatted for display ("1", "1,234"), as the screens get theirs. */
export const countShown = (formatted: string, noun: string): string => `${formatted} ${noun}${formatted === '1' ? '' : 's'}`

/**
 * A stored code in the words a person reads (an enum value, an action's name): the lookup for one map.
 * A value the map does not hold (one a later Graph or app version adds) is shown as it is, never hidden.
 */
export const inWords =
  (words: Readonly<Record<string, string>>) =>
  (value: string): string =>
    Object.hasOwn(words, value) ? words[value]! : value
