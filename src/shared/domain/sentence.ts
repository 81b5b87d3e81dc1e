/**
 * Ends a sentence with a full stop unless it already ends with one (or with ! or ?): a sentence that
 * ends with a name such as "Fabrikam, Inc." read "Signed in to Fabrikam, Inc..".
 */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd()
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`
}
